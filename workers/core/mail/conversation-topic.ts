import { bareSubject } from "../tickets/ticket-ref";

/**
 * A subject's topic: without reply and forward prefixes (Re:, Fwd:, AW:, WG:, SV:, 回复:, 答复:,
 * 转发: …, repeated), Kefu's `[#1234]` tag, runs of white space and case (NFKC first, so
 * full-width letters and colons count as their plain forms). Sent as Outlook's `Thread-Topic`.
 */
export function conversationTopic(subject: string | null | undefined): string {
  return bareSubject((subject ?? "").normalize("NFKC")).replace(/\s+/g, " ").trim();
}

/**
 * Whether a reply's subject names another topic than its ticket's: different once both are
 * reduced to their topic (case ignored). An empty subject on either side is never a new topic.
 */
export function isNewTopic(replySubject: string | null | undefined, ticketSubject: string | null | undefined): boolean {
  const reply = conversationTopic(replySubject).toLowerCase();
  const ticket = conversationTopic(ticketSubject).toLowerCase();
  return Boolean(reply && ticket) && reply !== ticket;
}
