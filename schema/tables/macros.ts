import { sql } from "drizzle-orm";
import { foreignKey, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Action } from "../../workers/core/rules/rule-schema";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { tenants, users } from "./tenancy";

/** What a macro's text becomes in the composer: a public reply or an internal note. */
export const MACRO_REPLY_KINDS = ["reply", "note"] as const;
export type MacroReplyKind = (typeof MACRO_REPLY_KINDS)[number];

/**
 * Macros (issue 15, docs/rules.md "Macros"): a named set of field actions (the rules contract's
 * `Action` JSON) plus reply text with placeholders, applied by an agent from the composer or in
 * bulk. Personal when `owner_id` is set (only its owner sees and uses it), shared with the whole
 * workspace when null (admins manage those). Standard replies became shared macros without
 * actions (migration `macros`); the old `standard_replies` table is left in place, unused.
 */
export const macros = sqliteTable(
  "macros",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    ownerId: text("owner_id"),
    title: text("title").notNull(),
    replyText: text("reply_text").notNull().default(""),
    replyKind: text("reply_kind", { enum: MACRO_REPLY_KINDS }).notNull().default("reply"),
    actions: text("actions", { mode: "json" }).$type<Action[]>().notNull().default(sql`'[]'`),
    /** How many times it was applied (a bulk apply counts each ticket), and when last: kept by the apply's own batch. */
    usageCount: integer("usage_count").notNull().default(0),
    lastUsedAt: instant("last_used_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("macros_tenant_id").on(t.tenantId, t.id),
    index("macros_tenant_owner").on(t.tenantId, t.ownerId),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);
