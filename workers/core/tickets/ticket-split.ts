import { and, count, eq, sql } from "drizzle-orm";
import { attachments, customers, messages, tickets } from "../../../schema";
import { readAll, runBatch } from "../db";
import { notFound, ticketMergeError } from "../errors";
import { publishLive } from "../live/live-events";
import { newTicketSlaContext, recordBlocked, slaSettingsReads } from "../sla/ticket-sla";
import type { Actor, TenantScope } from "../tenancy/scope";
import { linkEvent } from "./ticket-merge";
import { insertEvents } from "./ticket-events";
import { assertNotClosed } from "./ticket-rules";
import { createTicketStatements, STALE_MARKER, ticketChanged, ticketFrom, ticketQuery, unchangedSince, type Ticket, type TicketRow } from "./ticket-store";

export interface SplitInput {
  /** The new ticket's subject (default: the ticket's). */
  subject?: string;
}

/**
 * Splits a customer's message out of a ticket into a new ticket, in two round trips: one batch
 * reads the ticket, the message, how many messages the ticket has, the new requester's tier and
 * the workspace's SLA settings; one writes the new ticket (the message's author as requester,
 * the ticket's priority, type, group, assignee and tags) with the message — moved, with its
 * attachments and Message-ID, so replies to it thread into the new ticket — as its first
 * message, its clocks, and a history event on each ticket naming the other.
 */
export async function splitMessage(scope: TenantScope, agentId: string, ticketId: string, messageId: string, input: SplitInput, now = new Date()): Promise<Ticket> {
  const { db, tenantId } = scope;
  const actor: Actor = { type: "agent", id: agentId };
  const ofTicket = and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticketId));
  const authorId = db
    .select({ id: sql<string>`coalesce(${messages.authorCustomerId}, (select ${tickets.requesterId} from ${tickets} where ${tickets.tenantId} = ${tenantId} and ${tickets.id} = ${ticketId}))` })
    .from(messages)
    .where(and(ofTicket, eq(messages.id, messageId)));
  const read = await readAll(db, {
    ticket: ticketQuery(scope, ticketId),
    message: db.select().from(messages).where(and(ofTicket, eq(messages.id, messageId))),
    messageCount: db.select({ n: count() }).from(messages).where(ofTicket),
    requester: db.select({ id: customers.id, tier: customers.tier }).from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, authorId))),
    ...slaSettingsReads(scope),
  });
  const source = ticketFrom(read.ticket);
  const message = read.message[0];
  if (!message) throw notFound("Message");
  assertNotClosed(source.status);
  if (message.kind !== "customer") throw ticketMergeError(422, "split_not_customer_message", "Only a customer's message can be split into a new ticket", "messageId");
  if ((read.messageCount[0]?.n ?? 0) < 2) throw ticketMergeError(422, "split_only_message", "This is the ticket's only message; there is nothing to split it from", "messageId");
  const requester = read.requester[0]!;

  const fields = {
    subject: input.subject ?? source.subject,
    description: message.bodyText,
    requesterId: requester.id,
    status: "new" as const,
    priority: source.priority,
    type: source.type,
    channel: source.channel,
    assigneeId: source.assigneeId,
    groupId: source.groupId,
    tags: source.tags,
    supportAddressId: source.supportAddressId,
  };
  const created = createTicketStatements(scope, actor, fields, { id: message.id, kind: "customer", bodyText: message.bodyText, moved: true }, now, newTicketSlaContext(read, requester.tier));
  try {
    const results = await runBatch(db, [
      unchangedSince(scope, source.id, source.updatedAt),
      ...created.statements,
      db.update(attachments).set({ ticketId: created.ticketId }).where(and(eq(attachments.tenantId, tenantId), eq(attachments.messageId, message.id))),
      db.update(tickets).set({ updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, source.id))),
      ...insertEvents(scope, [linkEvent(scope, source.id, actor, "splitTo", created.ticketId, now), linkEvent(scope, created.ticketId, actor, "splitFrom", source.id, now)]),
    ]);
    publishLive(scope, [created.live]);
    await recordBlocked(scope, created.ticketId, created.blockedBy, now);
    const row = results.find((r): r is TicketRow[] => Array.isArray(r) && (r[0] as TicketRow | undefined)?.id === created.ticketId)![0]!;
    return { ...row, tags: source.tags };
  } catch (error) {
    if (String(error).includes(STALE_MARKER)) throw ticketChanged();
    throw error;
  }
}
