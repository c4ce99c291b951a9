import { foreignKey, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { tenants } from "./tenancy";

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
/** SLA alerts (the cron) and ticket events (the write that raised them, as triggers see them: docs/rules.md). */
export const WEBHOOK_EVENTS = [
  "sla.warning",
  "sla.breach",
  "ticket.created",
  "ticket.customer_replied",
  "ticket.agent_replied",
  "ticket.note_added",
  "ticket.updated",
  "ticket.solved",
  "ticket.reopened",
  "ticket.rating_received",
] as const;
export const WEBHOOK_DELIVERY_STATUSES = ["queued", "sent", "failed"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Where a workspace wants its alerts posted, and the secret their HMAC signature uses. */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    format: text("format", { enum: WEBHOOK_FORMATS }).notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEvent[]>().notNull(),
    secret: text("secret").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("webhooks_tenant_id").on(t.tenantId, t.id)],
);

/** Every webhook call Kefu promised, recorded before it is made and retried like mail. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    webhookId: text("webhook_id").notNull(),
    event: text("event", { enum: WEBHOOK_EVENTS }).notNull(),
    /** The exact body that is signed and posted. */
    body: text("body").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    lastError: text("last_error"),
    nextAttemptAt: instant("next_attempt_at"),
    sentAt: instant("sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_tenant_webhook").on(t.tenantId, t.webhookId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.webhookId], foreignColumns: [webhooks.tenantId, webhooks.id] }).onDelete("cascade"),
  ],
);
