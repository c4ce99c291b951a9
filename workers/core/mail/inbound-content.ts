import type { Email } from "postal-mime";
import type { NewMessage } from "../tickets/ticket-store";
import { sanitizeEmailHtml } from "./html-sanitizer";
import { htmlToText } from "./html-to-text";
import type { Mailbox } from "./inbound-mail";
import { markQuotedHtml, splitQuotedText } from "./quoted-history";
import { normalizeMessageId } from "./threading";

/**
 * The customer's message as stored: the text (else text rendered from the HTML) split from its
 * quoted history, the HTML sanitised with its quoted blocks marked and `cid:` images pointed at
 * their stored files (`urlOfContentId`, inbound-attachments.ts).
 */
export function messageContent(
  parsed: Email,
  raw: Uint8Array,
  urlOfContentId: ReadonlyMap<string, string>,
  meta: { id: string; sender: Mailbox; automatic: boolean; inboundId: string; threadKey: string | null },
): NewMessage {
  const text = parsed.text?.trim() ? parsed.text : parsed.html ? htmlToText(parsed.html) : parsed.attachments.length ? "" : rawBodyText(raw);
  const { body, quoted } = splitQuotedText(text.replace(/\r\n/g, "\n"));
  const html = parsed.html ? markQuotedHtml(sanitizeEmailHtml(parsed.html, { cidUrl: (cid) => urlOfContentId.get(cid) ?? null }).html) : null;
  return {
    id: meta.id,
    kind: "customer",
    bodyText: body.trim() || (quoted ? "" : "(no text)"),
    bodyHtml: html,
    quotedText: quoted,
    emailMessageId: normalizeMessageId(parsed.messageId),
    fromAddress: meta.sender.address,
    fromName: meta.sender.name || null,
    automatic: meta.automatic,
    inboundMessageId: meta.inboundId,
    threadKey: meta.threadKey,
  };
}

/**
 * The body as plain text when the parser found no part at all (a multipart whose boundary never
 * occurs; one declared without a boundary is read as text by parseMail): everything after the
 * header block, read leniently as UTF-8.
 */
function rawBodyText(raw: Uint8Array): string {
  const text = new TextDecoder("utf-8").decode(raw);
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? "" : text.slice(end).trim();
}
