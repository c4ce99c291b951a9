import { and, asc, eq, inArray, isNotNull, ne, or, SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import {
  attachments,
  customerEmails,
  customers,
  idempotencyKeys,
  inboundMessages,
  mailDeliveries,
  messages,
  outboundMessages,
  surveys,
  ticketEvents,
  ticketParticipants,
  tickets,
  ticketTags,
  webhookDeliveries,
  type CustomerTier,
  type UserLanguage,
  notifications,
} from "../../../schema";
import type { TenantScope } from "../tenancy/scope";
import { getCustomer } from "./customer-store";
import { ERASED_CUSTOMER_NAME, ERASED_TEXT, erasedCustomerFields, redactJson, subjectForms } from "./erasure";

/**
 * Customer data rights: everything the workspace holds about one customer, as JSON, and the
 * erasure of their personal data. See "Customer data rights" in docs/architecture.md.
 */

/** The customer's tickets (they are the requester), as a subquery. */
const ticketsOf = (scope: TenantScope, customerId: string) =>
  scope.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.tenantId, scope.tenantId), eq(tickets.requesterId, customerId)));

/** Messages the customer wrote, on their own tickets or on others' (copied in), as a subquery. */
const messagesBy = (scope: TenantScope, customerId: string) =>
  scope.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.tenantId, scope.tenantId), eq(messages.authorCustomerId, customerId)));

/** Messages on the customer's tickets plus the ones they wrote elsewhere. */
const messageScope = (scope: TenantScope, customerId: string) =>
  and(eq(messages.tenantId, scope.tenantId), or(inArray(messages.ticketId, ticketsOf(scope, customerId)), eq(messages.authorCustomerId, customerId)))!;

/** The marker erasure leaves on inbound records, so a second erasure finds them again. */
const erasedMarker = (customerId: string) => `erased ${customerId}`;

/**
 * Inbound mail records about the customer: on their tickets, carrying their messages, sent from
 * one of their addresses, or already erased for them.
 */
function inboundScope(scope: TenantScope, customerId: string, emails: string[]): SQL {
  const from: SQL[] = emails.length
    ? [inArray(sql`lower(${inboundMessages.fromAddress})`, emails), inArray(sql`lower(${inboundMessages.envelopeFrom})`, emails)]
    : [];
  return and(
    eq(inboundMessages.tenantId, scope.tenantId),
    or(
      inArray(inboundMessages.ticketId, ticketsOf(scope, customerId)),
      inArray(inboundMessages.messageId, messagesBy(scope, customerId)),
      eq(inboundMessages.detail, erasedMarker(customerId)),
      ...from,
    ),
  )!;
}

/** Mail Kefu sent about the customer's tickets or to one of their addresses. */
function outboundScope(scope: TenantScope, customerId: string, emails: string[]): SQL {
  return and(
    eq(outboundMessages.tenantId, scope.tenantId),
    or(inArray(outboundMessages.ticketId, ticketsOf(scope, customerId)), ...(emails.length ? [inArray(sql`lower(${outboundMessages.toAddress})`, emails)] : [])),
  )!;
}

const surveyScope = (scope: TenantScope, customerId: string) =>
  and(eq(surveys.tenantId, scope.tenantId), or(eq(surveys.customerId, customerId), inArray(surveys.ticketId, ticketsOf(scope, customerId))))!;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

// ── Export ──────────────────────────────────────────────────────────────────────────────

export interface CustomerExport {
  exportedAt: string;
  customer: {
    id: string;
    name: string;
    emails: string[];
    organization: string | null;
    tier: CustomerTier;
    notes: string;
    surveyOptOut: boolean;
    language: UserLanguage | null;
    createdAt: string;
    updatedAt: string;
  };
  tickets: ExportedTicket[];
  /** Messages the customer wrote on tickets someone else requested (they were copied in). */
  messagesOnOtherTickets: (ExportedMessage & { ticketId: string })[];
  inboundMail: { id: string; receivedAt: string; fromAddress: string | null; envelopeFrom: string; subject: string | null; status: string; ticketId: string | null }[];
  outboundMail: { id: string; purpose: string; toAddress: string; subject: string; status: string; createdAt: string; sentAt: string | null; ticketId: string | null }[];
}

export interface ExportedMessage {
  id: string;
  kind: "customer" | "reply";
  fromAddress: string | null;
  fromName: string | null;
  bodyText: string;
  bodyHtml: string | null;
  quotedText: string | null;
  automatic: boolean;
  createdAt: string;
}

export interface ExportedTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  type: string;
  channel: string;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  followUpOfId: string | null;
  tags: string[];
  /** The customer's messages and the public replies to them; internal notes are not included. */
  messages: ExportedMessage[];
  /** How many internal notes the ticket has (their text is the workspace's, not exported). */
  internalNoteCount: number;
  attachments: { id: string; messageId: string; filename: string; contentType: string; size: number; stored: boolean; droppedReason: string | null; createdAt: string }[];
  participants: { email: string; name: string }[];
  satisfaction: { id: string; scale: string; rating: number | null; comment: string | null; sentAt: string; answeredAt: string | null; solvedAt: string }[];
}

const toMessage = (m: typeof messages.$inferSelect): ExportedMessage => ({
  id: m.id,
  kind: m.kind === "customer" ? "customer" : "reply",
  fromAddress: m.fromAddress,
  fromName: m.fromName,
  bodyText: m.bodyText,
  bodyHtml: m.bodyHtml,
  quotedText: m.quotedText,
  automatic: m.automatic,
  createdAt: m.createdAt.toISOString(),
});

/** Everything the workspace holds about a customer (404 for an id not in the workspace). */
export async function exportCustomer(scope: TenantScope, customerId: string, now = new Date()): Promise<CustomerExport> {
  const customer = await getCustomer(scope, customerId);
  const { db, tenantId } = scope;
  const [ticketRows, tagRows, messageRows, attachmentRows, participantRows, surveyRows, inboundRows, outboundRows] = await db.batch([
    db.query.tickets.findMany({ where: and(eq(tickets.tenantId, tenantId), eq(tickets.requesterId, customerId)), orderBy: [asc(tickets.number)] }),
    db.query.ticketTags.findMany({ where: and(eq(ticketTags.tenantId, tenantId), inArray(ticketTags.ticketId, ticketsOf(scope, customerId))), orderBy: [asc(ticketTags.tag)] }),
    db.query.messages.findMany({ where: messageScope(scope, customerId), orderBy: [asc(messages.createdAt), asc(messages.id)] }),
    db.query.attachments.findMany({
      where: and(eq(attachments.tenantId, tenantId), or(inArray(attachments.ticketId, ticketsOf(scope, customerId)), inArray(attachments.messageId, messagesBy(scope, customerId)))),
      orderBy: [asc(attachments.createdAt), asc(attachments.id)],
    }),
    db.query.ticketParticipants.findMany({
      where: and(eq(ticketParticipants.tenantId, tenantId), inArray(ticketParticipants.ticketId, ticketsOf(scope, customerId))),
      orderBy: [asc(ticketParticipants.createdAt), asc(ticketParticipants.email)],
    }),
    db.query.surveys.findMany({ where: surveyScope(scope, customerId), orderBy: [asc(surveys.createdAt)] }),
    db.query.inboundMessages.findMany({ where: inboundScope(scope, customerId, customer.emails), orderBy: [asc(inboundMessages.receivedAt), asc(inboundMessages.id)] }),
    db.query.outboundMessages.findMany({ where: outboundScope(scope, customerId, customer.emails), orderBy: [asc(outboundMessages.createdAt), asc(outboundMessages.id)] }),
  ]);
  const ownTickets = new Set(ticketRows.map((t) => t.id));
  const by = <T extends { ticketId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.ticketId, [...(map.get(row.ticketId) ?? []), row]);
    return map;
  };
  const tags = by(tagRows);
  const ticketMessages = by(messageRows.filter((m) => ownTickets.has(m.ticketId)));
  const ticketAttachments = by(attachmentRows);
  const participants = by(participantRows);
  const ticketSurveys = by(surveyRows);
  return {
    exportedAt: now.toISOString(),
    customer: {
      id: customer.id,
      name: customer.name,
      emails: customer.emails,
      organization: customer.organization,
      tier: customer.tier,
      notes: customer.notes,
      surveyOptOut: customer.surveyOptOut,
      language: customer.language,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    },
    tickets: ticketRows.map((t) => {
      const all = ticketMessages.get(t.id) ?? [];
      return {
        id: t.id,
        number: t.number,
        subject: t.subject,
        status: t.status,
        priority: t.priority,
        type: t.type,
        channel: t.channel,
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
        firstResponseAt: iso(t.firstResponseAt),
        solvedAt: iso(t.solvedAt),
        closedAt: iso(t.closedAt),
        followUpOfId: t.followUpOfId,
        tags: (tags.get(t.id) ?? []).map((row) => row.tag),
        messages: all.filter((m) => m.kind !== "note").map(toMessage),
        internalNoteCount: all.filter((m) => m.kind === "note").length,
        attachments: (ticketAttachments.get(t.id) ?? []).map((a) => ({
          id: a.id,
          messageId: a.messageId,
          filename: a.filename,
          contentType: a.contentType,
          size: a.size,
          stored: a.storageKey !== null,
          droppedReason: a.droppedReason,
          createdAt: a.createdAt.toISOString(),
        })),
        participants: (participants.get(t.id) ?? []).map((p) => ({ email: p.email, name: p.name })),
        satisfaction: (ticketSurveys.get(t.id) ?? []).map((s) => ({
          id: s.id,
          scale: s.scale,
          rating: s.rating,
          comment: s.comment,
          sentAt: s.createdAt.toISOString(),
          answeredAt: iso(s.answeredAt),
          solvedAt: s.solvedAt.toISOString(),
        })),
      };
    }),
    messagesOnOtherTickets: messageRows.filter((m) => !ownTickets.has(m.ticketId)).map((m) => ({ ...toMessage(m), ticketId: m.ticketId })),
    inboundMail: inboundRows.map((m) => ({
      id: m.id,
      receivedAt: m.receivedAt.toISOString(),
      fromAddress: m.fromAddress,
      envelopeFrom: m.envelopeFrom,
      subject: m.subject,
      status: m.status,
      ticketId: m.ticketId,
    })),
    outboundMail: outboundRows.map((m) => ({
      id: m.id,
      purpose: m.purpose,
      toAddress: m.toAddress,
      subject: m.subject,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
      sentAt: iso(m.sentAt),
      ticketId: m.ticketId,
    })),
  };
}

// ── Erasure ─────────────────────────────────────────────────────────────────────────────

export interface ErasureSummary {
  customerId: string;
  erasedAt: string;
  /** Tickets kept, with their subject and every message body replaced by "[erased]". */
  ticketsAnonymised: number;
  messagesErased: number;
  attachmentsRemoved: number;
  inboundMailErased: number;
  outboundMailErased: number;
  /** Survey answers kept for the reports (their comments removed). */
  ratingsKept: number;
  /** Objects removed from R2: raw mail and attachment files. */
  storedFilesDeleted: number;
}

/**
 * Erases a customer's personal data and keeps what the reports count. One atomic D1 batch
 * rewrites and deletes the rows; then the R2 objects go. Running it again is harmless and
 * finishes an erasure whose R2 step failed (inbound records keep their raw key and a marker).
 */
export async function eraseCustomer(scope: TenantScope, blobs: R2Bucket, customerId: string, now = new Date()): Promise<ErasureSummary> {
  const customer = await getCustomer(scope, customerId);
  const { db, tenantId } = scope;
  const emails = customer.emails.map((e) => e.toLowerCase());
  const theirTickets = ticketsOf(scope, customerId);
  const theirMessages = messageScope(scope, customerId);
  const inbound = inboundScope(scope, customerId, emails);
  const outbound = outboundScope(scope, customerId, emails);
  const attachmentScope = and(eq(attachments.tenantId, tenantId), or(inArray(attachments.ticketId, theirTickets), inArray(attachments.messageId, messagesBy(scope, customerId))))!;

  // Webhook bodies carry ticket subjects: redacted in JS, written in the same batch.
  const webhookRewrites = await webhookBodiesToRedact(scope, customerId);

  // Events of the affected tickets and messages: their search rows go (the history itself stays).
  const affectedEvents = db
    .select({ id: ticketEvents.id })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.tenantId, tenantId), or(inArray(ticketEvents.ticketId, theirTickets), inArray(ticketEvents.messageId, messagesBy(scope, customerId)))));
  const forgetSearchRows = () => sql`DELETE FROM ticket_search WHERE rowid IN ${affectedEvents}`;

  const statements: Buildable[] = [
    // Read inside the batch, so what is deleted from R2 is exactly what the batch let go of.
    sql`select ${attachments.storageKey} as key from ${attachments} where ${attachmentScope}`,
    sql`select ${inboundMessages.id} as id, ${inboundMessages.rawKey} as rawKey from ${inboundMessages} where ${inbound}`,
    sql`select count(*) as n from ${messages} where ${and(theirMessages, ne(messages.bodyText, ERASED_TEXT))}`,
    sql`select count(*) as n from ${outboundMessages} where ${and(outbound, ne(outboundMessages.subject, ERASED_TEXT))}`,
    sql`select count(*) as n from ${surveys} where ${and(surveyScope(scope, customerId), isNotNull(surveys.rating))}`,
    sql`select count(*) as n from ${tickets} where ${and(eq(tickets.tenantId, tenantId), eq(tickets.requesterId, customerId))}`,
    forgetSearchRows(),
    // The history refuses UPDATE; the subject values are rewritten by replacing those rows with
    // copies (same id, type, actor, time) holding the placeholder. Nothing else in it is personal.
    sql`INSERT OR REPLACE INTO ticket_events (id, tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
      SELECT id, tenant_id, ticket_id, type, actor_type, actor_id, field,
             CASE WHEN old_value IS NULL THEN NULL ELSE ${ERASED_TEXT} END,
             CASE WHEN new_value IS NULL THEN NULL ELSE ${ERASED_TEXT} END,
             message_id, created_at
      FROM ticket_events
      WHERE tenant_id = ${tenantId} AND field = 'subject' AND ticket_id IN ${theirTickets}
        AND (coalesce(old_value, ${ERASED_TEXT}) <> ${ERASED_TEXT} OR coalesce(new_value, ${ERASED_TEXT}) <> ${ERASED_TEXT})`,
    db.delete(attachments).where(attachmentScope),
    db
      .update(messages)
      .set({ bodyText: ERASED_TEXT, bodyHtml: null, quotedText: null, fromAddress: null, fromName: null })
      .where(theirMessages),
    db.update(tickets).set({ subject: ERASED_TEXT, updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.requesterId, customerId), ne(tickets.subject, ERASED_TEXT))),
    // The rewritten subject events were indexed again on insert: forget them too.
    forgetSearchRows(),
    db
      .delete(ticketParticipants)
      .where(and(eq(ticketParticipants.tenantId, tenantId), or(inArray(ticketParticipants.ticketId, theirTickets), ...(emails.length ? [inArray(ticketParticipants.email, emails)] : [])))),
    db.update(surveys).set({ comment: null }).where(surveyScope(scope, customerId)),
    // Agents' notices copy the ticket's subject and the customer's name.
    db.update(notifications).set({ ticketSubject: ERASED_TEXT }).where(and(eq(notifications.tenantId, tenantId), inArray(notifications.ticketId, theirTickets))),
    db
      .update(notifications)
      .set({ actorName: ERASED_CUSTOMER_NAME })
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.actorType, "customer"), eq(notifications.actorId, customerId))),
    db
      .update(mailDeliveries)
      .set({ envelopeFrom: "", detail: null })
      .where(
        and(
          eq(mailDeliveries.tenantId, tenantId),
          or(
            inArray(mailDeliveries.ticketId, theirTickets),
            inArray(mailDeliveries.inboundMessageId, db.select({ id: inboundMessages.id }).from(inboundMessages).where(inbound)),
            ...(emails.length ? [inArray(sql`lower(${mailDeliveries.envelopeFrom})`, emails)] : []),
          ),
        ),
      ),
    db.update(inboundMessages).set({ envelopeFrom: "", fromAddress: null, subject: null, detail: erasedMarker(customerId) }).where(inbound),
    // Mail not yet sent to them is not sent any more.
    db
      .update(outboundMessages)
      .set({ status: "failed", nextAttemptAt: null, lastError: "The recipient was erased", updatedAt: now })
      .where(and(outbound, or(eq(outboundMessages.status, "queued"), and(eq(outboundMessages.status, "failed"), isNotNull(outboundMessages.nextAttemptAt))))),
    // Outlook's Thread-Topic header repeats the subject.
    db
      .update(outboundMessages)
      .set({ toAddress: "", subject: ERASED_TEXT, bodyText: ERASED_TEXT, bodyHtml: null, headers: sql`json_remove(${outboundMessages.headers}, '$."Thread-Topic"')` })
      .where(outbound),
    ...webhookRewrites.map(({ id, body }) => db.update(webhookDeliveries).set({ body }).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)))),
    db.delete(customerEmails).where(and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, customerId))),
    // Answers kept for Idempotency-Key replays (a day at most) may quote them; which ones is not
    // known without reading them all, so the workspace's are dropped (only replays are lost).
    db.delete(idempotencyKeys).where(eq(idempotencyKeys.tenantId, tenantId)),
    db
      .update(customers)
      .set({ ...erasedCustomerFields(), updatedAt: now })
      .where(
        and(
          eq(customers.tenantId, tenantId),
          eq(customers.id, customerId),
          or(ne(customers.name, ERASED_CUSTOMER_NAME), isNotNull(customers.organization), ne(customers.notes, ""), eq(customers.surveyOptOut, false)),
        ),
      ),
  ];
  // Run on D1 directly: drizzle's batch cannot carry raw statements with parameters.
  const results = await db.$client.batch(statements.map((q) => prepare(db.$client, q)));
  const rowsOf = <T>(i: number) => (results[i]?.results ?? []) as T[];
  const attachmentRows = rowsOf<{ key: string | null }>(0);
  const attachmentKeys = attachmentRows.map((r) => r.key).filter((k): k is string => k !== null);
  const inboundRows = rowsOf<{ id: string; rawKey: string }>(1);
  const count = (i: number) => Number(rowsOf<{ n: number }>(i)[0]?.n ?? 0);

  // R2 after D1: files named by the batch, plus every attachment filed under their inbound mail.
  const keys = new Set([...attachmentKeys, ...inboundRows.map((r) => r.rawKey)]);
  for (const { id } of inboundRows) for (const key of await listKeys(blobs, `att/${tenantId}/${id}/`)) keys.add(key);
  const all = [...keys];
  for (let i = 0; i < all.length; i += 1000) await blobs.delete(all.slice(i, i + 1000));

  return {
    customerId,
    erasedAt: now.toISOString(),
    ticketsAnonymised: count(5),
    messagesErased: count(2),
    attachmentsRemoved: attachmentRows.length,
    inboundMailErased: inboundRows.length,
    outboundMailErased: count(3),
    ratingsKept: count(4),
    storedFilesDeleted: all.length,
  };
}

type Buildable = SQL | { toSQL(): { sql: string; params: unknown[] } };
const dialect = new SQLiteSyncDialect();

/** A drizzle query or SQL fragment as a bound D1 statement. */
function prepare(d1: D1Database, query: Buildable): D1PreparedStatement {
  const { sql: text, params } = query instanceof SQL ? dialect.sqlToQuery(query) : query.toSQL();
  return d1.prepare(text).bind(...params);
}

async function listKeys(blobs: R2Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await blobs.list({ prefix, cursor });
    keys.push(...page.objects.map((o: { key: string }) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/** Webhook deliveries about the customer's tickets (they name the ticket's id), with the subjects replaced. */
async function webhookBodiesToRedact(scope: TenantScope, customerId: string) {
  const rows = await scope.db
    .select({ id: webhookDeliveries.id, body: webhookDeliveries.body, subject: tickets.subject })
    .from(webhookDeliveries)
    .innerJoin(tickets, and(eq(tickets.tenantId, webhookDeliveries.tenantId), eq(tickets.requesterId, customerId), sql`instr(${webhookDeliveries.body}, ${tickets.id}) > 0`))
    .where(eq(webhookDeliveries.tenantId, scope.tenantId));
  const rewrites: { id: string; body: string }[] = [];
  for (const row of rows) {
    const body = redactJson(row.body, subjectForms(row.subject));
    if (body !== row.body) rewrites.push({ id: row.id, body });
  }
  return rewrites;
}
