import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { instant, tenantId } from "./columns";
import { tenants } from "./tenancy";

/**
 * What a work item is about. `sla_recompute` and `acknowledgement` are owed work: written in the
 * same batch as the change that makes them due, done right after it, finished by the cron if
 * that failed; `inbound_mail` is a stored message whose processing failed, processed again by the cron. The others are cron steps over items found by their own scans; a row only records
 * that the item failed, and keeps the scan away from it until `next_attempt_at`.
 */
export const WORK_KINDS = ["sla_recompute", "acknowledgement", "inbound_mail", "sla_alert", "auto_close", "survey", "outbound_mail", "webhook_delivery", "notification_digest", "automation", "assignment"] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/**
 * Work a workspace is owed, or work that failed for it: one row per (workspace, kind, item).
 * A failure is recorded here with its error, the attempts so far and when it is tried again
 * (backed off), so one workspace's bad data never stops the cron for the others, and that
 * workspace's admins can see why (`GET /background-failures`). The row goes when the work succeeds.
 */
export const workItems = sqliteTable(
  "work_items",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: WORK_KINDS }).notNull(),
    itemId: text("item_id").notNull(),
    /** The ticket the item concerns, when there is one (for the admin's list and links). */
    ticketId: text("ticket_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** When the work was last asked for: clearing it after a success never drops a newer request. */
    owedAt: instant("owed_at").notNull(),
    firstFailedAt: instant("first_failed_at"),
    lastFailedAt: instant("last_failed_at"),
    nextAttemptAt: instant("next_attempt_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind, t.itemId] }),
    index("work_items_due").on(t.kind, t.nextAttemptAt),
    index("work_items_failed").on(t.tenantId, t.lastFailedAt),
  ],
);
