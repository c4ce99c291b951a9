import type { TicketStatus } from "../../../schema";
import { isNewTopic } from "./conversation-topic";
import { trimEndWhere } from "../trim-runs";

/**
 * Which ticket an inbound email belongs to. The robust order (osTicket, FreeScout):
 * 1. In-Reply-To / References against every Message-ID the workspace stored (in and out);
 *    then Outlook's Thread-Index conversation key (thread-index.ts), for clients that drop them;
 * 2. a ticket reference in the subject: Kefu's own `[#1234]` tag, or one typed by hand
 *    (`#1234`, `ticket 1234`, `工单 1234`);
 * 3. plus-addressing: `support+1234@…`.
 * A reference found only in the Thread-Index, the subject or the address counts only when the
 * sender is the ticket's requester or copied on it: "order #1234" from a stranger must not land
 * in ticket #1234, nor a colleague's Outlook conversation in someone else's ticket. Otherwise the
 * mail starts a new ticket.
 */

/** A Message-ID without angle brackets or whitespace, or null when there is none. */
export function normalizeMessageId(raw: string | null | undefined): string | null {
  const id = raw ? trimEndWhere(raw.trim().replace(/^<+/, ""), (char) => char === ">").trim() : "";
  return id ? id : null;
}

/** Message-IDs an email refers to, In-Reply-To first, then References newest first; no duplicates. */
export function referencedMessageIds(inReplyTo: string | null | undefined, references: string | null | undefined): string[] {
  // `<id>`, or a bare run holding an `@` between two of its characters. (Matched as whole runs, then
  // filtered: /[^\s<>,]+@[^\s<>,]+/ retried a long run without `@` from each of its characters.)
  const ids = (text: string | null | undefined) =>
    (text?.match(/<[^<>\s]+>|[^\s<>,]+/g) ?? [])
      .filter((token) => token.startsWith("<") || token.slice(1, -1).includes("@"))
      .map(normalizeMessageId)
      .filter((id): id is string => Boolean(id));
  return [...new Set([...ids(inReplyTo), ...ids(references).reverse()])];
}

const TAGGED = /\[#(\d{1,9})\]/;
// `\s*(?:#\s*)?`, not `\s*#?\s*`: without a `#` those two runs split a long run of spaces every way.
const TYPED = /(?:^|[\s(（:：])(?:#|(?:ticket|case|request|工单|单号)\s*(?:#\s*)?)(\d{1,9})(?!\d)/iu;

/** The ticket number a subject refers to; `tagged` when it is Kefu's own `[#n]` tag. */
export function subjectTicketNumber(subject: string | null | undefined): { number: number; tagged: boolean } | null {
  if (!subject) return null;
  const tagged = TAGGED.exec(subject);
  if (tagged) return { number: Number(tagged[1]), tagged: true };
  const typed = TYPED.exec(subject);
  return typed ? { number: Number(typed[1]), tagged: false } : null;
}

/** The ticket number in a plus address: `support+1234@…` (also `+t1234`, `+ticket-1234`). */
export function plusTicketNumber(address: string): number | null {
  const match = /^[^@+]+\+(?:t|ticket-?)?(\d{1,9})@/i.exec(address.trim());
  return match ? Number(match[1]) : null;
}

export interface ThreadCandidate {
  ticketId: string;
  status: TicketStatus;
  /** How the ticket was found. */
  via: "header" | "thread_index" | "subject" | "plus";
  /** The ticket's subject (for the workspace's "new subject starts a new ticket" rule). */
  subject?: string;
  /** The sender is the ticket's requester or a participant (CC). */
  senderKnown: boolean;
  /** The ticket was merged into this one: the mail belongs there. */
  mergedInto?: { ticketId: string; status: TicketStatus };
}

export type ThreadDecision =
  /** A new ticket; `linkedTo`: the ticket the mail's headers pointed at (a new topic in its thread). */
  | { kind: "new"; linkedTo?: string }
  | { kind: "append"; ticketId: string; reopen: boolean }
  | { kind: "follow_up"; ticketId: string }
  /** Automatic mail about a closed ticket: stored, no ticket changes. */
  | { kind: "store_only"; ticketId: string };

const PRIORITY: ThreadCandidate["via"][] = ["header", "thread_index", "subject", "plus"];

/** The workspace's rule for replies on a new topic, and the mail's subject. */
export interface TopicRule {
  /** A reply found by its headers whose subject is another topic starts a new ticket (default: it threads, as Zendesk does). */
  newSubjectNewTicket: boolean;
  subject: string | null | undefined;
}

/**
 * Picks the ticket (candidates in any order; header matches win, then the Thread-Index; a merged
 * ticket stands for the ticket it was merged into) and what happens to it: a
 * reply to a solved ticket reopens it; to a closed one starts a follow-up ticket. Automatic
 * mail never reopens a ticket nor starts a follow-up. With the workspace's `newSubjectNewTicket`
 * on, a reply found by its headers whose subject is another topic starts a new ticket linked to it.
 */
export function decideThread(candidates: readonly ThreadCandidate[], automatic: boolean, topic?: TopicRule): ThreadDecision {
  const usable = candidates.filter((c) => c.via === "header" || c.senderKnown);
  const found = PRIORITY.map((via) => usable.find((c) => c.via === via)).find(Boolean);
  if (!found) return { kind: "new" };
  // Only a person's reply found by its headers: a subject tag names its ticket on purpose, and
  // an auto-reply's subject ("Automatic reply: …") says nothing about its topic.
  const byHeaders = found.via === "header" || found.via === "thread_index";
  if (topic?.newSubjectNewTicket && byHeaders && !automatic && isNewTopic(topic.subject, found.subject)) return { kind: "new", linkedTo: (found.mergedInto ?? found).ticketId };
  // A merged ticket is closed, but its conversation goes on in the ticket it went into.
  const chosen = found.mergedInto ?? found;
  if (chosen.status === "closed") return automatic ? { kind: "store_only", ticketId: chosen.ticketId } : { kind: "follow_up", ticketId: chosen.ticketId };
  return { kind: "append", ticketId: chosen.ticketId, reopen: chosen.status === "solved" && !automatic };
}
