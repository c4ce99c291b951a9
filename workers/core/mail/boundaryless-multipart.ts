import type { Email } from "postal-mime";
import { param } from "./raw-headers";

/**
 * A message that declares itself `multipart/*` but names no boundary has no parts anyone can find
 * (RFC 2046 §5.1.1 makes the parameter mandatory), and postal-mime then returns no text at all.
 * Mainstream readers keep the body: Python's email package records NoBoundaryInMultipartDefect
 * and reads the payload as text/plain, and Thunderbird shows it as the message's text. Kefu
 * does the same (`parseMail`).
 *
 * For a parse result whose own Content-Type is multipart without a boundary, this is the
 * message's body as a text/plain message of its own: a header section naming text/plain, the
 * declared charset and the declared Content-Transfer-Encoding, followed by the bytes after the
 * original header section, untouched; so the parser decodes them as it decodes any text part.
 * Null for any other message. Pure.
 */
export function boundarylessBodyAsText(email: Pick<Email, "headers">, raw: Uint8Array): Uint8Array | null {
  const contentType = headerOf(email, "content-type") ?? "";
  if (!/^\s*multipart\//i.test(contentType) || param(contentType, "boundary")) return null;
  const start = bodyStart(raw);
  if (start < 0) return null;
  const charset = token(param(contentType, "charset"));
  const encoding = token(headerOf(email, "content-transfer-encoding"));
  const head = `Content-Type: text/plain${charset ? `; charset="${charset}"` : ""}\r\n${encoding ? `Content-Transfer-Encoding: ${encoding}\r\n` : ""}\r\n`;
  const head8 = new TextEncoder().encode(head);
  const message = new Uint8Array(head8.length + raw.length - start);
  message.set(head8);
  message.set(raw.subarray(start), head8.length);
  return message;
}

const headerOf = (email: Pick<Email, "headers">, key: string) => email.headers.find((h) => h.key === key)?.value;

/** A charset or encoding name as a bare token (anything else is dropped: the parser's defaults apply). */
function token(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && /^[A-Za-z0-9._:+-]+$/.test(trimmed) ? trimmed : undefined;
}

/** Where the body begins: after the first empty line (CRLF or LF), or -1 when there is none. */
function bodyStart(raw: Uint8Array): number {
  for (let i = raw.indexOf(10); i >= 0; i = raw.indexOf(10, i + 1)) {
    if (raw[i + 1] === 10) return i + 2;
    if (raw[i + 1] === 13 && raw[i + 2] === 10) return i + 3;
  }
  return -1;
}
