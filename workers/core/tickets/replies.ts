import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import { customerEmails, messages, outboundMessages, supportAddresses, users, type TicketStatus } from "../../../schema";
import { runBatch } from "../db";
import { builtInAddress, newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound, sendQueued } from "../mail/outbox";
import { composeReplyEmail, threadHeaders } from "../mail/reply-email";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";
import { assertNotClosed, statusAfterReply } from "./ticket-rules";
import { getMessage, getTicket, messageStatements } from "./ticket-store";

export interface AgentMessageInput {
  kind: "reply" | "note";
  body: string;
  status?: TicketStatus;
}

/**
 * An agent writes on a ticket. A public reply also becomes an email to the requester: the
 * email is recorded (queued) in the same atomic batch as the reply, then sent; if sending
 * fails it stays recorded as failed and the cron retries it. An internal note sends nothing.
 */
export async function addAgentMessage(scope: TenantScope, mail: MailSettings, agentId: string, ticketId: string, input: AgentMessageInput, now = new Date()) {
  const ticket = await getTicket(scope, ticketId);
  assertNotClosed(ticket.status);
  const actor = { type: "agent", id: agentId } as const;
  const isReply = input.kind === "reply";
  const status = isReply ? statusAfterReply(ticket.status, input.status) : input.status;
  const emailMessageId = isReply ? newMessageId(mail.mailDomain) : null;
  const { messageId, statements } = messageStatements(scope, actor, ticket, { kind: input.kind, bodyText: input.body, emailMessageId }, status ? { status } : {}, now);

  let outboundId: string | null = null;
  if (isReply && emailMessageId) {
    const outbound = await replyEmail(scope, mail, agentId, ticket, input.body, emailMessageId, messageId, now);
    if (outbound) {
      outboundId = outbound.id;
      statements.push(queueOutbound(scope.db, outbound));
    }
  }
  await runBatch(scope.db, statements);

  const delivered = outboundId ? await sendQueued(scope.db, mail.mailer, outboundId, now) : null;
  return { message: (await getMessage(scope, messageId))!, ticket: await getTicket(scope, ticketId), outbound: delivered };
}

/** The email a public reply becomes, or null when the requester has no address to write to. */
async function replyEmail(
  scope: TenantScope,
  mail: MailSettings,
  agentId: string,
  ticket: Awaited<ReturnType<typeof getTicket>>,
  body: string,
  emailMessageId: string,
  messageId: string,
  now: Date,
) {
  const { db, tenantId } = scope;
  const [tenant, channel, agent, to, inbound, outbound] = await Promise.all([
    getTenant(scope),
    ticket.supportAddressId ? db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, tenantId), eq(supportAddresses.id, ticket.supportAddressId)) }) : undefined,
    db.query.users.findFirst({ where: and(eq(users.tenantId, tenantId), eq(users.id, agentId)) }),
    db.query.customerEmails.findFirst({
      where: and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, ticket.requesterId)),
      orderBy: [desc(customerEmails.isPrimary), asc(customerEmails.createdAt)],
    }),
    db
      .select({ id: messages.emailMessageId, at: messages.createdAt, kind: messages.kind })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticket.id), isNotNull(messages.emailMessageId))),
    db
      .select({ id: outboundMessages.emailMessageId, at: outboundMessages.createdAt })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.tenantId, tenantId), eq(outboundMessages.ticketId, ticket.id))),
  ]);
  if (!to) return null;
  const thread = [
    ...inbound.map((m) => ({ emailMessageId: m.id!, fromCustomer: m.kind === "customer", at: m.at.getTime() })),
    ...outbound.map((m) => ({ emailMessageId: m.id, fromCustomer: false, at: m.at.getTime() })),
  ].sort((a, b) => a.at - b.at);
  const { inReplyTo, references } = threadHeaders(thread);
  const agentName = agent?.name ?? tenant.name;
  const composed = composeReplyEmail({ ticketNumber: ticket.number, ticketSubject: ticket.subject, body, agentName, workspaceName: tenant.name });
  // From the address the customer wrote to, so their reply comes back the same way.
  const address = channel?.address ?? builtInAddress(tenant.slug, mail.mailDomain);
  return {
    id: newId("out", now.getTime()),
    tenantId,
    ticketId: ticket.id,
    messageId,
    purpose: "reply",
    fromAddress: address,
    fromName: `${agentName} (${tenant.name})`,
    toAddress: to.email,
    replyTo: address,
    subject: composed.subject,
    bodyText: composed.text,
    emailMessageId,
    inReplyTo,
    references: references.join(" ") || null,
    createdAt: now,
  };
}
