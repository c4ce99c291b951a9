import type { Email } from "postal-mime";
import { stripComments } from "./auto-mail";

/**
 * The Message-IDs (without angle brackets) of the original message(s) a delivery-status
 * notification is about, from a postal-mime parse result. Pure. Meant for messages that
 * classifyAutomaticMail() calls a bounce; on other mail it returns whatever the fallbacks find.
 *
 * In order, the first source that yields an id wins:
 * 1. the headers of the returned message: attached `message/rfc822` or `text/rfc822-headers`
 *    parts (and their RFC 6532/6533 `message/global*` forms). postal-mime keeps these as
 *    attachments whenever the message has a `message/delivery-status` part;
 * 2. the bounce's own `In-Reply-To` (every id in it), else the last id of its `References`
 *    (the direct parent; earlier ids are older messages of the thread, not the bounced one);
 * 3. a copy of the original headers quoted in the plain-text body, as qmail, Exim and Gmail
 *    plain-text bounces do (`--- Below this line is a copy of the message.`): every line that
 *    begins with `Message-ID:`.
 */
export function bouncedMessageIds(parsed: Email): string[] {
  const fromAttachments = parsed.attachments.filter((a) => RETURNED_HEADER_TYPES.has(a.mimeType.toLowerCase())).flatMap((a) => {
    const headers = headerBlock(attachmentText(a.content, a.encoding));
    return headers.filter((h) => h.key === "message-id").flatMap((h) => messageIdsIn(h.value).slice(0, 1));
  });
  if (fromAttachments.length) return unique(fromAttachments);

  const inReplyTo = messageIdsIn(parsed.inReplyTo ?? "");
  if (inReplyTo.length) return unique(inReplyTo);
  const lastReference = messageIdsIn(parsed.references ?? "").at(-1);
  if (lastReference) return [lastReference];

  return unique(quotedMessageIdLines(parsed.text ?? ""));
}

const RETURNED_HEADER_TYPES = new Set(["message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers"]);

/** Ids in a Message-ID / In-Reply-To / References value: every `<…>`, else the bare token. */
export function messageIdsIn(value: string): string[] {
  const clean = stripComments(value);
  const bracketed = [...clean.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.replace(/\s+/g, "")).filter(Boolean);
  if (bracketed.length) return bracketed;
  const bare = clean.trim().split(/\s+/)[0] ?? "";
  return bare.includes("@") ? [bare] : [];
}

function attachmentText(content: ArrayBuffer | Uint8Array | string, encoding: "base64" | "utf8" | undefined): string {
  if (typeof content !== "string") return new TextDecoder("utf-8").decode(content);
  if (encoding === "base64") return new TextDecoder("utf-8").decode(Uint8Array.from(atob(content), (c) => c.charCodeAt(0)));
  return content;
}

/** The header section at the start of `text` (leading empty lines skipped, up to the next empty line), unfolded. */
export function headerBlock(text: string): { key: string; value: string }[] {
  const headers: { key: string; value: string }[] = [];
  for (const line of text.replace(/^(?:[ \t]*\r?\n)+/, "").split(/\r?\n/)) {
    if (line.trim() === "") break;
    const last = headers.at(-1);
    if (/^[ \t]/.test(line)) {
      if (last) last.value += " " + line.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      // An mbox "From " line may open the block; anything else ends it.
      if (headers.length === 0 && line.startsWith("From ")) continue;
      break;
    }
    headers.push({ key: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

/** `Message-ID:` lines (with folded continuations) anywhere in a plain-text body. */
function quotedMessageIdLines(text: string): string[] {
  const ids: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const match = /^message-id:(.*)$/i.exec(line);
    if (!match) return;
    let value = match[1]!;
    for (let j = i + 1; j < lines.length && /^[ \t]+\S/.test(lines[j]!); j++) value += " " + lines[j]!.trim();
    ids.push(...messageIdsIn(value).slice(0, 1));
  });
  return ids;
}

const unique = (ids: string[]) => [...new Set(ids)];
