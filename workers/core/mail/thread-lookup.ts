import { and, eq, inArray } from "drizzle-orm";
import { customerEmails, messages, outboundMessages, ticketParticipants, tickets } from "../../../schema";
import type { TenantScope } from "../tenancy/scope";
import type { ThreadCandidate } from "./threading";

export interface ThreadClues {
  /** Referenced Message-IDs, most relevant first (In-Reply-To, then References newest first). */
  messageIds: string[];
  subjectNumber: number | null;
  plusNumber: number | null;
  sender: string;
}

/** The tickets an email's clues point at, looked up in this workspace only. */
export async function findThreadCandidates(scope: TenantScope, clues: ThreadClues): Promise<ThreadCandidate[]> {
  const { db, tenantId } = scope;
  const candidates: ThreadCandidate[] = [];
  if (clues.messageIds.length) {
    const ids = clues.messageIds.slice(0, 50);
    const [inbound, outbound] = await Promise.all([
      db.select({ id: messages.emailMessageId, ticketId: messages.ticketId }).from(messages).where(and(eq(messages.tenantId, tenantId), inArray(messages.emailMessageId, ids))),
      db
        .select({ id: outboundMessages.emailMessageId, ticketId: outboundMessages.ticketId })
        .from(outboundMessages)
        .where(and(eq(outboundMessages.tenantId, tenantId), inArray(outboundMessages.emailMessageId, ids))),
    ]);
    const ticketOf = new Map([...inbound, ...outbound].filter((r) => r.ticketId).map((r) => [r.id, r.ticketId!]));
    const ticketId = ids.map((id) => ticketOf.get(id)).find(Boolean);
    const found = ticketId ? await candidate(scope, { id: ticketId }, "header", clues.sender) : null;
    if (found) candidates.push(found);
  }
  for (const [via, number] of [
    ["subject", clues.subjectNumber],
    ["plus", clues.plusNumber],
  ] as const) {
    if (number !== null) {
      const found = await candidate(scope, { number }, via, clues.sender);
      if (found) candidates.push(found);
    }
  }
  return candidates;
}

async function candidate(scope: TenantScope, by: { id: string } | { number: number }, via: ThreadCandidate["via"], sender: string): Promise<ThreadCandidate | null> {
  const { db, tenantId } = scope;
  const ticket = await db.query.tickets.findFirst({
    where: and(eq(tickets.tenantId, tenantId), "id" in by ? eq(tickets.id, by.id) : eq(tickets.number, by.number)),
    columns: { id: true, status: true, requesterId: true },
  });
  if (!ticket) return null;
  const [requesterAddress, participant] = await Promise.all([
    db.query.customerEmails.findFirst({ where: and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.email, sender), eq(customerEmails.customerId, ticket.requesterId)) }),
    db.query.ticketParticipants.findFirst({ where: and(eq(ticketParticipants.tenantId, tenantId), eq(ticketParticipants.ticketId, ticket.id), eq(ticketParticipants.email, sender)) }),
  ]);
  return { ticketId: ticket.id, status: ticket.status, via, senderKnown: Boolean(requesterAddress || participant) };
}
