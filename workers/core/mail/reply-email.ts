import { formatTicketRef, replySubject } from "../tickets/ticket-ref";
import { escapeHtml, sanitizeComposedHtml } from "./html-sanitizer";
import type { MailLanguage } from "./mail-language";

/** A message already in the thread, in the order it was written. */
export interface ThreadMessage {
  emailMessageId: string;
  fromCustomer: boolean;
}

/**
 * How many Message-IDs a References header carries at most: Cloudflare's send_email refuses a
 * reply with more than 100 References.
 */
export const MAX_REFERENCES = 100;

/**
 * A References list cut to `max` ids (RFC 5322 §3.6.4 lets a long list drop its middle): the
 * first (the thread's root) and the most recent ones, in their order, without repeats.
 */
export function cappedReferences(ids: readonly string[], max = MAX_REFERENCES): string[] {
  const unique = [...new Set(ids)];
  if (unique.length <= max) return unique;
  return max < 2 ? unique.slice(0, max) : [unique[0]!, ...unique.slice(-(max - 1))];
}

/**
 * Threading headers for the next outbound message: In-Reply-To names the customer's latest
 * message (else our latest); References lists the thread oldest first and ends with the
 * In-Reply-To id (RFC 5322 §3.6.4). A long thread keeps its first id and its latest ones.
 */
export function threadHeaders(thread: readonly ThreadMessage[]): { inReplyTo: string | null; references: string[] } {
  const inReplyTo = (thread.findLast((m) => m.fromCustomer) ?? thread.at(-1))?.emailMessageId ?? null;
  const ids = thread.map((m) => m.emailMessageId).filter((id) => id !== inReplyTo);
  if (inReplyTo) ids.push(inReplyTo);
  return { inReplyTo, references: cappedReferences(ids) };
}

export interface ReplyEmailInput {
  ticketNumber: number;
  ticketSubject: string;
  body: string;
  /** The body's sanitised HTML, when the agent formatted it: the email then has an HTML alternative. */
  html?: string | null;
  agentName: string;
  workspaceName: string;
  /** Files too large to attach, sent as download links. */
  fileLinks?: readonly FileLink[];
  /** The requester's mail language (mail-language.ts): the footer and the file-link lines are in it. Default English. */
  language?: MailLanguage;
}

/** The words Kefu adds to a reply, per mail language. */
const REPLY_WORDS: Record<MailLanguage, { footer: (ref: string) => string; fileLinks: (days: number) => string }> = {
  en: {
    footer: (ref) => `Ticket ${ref}. Reply to this email to add to your request.`,
    fileLinks: (days) => `Files too large to attach (download links, valid for ${days} days):`,
  },
  "zh-CN": {
    footer: (ref) => `工单 ${ref}。如需补充，直接回复此邮件即可。`,
    fileLinks: (days) => `以下文件太大，无法作为附件发送（下载链接 ${days} 天内有效）：`,
  },
};

export interface FileLink {
  filename: string;
  size: number;
  url: string;
  validDays: number;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The lines naming files sent as links, with how long the links work. */
function fileLinkLines(links: readonly FileLink[], language: MailLanguage): string {
  if (!links.length) return "";
  const days = Math.min(...links.map((l) => l.validDays));
  return `\n\n${REPLY_WORDS[language].fileLinks(days)}\n${links.map((l) => `- ${l.filename} (${megabytes(l.size)}): ${l.url}`).join("\n")}`;
}

/** The same lines as `fileLinkLines`, in HTML, each URL a link. */
function fileLinkHtml(links: readonly FileLink[], language: MailLanguage): string {
  if (!links.length) return "";
  const days = Math.min(...links.map((l) => l.validDays));
  const items = links.map((l) => `<li>${escapeHtml(l.filename)} (${megabytes(l.size)}): <a href="${escapeHtml(l.url)}">${escapeHtml(l.url)}</a></li>`);
  return `<p>${escapeHtml(REPLY_WORDS[language].fileLinks(days))}</p><ul>${items.join("")}</ul>`;
}

/**
 * Subject and body of a public reply as the customer receives it: the plain text always, and when
 * the agent formatted the message an HTML alternative with the same words (the signature block and
 * file links written into both).
 */
export function composeReplyEmail(input: ReplyEmailInput) {
  const language = input.language ?? "en";
  const footer = [`${input.agentName}\n${input.workspaceName}`, REPLY_WORDS[language].footer(formatTicketRef(input.ticketNumber))];
  const html = input.html
    ? sanitizeComposedHtml(`${input.html}${fileLinkHtml(input.fileLinks ?? [], language)}<p>--<br>${footer.map((p) => escapeHtml(p).replace(/\n/g, "<br>")).join("</p><p>")}</p>`)
    : null;
  return {
    subject: replySubject(input.ticketSubject, input.ticketNumber),
    text: `${input.body.trimEnd()}${fileLinkLines(input.fileLinks ?? [], language)}\n\n--\n${footer.join("\n\n")}\n`,
    html,
  };
}
