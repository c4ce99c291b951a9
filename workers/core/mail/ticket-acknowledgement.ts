import { and, asc, eq } from "drizzle-orm";
import { customers, messages, outboundMessages, supportAddresses } from "../../../schema";
import { hit } from "../auth/rate-limit";
import { runBatch, type Db } from "../db";
import { promisedFirstReply } from "../sla/promised-reply";
import type { TenantScope } from "../tenancy/scope";
import { getTenant, type Tenant } from "../tenancy/tenant";
import { firstName } from "../tickets/templates";
import { formatTicketRef } from "../tickets/ticket-ref";
import { getTicket } from "../tickets/ticket-store";
import { clearWork, type WorkRef } from "../work/work-items";
import { ACKS_PER_SENDER, AUTOMATIC_MAIL_HEADERS, composeAcknowledgement } from "./acknowledgement";
import { newMessageId } from "./addresses";
import type { MailSettings } from "./mailer";
import { queueOutbound, sendQueued } from "./outbox";
import { ensureBuiltInAddress, type SupportAddress } from "./support-addresses";
import { normalizeMessageId } from "./threading";

/** What an acknowledgement needs to know about the new ticket's first mail. */
export interface AckRequest {
  tenant: Tenant;
  /** The support address the customer wrote to (the acknowledgement comes from it). */
  channel: SupportAddress;
  ticketId: string;
  customerName: string;
  to: string;
  inReplyTo: string | null | undefined;
}

/** The owed acknowledgement of a new ticket (recorded in the batch that creates the ticket). */
export const ackWork = (tenantId: string, ticketId: string): WorkRef => ({ tenantId, kind: "acknowledgement", itemId: ticketId, ticketId });

/**
 * Acknowledges a new ticket: recorded as outbound mail, then sent, from the address the customer
 * wrote to. Marked automatic (Auto-Submitted, X-Loop); at most ACKS_PER_SENDER per hour per
 * sender. The outbound id comes from the ticket, so a retry after a failure never sends twice;
 * the batch that records the mail also clears the owed work.
 */
export async function acknowledgeTicket(db: Db, mail: MailSettings, request: AckRequest, now: Date): Promise<void> {
  const { tenant, channel, ticketId, to } = request;
  const scope: TenantScope = { db, tenantId: tenant.id };
  const done = clearWork(db, ackWork(tenant.id, ticketId), now);
  const limit = channel.autoAckEnabled ? await hit(db, ACKS_PER_SENDER, `${tenant.id}\n${to}`, now.getTime()) : null;
  if (!limit || limit.remaining < 0) {
    await done;
    return;
  }
  const ticket = await getTicket(scope, ticketId);
  const { subject, text } = composeAcknowledgement(
    { subject: channel.autoAckSubject, body: channel.autoAckBody },
    {
      "customer.name": request.customerName,
      "customer.first_name": firstName(request.customerName),
      "customer.email": to,
      "ticket.number": formatTicketRef(ticket.number),
      "ticket.subject": ticket.subject,
      "agent.name": channel.displayName,
      "workspace.name": tenant.name,
      "sla.first_reply_due": await promisedFirstReply(scope, ticketId),
    },
  );
  const parent = normalizeMessageId(request.inReplyTo ?? undefined);
  const id = `out_ack_${ticketId.slice(ticketId.indexOf("_") + 1)}`;
  const [queued] = (await runBatch(db, [
    queueOutbound(db, {
      id,
      tenantId: tenant.id,
      ticketId,
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
      .returning({ id: outboundMessages.id }),
    done,
  ])) as [{ id: string }[], unknown];
  if (queued.length) await sendQueued(db, mail.mailer, id, now);
}

/** For the cron: the acknowledgement of a ticket whose first try failed, rebuilt from the ticket. */
export async function retryAcknowledgement(scope: TenantScope, mail: MailSettings, ticketId: string, now: Date): Promise<void> {
  const { db, tenantId } = scope;
  const [tenant, ticket] = await Promise.all([getTenant(scope), getTicket(scope, ticketId)]);
  const [channel, customer, first] = await Promise.all([
    ticket.supportAddressId
      ? db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, tenantId), eq(supportAddresses.id, ticket.supportAddressId)) })
      : undefined,
    db.query.customers.findFirst({ where: and(eq(customers.tenantId, tenantId), eq(customers.id, ticket.requesterId)), columns: { name: true } }),
    db.query.messages.findFirst({
      where: and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticketId)),
      orderBy: [asc(messages.createdAt), asc(messages.id)],
      columns: { fromAddress: true, emailMessageId: true },
    }),
  ]);
  if (!first?.fromAddress) {
    await clearWork(db, ackWork(tenantId, ticketId), now);
    return;
  }
  const request: AckRequest = {
    tenant,
    channel: channel ?? (await ensureBuiltInAddress(db, tenant, mail.mailDomain, now)),
    ticketId,
    customerName: customer?.name ?? "",
    to: first.fromAddress,
    inReplyTo: first.emailMessageId,
  };
  await acknowledgeTicket(db, mail, request, now);
}
