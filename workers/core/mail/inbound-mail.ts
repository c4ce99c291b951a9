import type { Address, Email } from "postal-mime";
import type { ThreadClues } from "./thread-lookup";
import { conversationKey } from "./thread-index";
import { plusTicketNumber, referencedMessageIds, subjectTicketNumber } from "./threading";
import { droppingPlusTag } from "./plus-tag";

/** A mailbox as Kefu keeps it: the address lower-case, the display name trimmed. */
export interface Mailbox {
  address: string;
  name: string;
}

/** What a parsed message says that the pipeline's decisions need (pure: no reads). */
export interface InboundMail {
  /** The header From, else the envelope sender; none when neither has an address (a bounce may have neither). */
  sender: Mailbox | undefined;
  /** Everyone on To and Cc. */
  recipients: Mailbox[];
  /** Kept on the inbound record whatever happens to the message. */
  summary: { fromAddress: string | null; subject: string | null };
  /** What may name the ticket it belongs to (thread-lookup.ts reads them). */
  clues: ThreadClues;
  /** The secret of a returning forwarding check (`X-Kefu-Verification`), if it is one. */
  verification: string | undefined;
}

/**
 * The facts of a parsed message, with the envelope it came in and the address it was routed to.
 * The sender is the header From, else the envelope sender (some mail carries no From at all); a
 * From that parses into a name without an address keeps that name on the envelope sender.
 */
export function inboundMailOf(parsed: Email, envelope: { from: string; to: string }, channel: { plusAddressing: boolean }): InboundMail {
  const sender = addressesOf(parsed.from ? [parsed.from] : [])[0] ?? addressesOf([{ address: envelope.from, name: parsed.from?.name ?? "" }])[0];
  return {
    sender,
    recipients: addressesOf([...(parsed.to ?? []), ...(parsed.cc ?? [])]),
    summary: { fromAddress: sender?.address ?? null, subject: parsed.subject ?? null },
    clues: {
      messageIds: referencedMessageIds(parsed.inReplyTo, parsed.references),
      subjectNumber: subjectTicketNumber(parsed.subject)?.number ?? null,
      plusNumber: channel.plusAddressing ? plusTicketNumber(envelope.to) : null,
      sender: sender?.address ?? "",
      threadKey: conversationKey(headerValue(parsed, "thread-index")),
    },
    verification: headerValue(parsed, "x-kefu-verification"),
  };
}

/** Flattened, lower-cased mailboxes (groups expanded, entries without an address dropped). */
export function addressesOf(list: readonly Address[]): Mailbox[] {
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a): a is { address: string; name: string } => Boolean(a.address && a.address.includes("@")))
    .map((a) => ({ address: a.address.trim().toLowerCase(), name: (a.name ?? "").trim() }));
}

/** The first value of a header (its lower-case name), if the message has it. */
export function headerValue(parsed: Pick<Email, "headers">, key: string): string | undefined {
  return parsed.headers.find((h) => h.key === key)?.value;
}

/**
 * The people on To/Cc recorded as copied on the ticket: not the sender, not the workspace's own
 * addresses (also with a `+tag`), each once, at most 25.
 */
export function copiedPeople(recipients: readonly Mailbox[], exclude: readonly string[]): { email: string; name: string }[] {
  const skip = new Set(exclude);
  const people = recipients.filter((r) => !skip.has(droppingPlusTag(r.address)) && !skip.has(r.address));
  return [...new Map(people.map((r) => [r.address, { email: r.address, name: r.name }])).values()].slice(0, 25);
}
