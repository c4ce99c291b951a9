import { and, asc, eq, sql } from "drizzle-orm";
import { customers, messages, outboundMessages, rateLimits, supportAddresses, tickets } from "../../../schema";
import { counter, hitStatement, limitState, type Counter } from "../auth/rate-limit";
import { readAll, runBatch, type Db } from "../db";
import { promisedFirstReply } from "../sla/promised-reply";
import type { TenantScope } from "../tenancy/scope";
import { getTenant, type Tenant } from "../tenancy/tenant";
import { firstName } from "../tickets/templates";
import { formatTicketRef } from "../tickets/ticket-ref";
import { getTicket } from "../tickets/ticket-store";
import { clearWork, type WorkRef } from "../work/work-items";
import { ackTemplate } from "./ack-templates";
import { ACKS_PER_SENDER, AUTOMATIC_MAIL_HEADERS, composeAcknowledgement } from "./acknowledgement";
import { newMessageId } from "./addresses";
import { mailLanguage, type MailLanguage } from "./mail-language";
import type { MailSettings } from "./mailer";
import { deliver, queuedRecord, type OutboundRecord } from "./outbox";
import { ensureBuiltInAddress, type SupportAddress } from "./support-addresses";
import { normalizeMessageId } from "./threading";

/** What an acknowledgement needs to know about the new ticket and its first mail. */
export interface AckRequest {
  tenant: Pick<Tenant, "id" | "name">;
  /** The support address the customer wrote to (the acknowledgement comes from it). */
  channel: SupportAddress;
  /** Without a number when the batch that records the acknowledgement assigns it (a new ticket's). */
  ticket: { id: string; number?: number; subject: string };
  customerName: string;
  to: string;
  inReplyTo: string | null | undefined;
  /** The first-reply deadline in words (`{{sla.first_reply_due}}`). */
  promised: string;
  /** The customer's mail language (mail-language.ts): the address's template in it is sent. */
  language: MailLanguage;
}

/**
 * An owed acknowledgement: what versions before 2026-12-06 recorded in the batch that created the
 * ticket, and sent after it. The cron still finishes those (`retryAcknowledgement`); a new
 * ticket's acknowledgement is now recorded as mail in that batch (`acknowledgementStatements`),
 * and the outbox retries it like any other.
 */
export const ackWork = (tenantId: string, ticketId: string): WorkRef => ({ tenantId, kind: "acknowledgement", itemId: ticketId, ticketId });

/** The sender's acknowledgement counter (at most ACKS_PER_SENDER an hour: two auto-responders cannot loop). */
export const ackCounter = (tenantId: string, to: string) => counter(ACKS_PER_SENDER, `${tenantId}\n${to}`);

/** The read of the counter's window, for a caller's batch; `ackAllowed` its verdict. */
export const ackWindowQuery = (db: Db, ack: Counter) => db.select({ count: rateLimits.count, windowStart: rateLimits.windowStart }).from(rateLimits).where(eq(rateLimits.key, ack.key));
export const ackAllowed = (rows: { count: number; windowStart: Date }[], now: Date) => limitState(ACKS_PER_SENDER, rows[0], now.getTime()).remaining > 0;

/**
 * The acknowledgement's statements, for the batch that creates the ticket: the sender's counter
 * hit and the mail recorded (from the address the customer wrote to; marked automatic:
 * Auto-Submitted, X-Loop), so it is promised atomically with the ticket and needs no round trip of
 * its own. That batch assigns the ticket's number: the mail is composed with a run of random digits
 * in its place, which the insert replaces with the number (in the subject, the body and the
 * headers' Thread-Topic). `recorded(results)` is the row as the batch stored it, to send; none when
 * it was recorded before (the outbound id comes from the ticket, so a retry never sends twice).
 */
export function acknowledgementStatements(db: Db, mail: Pick<MailSettings, "mailDomain">, request: AckRequest, ack: Counter, now: Date) {
  const { tenant, channel, ticket, to } = request;
  const stand = ticket.number ?? standInNumber();
  const { subject, text } = composeAcknowledgement(ackTemplate(channel, request.language), {
    "customer.name": request.customerName,
    "customer.first_name": firstName(request.customerName),
    "customer.email": to,
    "ticket.number": formatTicketRef(stand),
    "ticket.subject": ticket.subject,
    "agent.name": channel.displayName,
    "workspace.name": tenant.name,
    "sla.first_reply_due": request.promised,
  });
  const parent = normalizeMessageId(request.inReplyTo ?? undefined);
  const id = `out_ack_${ticket.id.slice(ticket.id.indexOf("_") + 1)}`;
  const record = queuedRecord({
    id,
    tenantId: tenant.id,
    ticketId: ticket.id,
    purpose: "acknowledgement",
    fromAddress: channel.address,
    fromName: channel.displayName,
    toAddress: to,
    replyTo: channel.address,
    subject,
    bodyText: text,
    emailMessageId: newMessageId(mail.mailDomain),
    inReplyTo: parent,
    references: parent,
    headers: AUTOMATIC_MAIL_HEADERS,
    createdAt: now,
  });
  const numbered = (value: string) => sql`replace(${value}, ${stand}, (select ${tickets.number} from ${tickets} where ${tickets.tenantId} = ${tenant.id} and ${tickets.id} = ${ticket.id}))`;
  const values = ticket.number === undefined ? { ...record, subject: numbered(record.subject), bodyText: numbered(record.bodyText), headers: numbered(JSON.stringify(record.headers)) } : record;
  const insert = db.insert(outboundMessages).values(values).onConflictDoNothing().returning();
  return {
    statements: [hitStatement(db, ack, now.getTime()), insert],
    recorded: (results: readonly unknown[]) => results.find((r): r is OutboundRecord[] => Array.isArray(r) && (r[0] as OutboundRecord | undefined)?.id === id)?.[0],
  };
}

/** Digits standing in for a number the batch assigns: 24 random ones, which no mail has by chance. */
function standInNumber(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (byte) => byte % 10).join("");
}

/** For the cron: an owed acknowledgement (see `ackWork`), rebuilt from the ticket. */
export async function retryAcknowledgement(scope: TenantScope, mail: MailSettings, ticketId: string, now: Date): Promise<void> {
  const { db, tenantId } = scope;
  const [tenant, ticket] = await Promise.all([getTenant(scope), getTicket(scope, ticketId)]);
  const [channel, customer, first] = await Promise.all([
    ticket.supportAddressId
      ? db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, tenantId), eq(supportAddresses.id, ticket.supportAddressId)) })
      : undefined,
    db.query.customers.findFirst({ where: and(eq(customers.tenantId, tenantId), eq(customers.id, ticket.requesterId)), columns: { name: true, language: true } }),
    db.query.messages.findFirst({
      where: and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticketId)),
      orderBy: [asc(messages.createdAt), asc(messages.id)],
      columns: { fromAddress: true, emailMessageId: true, bodyText: true },
    }),
  ]);
  const ack = first?.fromAddress ? await ackCounter(tenantId, first.fromAddress) : null;
  const window = ack ? (await readAll(db, { window: ackWindowQuery(db, ack) })).window : [];
  const address = channel ?? (await ensureBuiltInAddress(db, tenant, mail.mailDomain, now));
  if (!first?.fromAddress || !ack || !address.autoAckEnabled || !ackAllowed(window, now)) {
    await clearWork(db, ackWork(tenantId, ticketId), now);
    return;
  }
  const request: AckRequest = {
    tenant,
    channel: address,
    ticket,
    customerName: customer?.name ?? "",
    to: first.fromAddress,
    inReplyTo: first.emailMessageId,
    promised: await promisedFirstReply(scope, ticketId),
    language: mailLanguage({ stored: customer?.language, text: `${ticket.subject}\n${first.bodyText}` }, tenant.defaultLanguage),
  };
  const { statements, recorded } = acknowledgementStatements(db, mail, request, ack, now);
  const results = await runBatch(db, [...statements, clearWork(db, ackWork(tenantId, ticketId), now)]);
  const queued = recorded(results);
  if (queued) await deliver(db, mail.mailer, queued, now);
}
