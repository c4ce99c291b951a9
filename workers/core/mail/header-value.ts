/**
 * Every header value Kefu writes into outbound mail passes through `headerValue` (the mailer
 * adapter calls it for the subject, the From display name and every other header), so a ticket
 * subject, workspace name or user name can never start a header of its own:
 *
 * 1. line breaks and other whitespace controls (CR, LF, TAB, VT, FF, NEL, U+2028, U+2029) become
 *    one space per run; every other control character (C0, DEL, C1, NUL) is removed; a lone
 *    surrogate becomes U+FFFD;
 * 2. what is left stays as it is when it is printable ASCII — else it is written as RFC 2047
 *    encoded-words (`=?UTF-8?B?…?=`, each at most 75 characters, never splitting a character),
 *    so the header is pure ASCII whatever the mail system does with UTF-8. A value that already
 *    holds `=?` is encoded too, so it reads back as written; a display name (`phrase`) is encoded
 *    also when it holds an RFC 5322 special (`,` `<` `"` …), which could otherwise add an address.
 */
export function headerValue(text: string, kind: "unstructured" | "phrase" = "unstructured"): string {
  const clean = cleanHeaderText(text);
  const plain = /^[\x20-\x7e]*$/.test(clean) && !clean.includes("=?") && !(kind === "phrase" && PHRASE_SPECIALS.test(clean));
  return plain ? clean : encodedWords(clean);
}

/** Step 1 of `headerValue`: the text with controls removed and line breaks turned into spaces. */
export function cleanHeaderText(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]/g, "")
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, " ");
}

/** RFC 5322 specials: outside a quoted string they end or split a display name. */
export const PHRASE_SPECIALS = /[()<>[\]:;@\\,."]/;

/** UTF-8 bytes per encoded-word: 45 bytes are 60 base64 characters, 72 with `=?UTF-8?B?` and `?=`. */
const WORD_BYTES = 45;

function encodedWords(text: string): string {
  const encoder = new TextEncoder();
  const words: string[] = [];
  let chunk = "";
  let size = 0;
  for (const char of text) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > WORD_BYTES) {
      words.push(encodedWord(encoder.encode(chunk)));
      chunk = "";
      size = 0;
    }
    chunk += char;
    size += bytes;
  }
  if (chunk) words.push(encodedWord(encoder.encode(chunk)));
  return words.join(" ");
}

const encodedWord = (bytes: Uint8Array) => `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
