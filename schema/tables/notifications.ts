import { sql } from "drizzle-orm";
import { foreignKey, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId } from "./columns";
import { ACTOR_TYPES, tickets } from "./helpdesk";
import { users } from "./tenancy";

/** What an agent is told about (docs/notifications.md). */
export const NOTIFICATION_KINDS = ["new_ticket", "assigned", "customer_replied", "mention", "sla_warning", "sla_breach", "bad_rating", "rule"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One notice to one agent, written in the same batch as the change it is about. The ticket's
 * number and subject and the actor's name are copied in, so the bell's list is one read.
 * `emailed_at` is set when the notice went out in an email digest (or was not to be emailed).
 * A `rule` notice (a trigger's or an automation's `notify` action) carries the rule's `text`, and
 * the rule's name as `actor_name`.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    ticketId: text("ticket_id").notNull(),
    ticketNumber: integer("ticket_number").notNull(),
    ticketSubject: text("ticket_subject").notNull(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    /** A rule's notice: its words (null for every other kind). */
    text: text("text"),
    createdAt: createdAt(),
    readAt: instant("read_at"),
    emailedAt: instant("emailed_at"),
  },
  (t) => [
    index("notifications_user_created").on(t.tenantId, t.userId, t.createdAt, t.id),
    index("notifications_user_unread").on(t.tenantId, t.userId).where(sql`${t.readAt} is null`),
    index("notifications_unemailed").on(t.createdAt).where(sql`${t.emailedAt} is null`),
    // The foreign key to the ticket: a new or deleted ticket looks its notices up by it (and erasure).
    index("notifications_ticket").on(t.tenantId, t.ticketId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
  ],
);
