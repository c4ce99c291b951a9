/**
 * The raw message with its header blocks (the message's, each MIME part's, each attached
 * message's) made readable for the MIME parser, which decodes header bytes as UTF-8 and reads
 * folds strictly. Body bytes are never touched; a message that needs nothing comes back as is.
 *
 * In every header block:
 * - a line at column 0 that is not `name:` continues the header above it (Thunderbird and
 *   Outlook read a `boundary=` or `name=` continuation that a mailer forgot to indent so);
 * - raw 8-bit bytes become UTF-8 through the one decoding rule of header-charset.ts, with the
 *   block's own declared charset, else the first one the message declares;
 * - encoded-words the parser would misread are rewritten as one UTF-8 word: raw 8-bit bytes
 *   inside the word, UTF-7, or a declared charset that does not fit the bytes;
 * - in address headers, an encoded-word outside quotes whose text holds a `,` or another
 *   special (`=?utf-8?Q?M=C3=BCller,_Hans?=`) becomes a quoted string, so it stays one name.
 */

import { decodeEncodedWords, ENCODED_WORD, encodedWordBytes } from "./encoded-words";
import { decodeHeaderBytes, decodeWordBytes, strictDecode } from "./header-charset";
import { PHRASE_SPECIALS } from "./header-value";

/** Header blocks larger than this are left to the parser as they are (it enforces its own limit). */
const MAX_BLOCK = 256 * 1024;

/** Each byte as one char U+0000–U+00FF (TextDecoder's "latin1" is windows-1252, which remaps 0x80–0x9F). */
function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}
const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8AsLatin1 = (text: string) => latin1(new TextEncoder().encode(text));

const ADDRESS_HEADERS = new Set(["from", "to", "cc", "bcc", "reply-to", "sender", "resent-from", "resent-to", "resent-cc"]);
/** An RFC 7230 token and a colon: what a header line starts with. */
const HEADER_START = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+[ \t]*:/;
const WORD_RUN = /(?:=\?[^?\s]+\?[QqBb]\?[^?]*\?=)(?:\s*=\?[^?\s]+\?[QqBb]\?[^?]*\?=)*/g;

/** A parameter of a header value (`charset`, `boundary`), unquoted. */
export function param(value: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

interface Block {
  text: string;
  boundary?: string;
  /** The block's body starts with another header block (an attached message, not base64 or QP). */
  embedsMessage: boolean;
}

/**
 * One header block (latin1 text, line ends included), normalised. `fallbackCharset` is asked only
 * when a header holds raw 8-bit bytes and the block declares no charset.
 */
function normalizeHeaderBlock(text: string, fallbackCharset: () => string | undefined): Block {
  const headers: string[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    if (headers.length && !/^[ \t]/.test(line) && !HEADER_START.test(line) && line.trim()) headers[headers.length - 1] += ` ${line}`;
    else if (headers.length && /^[ \t]/.test(line)) headers[headers.length - 1] += line;
    else headers.push(line);
  }
  const valueOf = (name: string) => {
    const header = headers.find((h) => h.toLowerCase().startsWith(`${name}:`));
    return header?.slice(name.length + 1).replace(/\r?\n/g, "");
  };
  const contentType = valueOf("content-type") ?? "";
  const declared = param(contentType, "charset");
  const charset = declared === undefined ? fallbackCharset : () => declared;
  const encoding = (valueOf("content-transfer-encoding") ?? "").trim().toLowerCase();
  return {
    text: headers.map((h) => normalizeHeader(h, charset)).join(""),
    boundary: /^\s*multipart\//i.test(contentType) ? param(contentType, "boundary") : undefined,
    embedsMessage: /^\s*message\/(rfc822|global)\b/i.test(contentType) && encoding !== "base64" && encoding !== "quoted-printable",
  };
}

/**
 * One header (latin1, folds included): its encoded-words repaired where needed, its raw 8-bit
 * bytes decoded (with the charset `charset` gives, asked only then), as UTF-8 held in latin1.
 */
export function normalizeHeader(header: string, charset: () => string | undefined = () => undefined): string {
  const name = header.slice(0, Math.max(0, header.indexOf(":"))).trim().toLowerCase();
  const address = ADDRESS_HEADERS.has(name);
  // Whether an offset is inside quotes: the quotes (not escaped) before it, counted on from the last
  // offset asked (the runs come in order), not from the start each time.
  let counted = 0;
  let quotes = 0;
  const quotedAt = (offset: number) => {
    for (; counted < offset; counted++) if (header[counted] === '"' && header[counted - 1] !== "\\") quotes++;
    return quotes % 2 === 1;
  };
  const words = header.replace(WORD_RUN, (run, offset: number) => {
    const quoted = quotedAt(offset);
    const phraseBreaker = address && !quoted && [...run.matchAll(ENCODED_WORD)].some(([, , encoding, text]) => encoding!.toUpperCase() === "Q" && PHRASE_SPECIALS.test(text!));
    if (!phraseBreaker && !misread(run)) return run;
    const text = decodeEncodedWords(run);
    if (address && !quoted && PHRASE_SPECIALS.test(text)) return utf8AsLatin1(`"${text.replace(/[\\"]/g, "\\$&")}"`);
    return `=?UTF-8?B?${btoa(utf8AsLatin1(text))}?=`;
  });
  return /[\x80-\xff]/.test(words) ? utf8AsLatin1(decodeHeaderBytes(bytesOf(words), charset())) : words;
}

/** Whether the parser would misread a run of encoded-words: raw 8-bit bytes, UTF-7, or bytes the declared charset does not decode cleanly. */
function misread(run: string): boolean {
  return [...run.matchAll(ENCODED_WORD)].some(([, charset, encoding, text]) => {
    const label = charset!.split("*")[0]!.toLowerCase();
    if (/[\x80-\xff]/.test(text!) || label.includes("utf-7")) return true;
    const bytes = encodedWordBytes(encoding!, text!);
    const strict = bytes && strictDecode(bytes, label);
    return Boolean(bytes) && strictDecode(new Uint8Array(0), label) !== null && (strict === null || decodeWordBytes(bytes!, label) !== strict);
  });
}

/** The first `charset=` the message declares anywhere in its first 64 KiB (Outlook and Foxmail label the text part, not the top). */
function firstDeclaredCharset(raw: Uint8Array): string | undefined {
  return /charset\s*=\s*"?([A-Za-z0-9_.:-]+)/i.exec(latin1(raw.subarray(0, 64 * 1024)))?.[1];
}

/** The raw message with every header block normalised (see the file comment); the same array when nothing changed. */
export function normalizedHeaders(raw: Uint8Array): Uint8Array {
  // Read only for a header with raw 8-bit bytes and no charset of its own: scanning 64 KiB for it
  // was most of this function's time on every message.
  let fallbackRead = false;
  let fallbackCharset: string | undefined;
  const fallback = () => {
    if (!fallbackRead) (fallbackCharset = firstDeclaredCharset(raw)), (fallbackRead = true);
    return fallbackCharset;
  };
  const pieces: Uint8Array[] = [];
  const boundaries = new Set<string>();
  let changed = false;
  let copiedTo = 0;
  let pos = 0;
  let inHeader = true;
  while (pos < raw.length) {
    if (inHeader) {
      let end = pos;
      while (end < raw.length && end - pos < MAX_BLOCK) {
        const next = raw.indexOf(10, end);
        const lineEnd = next < 0 ? raw.length : next + 1;
        if (raw[end] === 10 || (raw[end] === 13 && raw[end + 1] === 10)) break;
        end = lineEnd;
      }
      if (end - pos >= MAX_BLOCK) break;
      const original = latin1(raw.subarray(pos, end));
      const block = normalizeHeaderBlock(original, fallback);
      if (block.boundary) boundaries.add(block.boundary);
      if (block.text !== original) {
        pieces.push(raw.subarray(copiedTo, pos), bytesOf(block.text));
        copiedTo = end;
        changed = true;
      }
      inHeader = block.embedsMessage;
      // The empty line that ends the block; an embedded message's headers start after it.
      const next = raw.indexOf(10, end);
      pos = next < 0 ? raw.length : next + 1;
      continue;
    }
    const next = raw.indexOf(10, pos);
    const lineEnd = next < 0 ? raw.length : next + 1;
    if (raw[pos] === 0x2d && raw[pos + 1] === 0x2d && boundaries.size) {
      const delimiter = latin1(raw.subarray(pos + 2, lineEnd)).trimEnd();
      if (boundaries.has(delimiter)) inHeader = true;
    }
    pos = lineEnd;
  }
  if (!changed) return raw;
  pieces.push(raw.subarray(copiedTo));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) out.set(piece, at), (at += piece.length);
  return out;
}
