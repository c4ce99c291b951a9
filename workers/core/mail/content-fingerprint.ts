import { sha256Hex } from "../ids";
import { isSpaceOrTab, trimEndWhere } from "../trim-runs";

/**
 * What a message's sender wrote, as opposed to what the servers on the way added: the
 * originator and MIME headers below (unfolded, whitespace collapsed, in order) and the body
 * (line ends and trailing spaces normalised). Trace headers — Received, Return-Path,
 * Delivered-To, ARC-*, Authentication-Results, DKIM signatures a forwarder adds, spam scores —
 * differ on every delivery attempt and every forwarding path, so a hash of the raw bytes would
 * call a retried delivery a new message. Pure.
 */
const SENDER_HEADERS = new Set([
  "from",
  "sender",
  "reply-to",
  "to",
  "cc",
  "subject",
  "date",
  "message-id",
  "in-reply-to",
  "references",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
]);

/** Byte-preserving text (every byte maps to its own code point), so 8-bit bodies hash exactly. */
const bytesAsText = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

export function senderContent(raw: Uint8Array): string {
  const text = bytesAsText(raw).replace(/\r\n?/g, "\n");
  const split = text.indexOf("\n\n");
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? "" : text.slice(split + 2);
  const headers = head
    .replace(/\n[ \t]+/g, " ")
    .split("\n")
    .flatMap((line) => {
      const colon = line.indexOf(":");
      if (colon <= 0) return [];
      const name = line.slice(0, colon).trim().toLowerCase();
      return SENDER_HEADERS.has(name) ? [`${name}:${line.slice(colon + 1).replace(/\s+/g, " ").trim()}`] : [];
    });
  // Trailing spaces and tabs off every line, then the empty lines at the end. Most bodies have no
  // line ending in a space or tab before its line end, and then only the end needs trimming.
  const trimmedLines = /[ \t]\n/.test(body) ? body.split("\n").map((line) => trimEndWhere(line, isSpaceOrTab)).join("\n") : body;
  return `${headers.join("\n")}\n\n${trimEndWhere(trimmedLines, (char) => char === "\n" || isSpaceOrTab(char))}`;
}

/** SHA-256 (hex) of senderContent(raw): equal for re-deliveries of one message, different for different messages. */
export const contentFingerprint = (raw: Uint8Array) => sha256Hex(senderContent(raw));

/**
 * The dedupe keys of a message, per workspace: its Message-ID, and — used only when an earlier
 * message with that id had different content — the id with the content hash. Without a
 * Message-ID, the content hash alone. Pure.
 */
export function dedupeKeysOf(messageId: string | null, contentHash: string): { primary: string; reuse: string | null } {
  return messageId ? { primary: `mid:${messageId}`, reuse: `mid:${messageId}#content:${contentHash}` } : { primary: `content:${contentHash}`, reuse: null };
}
