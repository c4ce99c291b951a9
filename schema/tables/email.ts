import { sql } from "drizzle-orm";
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { messages, tickets, TICKET_PRIORITIES } from "./helpdesk";
import { groups, tenants } from "./tenancy";

/** What became of one inbound delivery (one row per delivery attempt in `mail_deliveries`). */
export const DELIVERY_OUTCOMES = [
  "ticket_created",
  "appended",
  "duplicate",
  "automatic",
  "bounce",
  "spam",
  "verification",
  "rejected",
  "quarantined",
  /** Stored, but processing failed: recorded for the admins and retried by the cron (never lost). */
  "deferred",
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** The lifecycle of a stored inbound message. `received` means stored but not (yet) processed. */
export const INBOUND_STATUSES = ["received", "processed", "automatic", "bounce", "spam", "verification", "quarantined"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/**
 * A support address (channel): where customers write. Every workspace has a built-in one on the
 * service's mail domain; custom ones (support@acme.com) are forwarded to the built-in one or
 * routed to the Worker directly.
 */
export const supportAddresses = sqliteTable(
  "support_addresses",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    /**
     * Lower-case. Several workspaces may claim an address; only a verified claim routes mail, so
     * a verified address is unique across the service (and a workspace claims it once).
     */
    address: text("address").notNull(),
    displayName: text("display_name").notNull(),
    builtIn: integer("built_in", { mode: "boolean" }).notNull().default(false),
    defaultGroupId: text("default_group_id"),
    defaultPriority: text("default_priority", { enum: TICKET_PRIORITIES }).notNull().default("normal"),
    /** `support+1234@…` threads into ticket #1234. */
    plusAddressing: integer("plus_addressing", { mode: "boolean" }).notNull().default(true),
    autoAckEnabled: integer("auto_ack_enabled", { mode: "boolean" }).notNull().default(true),
    autoAckSubject: text("auto_ack_subject").notNull(),
    autoAckBody: text("auto_ack_body").notNull(),
    /** The Chinese acknowledgement (null: the built-in Chinese default); the two above are the English one. */
    autoAckSubjectZh: text("auto_ack_subject_zh"),
    autoAckBodyZh: text("auto_ack_body_zh"),
    /** Secret sent in the forwarding check mail; seeing it come back proves forwarding works. */
    verificationCode: text("verification_code").notNull(),
    verifiedAt: instant("verified_at"),
    lastReceivedAt: instant("last_received_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("support_addresses_tenant_id").on(t.tenantId, t.id),
    uniqueIndex("support_addresses_tenant_address").on(t.tenantId, t.address),
    uniqueIndex("support_addresses_verified_address").on(t.address).where(sql`verified_at is not null`),
    index("support_addresses_tenant_created").on(t.tenantId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.defaultGroupId], foreignColumns: [groups.tenantId, groups.id] }),
  ],
);

/**
 * Every message the system accepted, stored (raw bytes in R2) before it is processed. The
 * dedupe key (Message-ID, plus the content hash when another message used that id; the content
 * hash alone when there is none) makes redelivery a no-op.
 */
export const inboundMessages = sqliteTable(
  "inbound_messages",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    supportAddressId: text("support_address_id"),
    dedupeKey: text("dedupe_key").notNull(),
    /** SHA-256 of what the sender wrote (content-fingerprint.ts): tells a re-delivery from another message reusing a Message-ID. Null on rows from before it. */
    contentHash: text("content_hash"),
    /** The earlier message that used the same Message-ID for different content (this one was processed as a message of its own). */
    messageIdReusedOf: text("message_id_reused_of"),
    envelopeFrom: text("envelope_from").notNull(),
    envelopeTo: text("envelope_to").notNull(),
    rawKey: text("raw_key").notNull(),
    rawSize: integer("raw_size").notNull(),
    status: text("status", { enum: INBOUND_STATUSES }).notNull(),
    /** Why it is quarantined or flagged (parse error, spam rule, automatic-mail signals). */
    detail: text("detail"),
    fromAddress: text("from_address"),
    subject: text("subject"),
    ticketId: text("ticket_id"),
    messageId: text("message_id"),
    receivedAt: instant("received_at").notNull(),
    processedAt: instant("processed_at"),
  },
  (t) => [
    uniqueIndex("inbound_messages_tenant_dedupe").on(t.tenantId, t.dedupeKey),
    uniqueIndex("inbound_messages_tenant_id").on(t.tenantId, t.id),
    index("inbound_messages_tenant_status").on(t.tenantId, t.status, t.receivedAt),
  ],
);

/** One row per delivery attempt with its outcome, including rejected mail (no tenant). */
export const mailDeliveries = sqliteTable(
  "mail_deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    envelopeFrom: text("envelope_from").notNull(),
    envelopeTo: text("envelope_to").notNull(),
    rawSize: integer("raw_size").notNull(),
    outcome: text("outcome", { enum: DELIVERY_OUTCOMES }).notNull(),
    inboundMessageId: text("inbound_message_id"),
    ticketId: text("ticket_id"),
    detail: text("detail"),
    createdAt: createdAt(),
  },
  (t) => [index("mail_deliveries_tenant_created").on(t.tenantId, t.createdAt)],
);

/** A file that came with a message. Stored in R2 unless dropped (then `droppedReason` says why). */
export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    messageId: text("message_id").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** Content-ID (without brackets) of an inline image, referenced from the HTML as cid:… */
    contentId: text("content_id"),
    inline: integer("inline", { mode: "boolean" }).notNull().default(false),
    storageKey: text("storage_key"),
    droppedReason: text("dropped_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("attachments_tenant_id").on(t.tenantId, t.id),
    index("attachments_tenant_message").on(t.tenantId, t.messageId),
    // A ticket's attachments (GET /tickets/{id}/attachments), in order, without reading the workspace's.
    index("attachments_tenant_ticket").on(t.tenantId, t.ticketId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete("cascade"),
  ],
);

/**
 * A file an agent uploaded for a reply or note not yet sent (POST /uploads). Sending the message
 * turns it into an `attachments` row with the same storage key and deletes this row; the cron
 * deletes what was never sent (row and R2 object) after `expiresAt`.
 */
export const uploads = sqliteTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    /** Who uploaded it: only they can send it. */
    userId: text("user_id").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [uniqueIndex("uploads_tenant_id").on(t.tenantId, t.id), index("uploads_expires").on(t.expiresAt)],
);

/** People copied on a ticket (CC). They may reply into it like the requester. */
export const ticketParticipants = sqliteTable(
  "ticket_participants",
  {
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ticketId, t.email] }),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
  ],
);

/** Per-workspace block list: an address (`a@b.example`) or a whole domain (`@b.example`). */
export const spamBlocklist = sqliteTable(
  "spam_blocklist",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    pattern: text("pattern").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.pattern] })],
);
