import { formatTicketRef, replySubject } from "../tickets/ticket-ref";

/** A message already in the thread, in the order it was written. */
export interface ThreadMessage {
  emailMessageId: string;
  fromCustomer: boolean;
}

/** How many Message-IDs a References header carries at most (the oldest one is always kept). */
const MAX_REFERENCES = 20;

/**
 * Threading headers for the next outbound message: In-Reply-To names the customer's latest
 * message (else our latest); References lists the thread oldest first and ends with the
 * In-Reply-To id (RFC 5322 §3.6.4). A long thread keeps its first id and its latest ones.
 */
export function threadHeaders(thread: readonly ThreadMessage[]): { inReplyTo: string | null; references: string[] } {
  const inReplyTo = (thread.findLast((m) => m.fromCustomer) ?? thread.at(-1))?.emailMessageId ?? null;
  const ids = [...new Set(thread.map((m) => m.emailMessageId))].filter((id) => id !== inReplyTo);
  if (inReplyTo) ids.push(inReplyTo);
  const references = ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  return { inReplyTo, references };
}

export interface ReplyEmailInput {
  ticketNumber: number;
  ticketSubject: string;
  body: string;
  agentName: string;
  workspaceName: string;
  /** Files too large to attach, sent as download links. */
  fileLinks?: readonly FileLink[];
}

export interface FileLink {
  filename: string;
  size: number;
  url: string;
  validDays: number;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The lines naming files sent as links, with how long the links work. */
function fileLinkLines(links: readonly FileLink[]): string {
  if (!links.length) return "";
  const days = Math.min(...links.map((l) => l.validDays));
  return `\n\nFiles too large to attach (download links, valid for ${days} days):\n${links.map((l) => `- ${l.filename} (${megabytes(l.size)}): ${l.url}`).join("\n")}`;
}

/** Subject and plain-text body of a public reply as the customer receives it. */
export function composeReplyEmail(input: ReplyEmailInput) {
  const ref = formatTicketRef(input.ticketNumber);
  return {
    subject: replySubject(input.ticketSubject, input.ticketNumber),
    text: `${input.body.trimEnd()}${fileLinkLines(input.fileLinks ?? [])}\n\n--\n${input.agentName}\n${input.workspaceName}\n\nTicket ${ref}. Reply to this email to add to your request.\n`,
  };
}
