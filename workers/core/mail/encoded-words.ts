/**
 * RFC 2047 encoded-words read straight from the raw header bytes: the fallback for the two
 * things the parser gets wrong — UTF-7 (not a WHATWG encoding, so TextDecoder lacks it) and raw
 * 8-bit bytes inside an encoded-word (old Eudora, Outlook 2000), which the parser turns into
 * U+FFFD before decoding.
 */

/** The header's value from the raw message: unfolded, each byte one char (latin1). */
export function rawHeaderValue(raw: Uint8Array, name: string): string | null {
  const head = new TextDecoder("latin1").decode(raw.subarray(0, Math.min(raw.length, 256 * 1024)));
  const block = head.split(/\r?\n\r?\n/)[0] ?? "";
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(block);
  return match ? match[1]!.replace(/\r?\n[ \t]+/g, " ").trim() : null;
}

/** Decodes every encoded-word in a latin1-held header value; whitespace between words is dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?\s]+)\?([QqBb])\?([^?]*)\?=/g, (word, charset: string, encoding: string, text: string) => {
      const bytes = encoding.toUpperCase() === "B" ? base64Bytes(text) : qBytes(text);
      if (!bytes) return word;
      const label = charset.split("*")[0]!.toLowerCase();
      if (label === "utf-7" || label === "unicode-1-1-utf-7") return decodeUtf7(String.fromCharCode(...bytes));
      try {
        return new TextDecoder(label).decode(bytes);
      } catch {
        return word; // unknown charset: leave the word as written
      }
    });
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

/**
 * The subject to keep: the parser's, unless it shows damage the raw header can repair.
 */
export function repairedSubject(parsed: string | undefined, raw: Uint8Array): string | undefined {
  // U+FFFD, or its UTF-8 bytes read as latin1 ("ï¿½"), or a UTF-7 word the parser could not decode.
  const damaged = parsed !== undefined && (/\uFFFD|\u00ef\u00bf\u00bd/.test(parsed) || /=\?utf-7\?/i.test(rawHeaderValue(raw, "subject") ?? ""));
  if (!damaged) return parsed;
  const header = rawHeaderValue(raw, "subject");
  const decoded = header ? decodeEncodedWords(header) : undefined;
  return decoded && !decoded.includes("\uFFFD") ? decoded : parsed;
}
