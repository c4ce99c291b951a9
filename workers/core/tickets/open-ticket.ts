import { and, eq } from "drizzle-orm";
import { users, type TicketStatus } from "../../../schema";
import { readAll } from "../db";
import { newId } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliver, queueOutbound, type OutboundRecord } from "../mail/outbox";
import type { TenantScope } from "../tenancy/scope";
import { replyEmail } from "./replies";
import { ticketMailContextFrom, ticketMailReads } from "./ticket-mail";
import { statusAfterReply } from "./ticket-rules";
import { createTicket, type NewTicket, type RequesterRef, type Ticket } from "./ticket-store";

export interface OpenTicketInput extends Omit<NewTicket, "requesterId" | "status"> {
  requester: RequesterRef;
  /** Absent: new (open when the first message is the agent's reply). */
  status?: Exclude<TicketStatus, "closed">;
  /** customer: the description is what the customer said (phone, walk-in, chat); reply: it is the agent's first public reply, emailed to the requester. */
  firstMessage: "customer" | "reply";
}

/**
 * An agent opens a ticket for a customer (a phone call, a walk-in, a chat). With the customer's
 * words as its first message it is `createTicket`. With an outbound first reply, the ticket is
 * created with the agent's public reply as its first message, then the reply is recorded in the
 * outbox and sent, as any reply: one more read (the workspace, the requester's address, the
 * agent's name), one write and the send. A requester with no address gets no email.
 */
export async function openTicket(scope: TenantScope, mail: MailSettings, agentId: string, input: OpenTicketInput, now = new Date()): Promise<{ ticket: Ticket; outbound: OutboundRecord | null }> {
  const actor = { type: "agent", id: agentId } as const;
  const { firstMessage, ...fields } = input;
  if (firstMessage === "customer") return { ticket: await createTicket(scope, actor, { ...fields, status: fields.status ?? "new" }, now), outbound: null };

  const messageId = newId("msg", now.getTime());
  const emailMessageId = newMessageId(mail.mailDomain);
  const status = statusAfterReply("new", fields.status);
  const ticket = await createTicket(scope, actor, { ...fields, status, first: { kind: "reply", id: messageId, emailMessageId } }, now);
  const read = await readAll(scope.db, {
    ...ticketMailReads(scope, ticket.id),
    agent: scope.db.select({ name: users.name }).from(users).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, agentId))),
  });
  // The reply starts the thread: it answers nothing.
  const context = { ...ticketMailContextFrom(read, mail), inReplyTo: null, references: null };
  if (!context.toAddress) return { ticket, outbound: null };
  const email = replyEmail(scope, context, read.agent[0]?.name, ticket, input.description, emailMessageId, messageId, now);
  // The thread's first email: `[#1234] Subject`, not a "Re:" to nothing.
  const [queued] = await queueOutbound(scope.db, { ...email, subject: email.subject.replace(/^Re: /, "") }).returning();
  return { ticket, outbound: await deliver(scope.db, mail.mailer, queued!, now) };
}
