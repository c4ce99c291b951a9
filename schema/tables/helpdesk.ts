import { sql } from "drizzle-orm";
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { groups, tenants, USER_LANGUAGES, users } from "./tenancy";

export const CUSTOMER_TIERS = ["standard", "vip"] as const;
export const TICKET_STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const TICKET_TYPES = ["question", "incident", "problem", "complaint", "task"] as const;
export const TICKET_CHANNELS = ["email", "web", "api", "phone", "walk_in", "chat"] as const;
export const MESSAGE_KINDS = ["customer", "reply", "note"] as const;
export const EVENT_TYPES = ["ticket_created", "customer_message", "public_reply", "internal_note", "field_change"] as const;
export const ACTOR_TYPES = ["customer", "agent", "system"] as const;
export const OUTBOUND_STATUSES = ["queued", "sent", "failed", "bounced"] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type ActorType = (typeof ACTOR_TYPES)[number];

export const customers = sqliteTable(
  "customers",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    organization: text("organization"),
    tier: text("tier", { enum: CUSTOMER_TIERS }).notNull().default("standard"),
    notes: text("notes").notNull().default(""),
    /** The customer asked not to get satisfaction surveys. */
    surveyOptOut: integer("survey_opt_out", { mode: "boolean" }).notNull().default(false),
    /** The language of system mail to this customer, chosen by an agent (null: detected from their mail, else the workspace's). */
    language: text("language", { enum: USER_LANGUAGES }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("customers_tenant_id").on(t.tenantId, t.id), index("customers_tenant_created").on(t.tenantId, t.createdAt, t.id)],
);

/** A customer may write from several addresses; an address belongs to one customer per tenant. */
export const customerEmails = sqliteTable(
  "customer_emails",
  {
    tenantId: tenantId(),
    /** Lower-cased. */
    email: text("email").notNull(),
    customerId: text("customer_id").notNull(),
    isPrimary: integer("is_primary", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.email] }),
    index("customer_emails_tenant_customer").on(t.tenantId, t.customerId),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete("cascade"),
  ],
);

export const tickets = sqliteTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    /** Per-tenant sequential number, shown as `#1234`. */
    number: integer("number").notNull(),
    subject: text("subject").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull(),
    priority: text("priority", { enum: TICKET_PRIORITIES }).notNull(),
    type: text("type", { enum: TICKET_TYPES }).notNull(),
    channel: text("channel", { enum: TICKET_CHANNELS }).notNull(),
    requesterId: text("requester_id").notNull(),
    assigneeId: text("assignee_id"),
    groupId: text("group_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    firstResponseAt: instant("first_response_at"),
    solvedAt: instant("solved_at"),
    closedAt: instant("closed_at"),
    /** The closed ticket this one follows up (a customer wrote again after it was closed). */
    followUpOfId: text("follow_up_of_id"),
    /** The support address the ticket came in on; replies are sent from it. */
    supportAddressId: text("support_address_id"),
    /** The solve (its `solved_at`) whose satisfaction survey has been decided: sent or skipped. */
    surveyForSolve: instant("survey_for_solve"),
    /**
     * The ticket this one was merged into (it is closed and its messages moved there). Always one
     * hop: merging a target on repoints the tickets merged into it.
     */
    mergedIntoId: text("merged_into_id"),
    /**
     * Started by automatic mail (an out-of-office or "we got your message" that answered nothing
     * of ours): not work — no SLA clock, kept out of the queues, listed in the Automatic view
     * until an agent treats it as a normal ticket (docs/email.md).
     */
    automatic: integer("automatic", { mode: "boolean" }).notNull().default(false),
    /** When the ticket entered its current status (automations' "hours since pending"; docs/rules.md). */
    statusChangedAt: instant("status_changed_at"),
    /** The customer's last message, and an agent's last public reply (automations' time conditions). */
    lastCustomerMessageAt: instant("last_customer_message_at"),
    lastAgentMessageAt: instant("last_agent_message_at"),
    /** A follow-up task (回访): the ticket it follows up (set by an automation's `create_follow_up`). */
    taskOfId: text("task_of_id"),
    /** A task's due date. */
    dueAt: instant("due_at"),
  },
  (t) => [
    uniqueIndex("tickets_tenant_number").on(t.tenantId, t.number),
    uniqueIndex("tickets_tenant_id").on(t.tenantId, t.id),
    index("tickets_tenant_updated").on(t.tenantId, t.updatedAt, t.id),
    index("tickets_tenant_created").on(t.tenantId, t.createdAt, t.id),
    // A filtered list page (a status, an agent's, a group's, a customer's tickets) in the list's
    // order, updated_at then id: with the id, the index gives the whole ORDER BY and the page
    // stops after LIMIT rows. Without it SQLite walked every ticket of the workspace by
    // (tenant_id, updated_at, id) looking for matches (issue 11).
    index("tickets_tenant_status_updated").on(t.tenantId, t.status, t.updatedAt, t.id),
    index("tickets_tenant_assignee_updated").on(t.tenantId, t.assigneeId, t.updatedAt, t.id),
    index("tickets_tenant_group_updated").on(t.tenantId, t.groupId, t.updatedAt, t.id),
    index("tickets_tenant_requester").on(t.tenantId, t.requesterId, t.updatedAt, t.id),
    // The cron's auto-close: per workspace (each has its own delay), solved tickets by solve time.
    index("tickets_tenant_status_solved").on(t.tenantId, t.status, t.solvedAt),
    // The cron's survey scan: only solves still waiting for their survey decision are indexed.
    index("tickets_survey_pending")
      .on(t.solvedAt)
      .where(sql`${t.solvedAt} is not null and (${t.surveyForSolve} is null or ${t.surveyForSolve} <> ${t.solvedAt})`),
    // The tickets merged into one (repointed when that one is merged on).
    index("tickets_tenant_merged_into").on(t.tenantId, t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    // The Automatic view, in the list's order; the queues skip these few rows.
    index("tickets_tenant_automatic_updated").on(t.tenantId, t.updatedAt, t.id).where(sql`${t.automatic} = 1`),
    // Automatic assignment: a group's tickets waiting for an agent, oldest first, and an agent's
    // open load (the per-agent cap is a count of this range).
    index("tickets_waiting_assignment")
      .on(t.tenantId, t.groupId, t.createdAt)
      .where(sql`${t.assigneeId} is null and ${t.automatic} = 0 and ${t.status} in ('new', 'open')`),
    index("tickets_assignee_open").on(t.tenantId, t.assigneeId).where(sql`${t.automatic} = 0 and ${t.status} in ('new', 'open')`),
    // Automations (the cron): a status's tickets by the moment a time condition counts from, an
    // index range per automation (docs/rules.md "Automations").
    index("tickets_tenant_status_created").on(t.tenantId, t.status, t.createdAt),
    index("tickets_tenant_status_since").on(t.tenantId, t.status, t.statusChangedAt),
    index("tickets_tenant_status_customer_message").on(t.tenantId, t.status, t.lastCustomerMessageAt),
    index("tickets_tenant_status_agent_message").on(t.tenantId, t.status, t.lastAgentMessageAt),
    // A ticket's follow-up tasks.
    index("tickets_tenant_task_of").on(t.tenantId, t.taskOfId).where(sql`${t.taskOfId} is not null`),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.requesterId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }),
  ],
);

export const ticketTags = sqliteTable(
  "ticket_tags",
  {
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    tag: text("tag").notNull(),
    /**
     * The ticket's `updated_at`, copied so a list by tag is a walk of this table in the list's
     * order (index ticket_tags_tenant_tag_updated) that stops when the page is full. Written with
     * the tag; kept equal to the ticket's by triggers (migration 0015).
     */
    updatedAt: instant("updated_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ticketId, t.tag] }),
    index("ticket_tags_tenant_tag_updated").on(t.tenantId, t.tag, t.updatedAt, t.ticketId),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
  ],
);

/** One message on a ticket: what the customer wrote, a public reply, or an internal note. */
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    authorCustomerId: text("author_customer_id"),
    authorUserId: text("author_user_id"),
    bodyText: text("body_text").notNull(),
    bodyHtml: text("body_html"),
    /** RFC 5322 Message-ID (without angle brackets) when the message travelled by email. */
    emailMessageId: text("email_message_id"),
    /** Outlook's conversation key: base64 of the first 22 bytes of the mail's Thread-Index (threading without References). */
    threadKey: text("thread_key"),
    /** Quoted history (earlier messages the sender's client quoted), kept apart so the UI can fold it. */
    quotedText: text("quoted_text"),
    /** Sender as written in the email (address and display name). */
    fromAddress: text("from_address"),
    fromName: text("from_name"),
    /** Auto-replies, out-of-office, list and bulk mail: stored and shown, never answered. */
    automatic: integer("automatic", { mode: "boolean" }).notNull().default(false),
    inboundMessageId: text("inbound_message_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_tenant_id").on(t.tenantId, t.id),
    index("messages_tenant_ticket").on(t.tenantId, t.ticketId, t.createdAt),
    index("messages_tenant_email_message_id").on(t.tenantId, t.emailMessageId),
    index("messages_tenant_thread_key").on(t.tenantId, t.threadKey).where(sql`${t.threadKey} is not null`),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
  ],
);

/**
 * The append-only history of a ticket: messages and every field change, with actor and time.
 * SLA clocks and reports are derived from it. UPDATE is refused by a trigger (migration 0001).
 */
export const ticketEvents = sqliteTable(
  "ticket_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    type: text("type", { enum: EVENT_TYPES }).notNull(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id"),
    field: text("field"),
    oldValue: text("old_value"),
    newValue: text("new_value"),
    messageId: text("message_id"),
    createdAt: createdAt(),
    /** Why a system change was made: `sla_breach:<metric>` for a breach's escalation; null otherwise. */
    reason: text("reason"),
  },
  (t) => [
    index("ticket_events_tenant_ticket").on(t.tenantId, t.ticketId, t.id),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete("cascade"),
  ],
);

/** A file an outbound email carries as a MIME part. */
export interface OutboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
}

/**
 * Every email Kefu promised to send, recorded before it is sent and retried until it is sent
 * or runs out of attempts.
 */
export const outboundMessages = sqliteTable(
  "outbound_messages",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    ticketId: text("ticket_id"),
    messageId: text("message_id"),
    /** What the mail is for: a public reply, an invitation, … */
    purpose: text("purpose").notNull(),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name").notNull(),
    toAddress: text("to_address").notNull(),
    /** Copied addresses (a public reply's CC), in the Cc header. */
    cc: text("cc", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Blind-copied addresses: envelope recipients only, never a header. */
    bcc: text("bcc", { mode: "json" }).$type<string[]>().notNull().default([]),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    bodyHtml: text("body_html"),
    emailMessageId: text("email_message_id").notNull(),
    inReplyTo: text("in_reply_to"),
    /** Space-separated Message-IDs, oldest first, each without angle brackets. */
    references: text("references"),
    /** The conversation key of the Thread-Index this mail carries (base64 of its 22-byte header, see thread-index.ts). */
    threadKey: text("thread_key"),
    /** Extra headers as a JSON object (e.g. Auto-Submitted). */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    /** Files sent as MIME parts, read from R2 at each attempt (larger ones go as links in the body). */
    attachments: text("attachments", { mode: "json" }).$type<OutboundAttachment[]>().notNull().default([]),
    status: text("status", { enum: OUTBOUND_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: instant("next_attempt_at"),
    sentAt: instant("sent_at"),
    /** A delivery-status notification for this message arrived. */
    bouncedAt: instant("bounced_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("outbound_tenant_created").on(t.tenantId, t.createdAt, t.id),
    index("outbound_tenant_email_message_id").on(t.tenantId, t.emailMessageId),
    index("outbound_due").on(t.status, t.nextAttemptAt),
    index("outbound_tenant_ticket").on(t.tenantId, t.ticketId),
    index("outbound_tenant_thread_key").on(t.tenantId, t.threadKey).where(sql`${t.threadKey} is not null`),
  ],
);
