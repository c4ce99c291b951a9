import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, tenantId } from "./columns";
import { tenants } from "./tenancy";

export const AUDIT_ACTOR_VIA = ["session", "token"] as const;
export type AuditActorVia = (typeof AUDIT_ACTOR_VIA)[number];

/**
 * One admin action that succeeded: who (by id and by name at the time), what (the route's
 * OpenAPI template, e.g. `PATCH /sla-policies/{id}`), when, and the resource before and after,
 * with secrets redacted. Append-only (a trigger refuses UPDATE); rows go with their workspace.
 * The actor is not a foreign key: the log outlives what it describes.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").notNull(),
    actorName: text("actor_name").notNull(),
    actorVia: text("actor_via", { enum: AUDIT_ACTOR_VIA }).notNull(),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    status: integer("status").notNull(),
    requestId: text("request_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_tenant_created").on(t.tenantId, t.createdAt, t.id)],
);
