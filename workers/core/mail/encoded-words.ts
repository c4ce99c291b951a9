/**
 * RFC 2047 encoded-words read straight from the raw header bytes: the fallback for the two
 * things the parser gets wrong — UTF-7 (not a WHATWG encoding, so TextDecoder lacks it) and raw
 * 8-bit bytes inside an encoded-word (old Eudora, Outlook 2000), which the parser turns into
 * U+FFFD before decoding — and a declared charset that does not fit the bytes.
 */

import { decodeWordBytes, strictDecode } from "./header-charset";

/** One RFC 2047 encoded-word; `text` may hold raw 8-bit bytes (each a latin1 char). */
export const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=/g;

/**
 * Decodes every encoded-word in a latin1-held header value; whitespace between words is
 * dropped, and adjacent words in the same charset are decoded as one byte string (a character
 * split across two words survives). A declared charset that does not fit the bytes falls back
 * (see decodeWordBytes); an unknown charset or bad base64 leaves the word as written.
 */
export function decodeEncodedWords(value: string): string {
  return value.replace(/(?:=\?[^?\s]+\?[QqBb]\?[^?]*\?=)(?:\s*=\?[^?\s]+\?[QqBb]\?[^?]*\?=)*/g, (run) => {
    const words = [...run.matchAll(ENCODED_WORD)].map(([word, charset, encoding, text]) => ({ word, label: charset!.split("*")[0]!.toLowerCase(), bytes: encodedWordBytes(encoding!, text!) }));
    let out = "";
    for (let i = 0; i < words.length; ) {
      let j = i + 1;
      while (j < words.length && words[j]!.label === words[i]!.label && words[j]!.bytes && words[i]!.bytes) j++;
      out += decodedRun(words.slice(i, j));
      i = j;
    }
    return out;
  });
}

function decodedRun(words: { word: string; label: string; bytes: Uint8Array | null }[]): string {
  const { label, bytes } = words[0]!;
  if (!bytes) return words[0]!.word;
  const all = words.length === 1 ? bytes : Uint8Array.from(words.flatMap((w) => [...w.bytes!]));
  if (label === "utf-7" || label === "unicode-1-1-utf-7") return decodeUtf7(String.fromCharCode(...all));
  if (strictDecode(new Uint8Array(0), label) === null) return words.map((w) => w.word).join(" "); // unknown charset: as written
  return decodeWordBytes(all, label);
}

/** RFC 2152 UTF-7: `+` opens modified base64 of UTF-16BE, ended by `-` or any non-base64 char; `+-` is `+`. */
export function decodeUtf7(text: string): string {
  return text.replace(/\+([A-Za-z0-9+/]*)-?/g, (whole, b64: string) => {
    if (b64 === "") return whole === "+-" ? "+" : whole;
    const bytes = base64Bytes(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), "="));
    if (!bytes) return whole;
    let out = "";
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return out;
  });
}

/** The bytes an encoded-word's text stands for (B: base64, Q: `_` and `=XX`), or null for bad base64. */
export const encodedWordBytes = (encoding: string, text: string) => (encoding.toUpperCase() === "B" ? base64Bytes(text) : qBytes(text));

function qBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "_") bytes.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

function base64Bytes(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
