import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Action, Conditions, RuleEvent } from "../../workers/core/rules/rule-schema";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { tenants } from "./tenancy";

/**
 * Triggers (issue 15, docs/rules.md): event rules an admin manages, run in `position` order by the
 * core write that raised one of their `events`. `conditions` and `actions` hold the rules
 * contract's JSON (workers/core/rules/rule-schema.ts) exactly as the API takes it.
 */
export const triggers = sqliteTable(
  "triggers",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Order of evaluation within the workspace (0 first). */
    position: integer("position").notNull(),
    events: text("events", { mode: "json" }).$type<RuleEvent[]>().notNull(),
    conditions: text("conditions", { mode: "json" }).$type<Conditions>().notNull(),
    actions: text("actions", { mode: "json" }).$type<Action[]>().notNull(),
    /** How many times it has fired, and when last (kept by the write that runs it). */
    firedCount: integer("fired_count").notNull().default(0),
    lastFiredAt: instant("last_fired_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("triggers_tenant_id").on(t.tenantId, t.id), index("triggers_tenant_active_position").on(t.tenantId, t.active, t.position)],
);
