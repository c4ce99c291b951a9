import { and, eq } from "drizzle-orm";
import { users, type TicketStatus } from "../../../schema";
import { runBatch } from "../db";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound, sendQueued } from "../mail/outbox";
import { composeReplyEmail } from "../mail/reply-email";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { finishTicketWrite } from "../sla/ticket-sla";
import { ticketMailContext } from "./ticket-mail";
import { assertNotClosed, statusAfterReply } from "./ticket-rules";
import { getMessage, getTicket, messageStatements, type Ticket } from "./ticket-store";

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
  await finishTicketWrite(scope, ticketId, now);

  const delivered = outboundId ? await sendQueued(scope.db, mail.mailer, outboundId, now) : null;
  return { message: (await getMessage(scope, messageId))!, ticket: await getTicket(scope, ticketId), outbound: delivered };
}

/** The email a public reply becomes, or null when the requester has no address to write to. */
async function replyEmail(scope: TenantScope, mail: MailSettings, agentId: string, ticket: Ticket, body: string, emailMessageId: string, messageId: string, now: Date) {
  const [context, agent] = await Promise.all([
    ticketMailContext(scope, mail, ticket),
    scope.db.query.users.findFirst({ where: and(eq(users.tenantId, scope.tenantId), eq(users.id, agentId)) }),
  ]);
  if (!context.toAddress) return null;
  const { tenant, fromAddress } = context;
  const agentName = agent?.name ?? tenant.name;
  const composed = composeReplyEmail({ ticketNumber: ticket.number, ticketSubject: ticket.subject, body, agentName, workspaceName: tenant.name });
  return {
    id: newId("out", now.getTime()),
    tenantId: scope.tenantId,
    ticketId: ticket.id,
    messageId,
    purpose: "reply",
    fromAddress,
    fromName: `${agentName} (${tenant.name})`,
    toAddress: context.toAddress,
    replyTo: fromAddress,
    subject: composed.subject,
    bodyText: composed.text,
    emailMessageId,
    inReplyTo: context.inReplyTo,
    references: context.references,
    createdAt: now,
  };
}
