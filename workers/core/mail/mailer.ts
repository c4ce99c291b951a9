import type { OutboundAttachment } from "../../../schema";
import { headerValue } from "./header-value";

/** One email as Kefu sends it. Message-IDs are stored and passed without angle brackets. */
export interface OutboundEmail {
  from: { email: string; name: string };
  to: string;
  /** Copied: the Cc header. */
  cc?: readonly string[];
  /** Blind-copied: envelope recipients only, never a header. */
  bcc?: readonly string[];
  replyTo?: string | null;
  subject: string;
  text: string;
  html?: string | null;
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  headers?: Record<string, string>;
  /** Files sent as MIME parts; their bytes are read from the file store at each attempt. */
  attachments?: OutboundAttachment[];
}

/**
 * The MIME shape the `send_email` binding writes for a message (seen in miniflare's builder, as
 * Cloudflare documents it): the text alone, or text and HTML as multipart/alternative, inside
 * multipart/mixed with the files when there are any. Shown by the dev outbox.
 */
export function mimeStructure(email: { html?: string | null; attachments?: readonly { contentType: string }[] | null }): string {
  const body = email.html ? "multipart/alternative (text/plain, text/html)" : "text/plain";
  return email.attachments?.length ? `multipart/mixed (${[body, ...email.attachments.map((a) => a.contentType)].join(", ")})` : body;
}

/** The only thing the core knows about sending mail. */
export interface Mailer {
  send(email: OutboundEmail): Promise<void>;
}

/** How the core sends mail: the mailer, and the domain of Kefu's addresses and Message-IDs. */
export interface MailSettings {
  mailer: Mailer;
  mailDomain: string;
}

/**
 * Sends through Cloudflare's `send_email` binding (simulated and logged under `wrangler dev`).
 * The one place where Kefu's header values become a message: every one of them — subject, From
 * display name, threading ids, every other header — goes through `headerValue`, and a header
 * name or address that could start another header is refused (the send fails and is recorded).
 * A message with files reads each from `blobs` (R2) and sends it as an attachment part; a file
 * gone from the store fails the send (recorded, retried).
 */
export function sendEmailBindingMailer(binding: SendEmail, blobs?: R2Bucket): Mailer {
  return {
    async send(email) {
      const headers: Record<string, string> = { ...email.headers, "Message-ID": `<${email.messageId}>` };
      if (email.inReplyTo) headers["In-Reply-To"] = `<${email.inReplyTo}>`;
      if (email.references?.length) headers["References"] = email.references.map((id) => `<${id}>`).join(" ");
      await binding.send({
        from: { email: address(email.from.email), name: headerValue(email.from.name, "phrase") },
        to: address(email.to),
        ...(email.cc?.length ? { cc: email.cc.map(address) } : {}),
        ...(email.bcc?.length ? { bcc: email.bcc.map(address) } : {}),
        ...(email.replyTo ? { replyTo: address(email.replyTo) } : {}),
        subject: headerValue(email.subject),
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [headerName(name), headerValue(value)])),
        ...(email.attachments?.length ? { attachments: await attachmentParts(email.attachments, blobs) } : {}),
      });
    },
  };
}

/**
 * A header name: RFC 5322 ftext, which has no room for a colon, a space or a line break. Never
 * an address header: recipients go only through the binding's own fields (a Bcc header would
 * show every blind copy).
 */
function headerName(name: string): string {
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) throw new Error(`Refused to send: header name ${JSON.stringify(name)} is not a header name`);
  if (/^(to|cc|bcc|from|reply-to|sender)$/i.test(name)) throw new Error(`Refused to send: ${name} is set by the mailer, not as an extra header`);
  return name;
}

/** An address, as stored: one token without spaces, controls or angle brackets. */
function address(value: string): string {
  if (!/^[^\s<>,;"\x00-\x1f\x7f]+@[^\s<>,;"@\x00-\x1f\x7f]+$/.test(value)) throw new Error(`Refused to send: ${JSON.stringify(value)} is not a single address`);
  return value;
}

/** A message's files as the binding's attachment parts, read from the file store. */
async function attachmentParts(files: readonly OutboundAttachment[], blobs: R2Bucket | undefined): Promise<EmailAttachment[]> {
  if (!blobs) throw new Error("Refused to send: the message has files but the mailer has no file store");
  return Promise.all(
    files.map(async (file) => {
      const object = await blobs.get(file.storageKey);
      if (!object) throw new Error(`Could not send: the file ${JSON.stringify(file.filename)} is missing from the store`);
      return { disposition: "attachment" as const, filename: file.filename, type: file.contentType, content: await object.arrayBuffer() };
    }),
  );
}
