import { and, eq, inArray, sql, type AnyColumn } from "drizzle-orm";
import { customerEmails, messages, outboundMessages, ticketParticipants, tickets } from "../../../schema";
import { noRowsAs } from "../db";
import type { TenantScope } from "../tenancy/scope";
import type { ThreadCandidate } from "./threading";

export interface ThreadClues {
  /** Referenced Message-IDs, most relevant first (In-Reply-To, then References newest first). */
  messageIds: string[];
  subjectNumber: number | null;
  plusNumber: number | null;
  sender: string;
  /** Outlook's conversation key (thread-index.ts), when the mail carries a Thread-Index. */
  threadKey: string | null;
}

/** A read for a clue the mail does not have: answered with no rows, not sent (most new mail has none). */
const ifClue = <S>(present: boolean, read: () => S): S => (present ? read() : noRowsAs<S>());

/**
 * The reads that find the tickets an email's clues point at, in this workspace only, for a
 * caller's batch (`readAll`): each names the ticket, its status and whether the sender is its
 * requester or a participant — one statement per clue the mail has, no follow-up reads.
 */
export function threadCandidateReads(scope: TenantScope, clues: ThreadClues) {
  const { db, tenantId } = scope;
  const ids = clues.messageIds.slice(0, 50);
  // The ticket's columns in full: in a single-table select list drizzle writes them unqualified,
  // and inside these subqueries "tenant_id" would mean the subquery's own column (a full scan of
  // every workspace's addresses and participants).
  const ticket = (column: AnyColumn) => sql`${tickets}.${sql.identifier(column.name)}`;
  const senderKnown = sql<number>`(exists (select 1 from ${customerEmails} where ${customerEmails.tenantId} = ${ticket(tickets.tenantId)} and ${customerEmails.email} = ${clues.sender} and ${customerEmails.customerId} = ${ticket(tickets.requesterId)})
    or exists (select 1 from ${ticketParticipants} where ${ticketParticipants.tenantId} = ${ticket(tickets.tenantId)} and ${ticketParticipants.ticketId} = ${ticket(tickets.id)} and ${ticketParticipants.email} = ${clues.sender}))`;
  // A merged ticket points at the ticket it went into; mail about it belongs there (`decideThread`).
  const mergedStatus = sql<ThreadCandidate["status"] | null>`(select m.status from ${tickets} m where m.tenant_id = ${ticket(tickets.tenantId)} and m.id = ${ticket(tickets.mergedIntoId)})`;
  const ticketFields = { ticketId: tickets.id, subject: tickets.subject, status: tickets.status, senderKnown, mergedIntoId: tickets.mergedIntoId, mergedStatus };
  const byNumber = (number: number | null) =>
    ifClue(number !== null, () =>
      db
        .select(ticketFields)
        .from(tickets)
        .where(and(eq(tickets.tenantId, tenantId), eq(tickets.number, number ?? -1))),
    );
  const threadKey = clues.threadKey ?? "";
  // On the messages we received and the ones we sent alike.
  const joined = (table: typeof messages | typeof outboundMessages) => ({ table, onTicket: and(eq(tickets.tenantId, table.tenantId), eq(tickets.id, table.ticketId)) });
  const byEmailId = (on: ReturnType<typeof joined>) =>
    ifClue(ids.length > 0, () =>
      db
        .select({ emailId: on.table.emailMessageId, ...ticketFields })
        .from(on.table)
        .innerJoin(tickets, on.onTicket)
        .where(and(eq(on.table.tenantId, tenantId), inArray(on.table.emailMessageId, ids))),
    );
  // The same conversation key (a few rows: one conversation).
  const byThreadKey = (on: ReturnType<typeof joined>) =>
    ifClue(threadKey !== "", () =>
      db
        .select({ at: on.table.createdAt, ...ticketFields })
        .from(on.table)
        .innerJoin(tickets, on.onTicket)
        .where(and(eq(on.table.tenantId, tenantId), eq(on.table.threadKey, threadKey)))
        .limit(20),
    );
  return {
    threadInbound: byEmailId(joined(messages)),
    threadOutbound: byEmailId(joined(outboundMessages)),
    threadKeyInbound: byThreadKey(joined(messages)),
    threadKeyOutbound: byThreadKey(joined(outboundMessages)),
    threadSubject: byNumber(clues.subjectNumber),
    threadPlus: byNumber(clues.plusNumber),
  };
}

type CandidateReads = ReturnType<typeof threadCandidateReads>;

/** The candidates, from the results of `threadCandidateReads`: header first (most relevant id), then subject, then plus. */
export function threadCandidatesFrom(r: { [K in keyof CandidateReads]: Awaited<CandidateReads[K]> }, clues: ThreadClues): ThreadCandidate[] {
  const byEmailId = new Map([...r.threadInbound, ...r.threadOutbound].map((row) => [row.emailId, row]));
  const header = clues.messageIds.slice(0, 50).map((id) => byEmailId.get(id)).find(Boolean);
  // The conversation's latest ticket the sender belongs to (only those count, see decideThread).
  const conversation = clues.threadKey ? [...r.threadKeyInbound, ...r.threadKeyOutbound].filter((row) => row.senderKnown).sort((a, b) => b.at.getTime() - a.at.getTime())[0] : undefined;
  type Row = { ticketId: string; subject: string; status: ThreadCandidate["status"]; senderKnown: number; mergedIntoId: string | null; mergedStatus: ThreadCandidate["status"] | null };
  const found: [ThreadCandidate["via"], Row | undefined][] = [
    ["header", header],
    ["thread_index", conversation],
    ["subject", clues.subjectNumber === null ? undefined : r.threadSubject[0]],
    ["plus", clues.plusNumber === null ? undefined : r.threadPlus[0]],
  ];
  return found.flatMap(([via, row]) =>
    row
      ? [{ ticketId: row.ticketId, subject: row.subject, status: row.status, via, senderKnown: Boolean(row.senderKnown), ...(row.mergedIntoId && row.mergedStatus ? { mergedInto: { ticketId: row.mergedIntoId, status: row.mergedStatus } } : {}) }]
      : [],
  );
}

