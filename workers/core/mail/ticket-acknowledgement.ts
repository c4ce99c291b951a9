import { and, asc, eq } from "drizzle-orm";
import { customers, messages, rateLimits, supportAddresses } from "../../../schema";
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
import { deliver, queueOutbound, type OutboundRecord } from "./outbox";
import { ensureBuiltInAddress, type SupportAddress } from "./support-addresses";
import { normalizeMessageId } from "./threading";

/** What an acknowledgement needs to know about the new ticket and its first mail. */
export interface AckRequest {
  tenant: Pick<Tenant, "id" | "name">;
  /** The support address the customer wrote to (the acknowledgement comes from it). */
  channel: SupportAddress;
  ticket: { id: string; number: number; subject: string };
  customerName: string;
  to: string;
  inReplyTo: string | null | undefined;
  /** The first-reply deadline in words (`{{sla.first_reply_due}}`). */
  promised: string;
  /** The customer's mail language (mail-language.ts): the address's template in it is sent. */
  language: MailLanguage;
}

/** The owed acknowledgement of a new ticket (recorded in the batch that creates the ticket). */
export const ackWork = (tenantId: string, ticketId: string): WorkRef => ({ tenantId, kind: "acknowledgement", itemId: ticketId, ticketId });

/** The sender's acknowledgement counter (at most ACKS_PER_SENDER an hour: two auto-responders cannot loop). */
export const ackCounter = (tenantId: string, to: string) => counter(ACKS_PER_SENDER, `${tenantId}\n${to}`);

/** The read of the counter's window, for a caller's batch; `ackAllowed` its verdict. */
export const ackWindowQuery = (db: Db, ack: Counter) => db.select({ count: rateLimits.count, windowStart: rateLimits.windowStart }).from(rateLimits).where(eq(rateLimits.key, ack.key));
export const ackAllowed = (rows: { count: number; windowStart: Date }[], now: Date) => limitState(ACKS_PER_SENDER, rows[0], now.getTime()).remaining > 0;

/**
 * Acknowledges a new ticket, in two round trips: one batch counts the hit, records the mail
 * (from the address the customer wrote to; marked automatic: Auto-Submitted, X-Loop) and clears
 * the owed work; then it is sent and the outcome recorded. The outbound id comes from the ticket,
 * so a retry after a failure never sends twice.
 */
export async function acknowledgeTicket(db: Db, mail: MailSettings, request: AckRequest, ack: Counter, now: Date): Promise<void> {
  const { tenant, channel, ticket, to } = request;
  const { subject, text } = composeAcknowledgement(
    ackTemplate(channel, request.language),
    {
      "customer.name": request.customerName,
      "customer.first_name": firstName(request.customerName),
      "customer.email": to,
      "ticket.number": formatTicketRef(ticket.number),
      "ticket.subject": ticket.subject,
      "agent.name": channel.displayName,
      "workspace.name": tenant.name,
      "sla.first_reply_due": request.promised,
    },
  );
  const parent = normalizeMessageId(request.inReplyTo ?? undefined);
  const id = `out_ack_${ticket.id.slice(ticket.id.indexOf("_") + 1)}`;
  const results = await runBatch(db, [
    hitStatement(db, ack, now.getTime()),
    queueOutbound(db, {
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
    })
      .onConflictDoNothing()
      .returning(),
    clearWork(db, ackWork(tenant.id, ticket.id), now),
  ]);
  const queued = results.find((r): r is OutboundRecord[] => Array.isArray(r) && (r[0] as OutboundRecord | undefined)?.id === id)?.[0];
  if (queued) await deliver(db, mail.mailer, queued, now);
}

/** For the cron: the acknowledgement of a ticket whose first try failed, rebuilt from the ticket. */
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
  await acknowledgeTicket(db, mail, request, ack, now);
}
