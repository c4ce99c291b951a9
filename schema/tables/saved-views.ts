import { foreignKey, index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, tenantId, updatedAt } from "./columns";
import { tenants, users } from "./tenancy";

/**
 * A named ticket-list query (docs/web.md, saved views): personal when `owner_id` is set,
 * shared with the whole workspace when it is null (only admins make those). `filters` is the
 * list's query as JSON (status, priority, type, groupId, assigneeId, tag, q, sla, sort, order);
 * `columns` the ticket table's columns it shows, in order (JSON list; null: the table's default).
 */
export const savedViews = sqliteTable(
  "saved_views",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    ownerId: text("owner_id"),
    name: text("name").notNull(),
    filters: text("filters", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    columns: text("columns", { mode: "json" }).$type<string[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("saved_views_tenant_owner").on(t.tenantId, t.ownerId),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);
