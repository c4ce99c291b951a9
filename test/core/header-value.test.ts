import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { decodeEncodedWords } from "../../workers/core/mail/encoded-words";
import { headerValue } from "../../workers/core/mail/header-value";

/** The expected clean text, written char by char (independently of the regular expressions under test). */
function expectedClean(text: string): string {
  let out = "";
  let inBreak = false;
  for (let i = 0; i < text.length; i++) {
    let char = text[i]!;
    const code = char.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) char += text[++i]!;
      else char = "\uFFFD";
    } else if (code >= 0xdc00 && code <= 0xdfff) char = "\uFFFD";
    const isBreak = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029].includes(code);
    const isControl = !isBreak && (code < 0x20 || (code >= 0x7f && code <= 0x9f));
    if (isControl) continue;
    if (isBreak) {
      if (!inBreak) out += " ";
      inBreak = true;
      continue;
    }
    inBreak = false;
    out += char;
  }
  return out;
}

/** Strings with every kind of trouble: any code point, line breaks, controls, `=?`, lone surrogates. */
const nasty = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: fc.constantFrom("a", " ", "\r", "\n", "\r\n", "\t", "\0", "\u0085", "\u2028", "=?", "?=", "Bcc: x@y", "中", "😀", "é", "\ud800", "<", ",", '"'), maxLength: 40 }),
  fc.string({ maxLength: 300 }),
);

describe("headerValue: every header value Kefu writes", () => {
  it("is printable ASCII only: no CR, LF, NUL or other control character, whatever the input", () => {
    fc.assert(
      fc.property(nasty, fc.constantFrom("unstructured" as const, "phrase" as const), (text, kind) => {
        expect(headerValue(text, kind)).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 1000 },
    );
  });

  it("decodes back to the input less its controls, line breaks as one space (the project's RFC 2047 decoder)", () => {
    fc.assert(
      fc.property(nasty, fc.constantFrom("unstructured" as const, "phrase" as const), (text, kind) => {
        expect(decodeEncodedWords(headerValue(text, kind))).toBe(expectedClean(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("writes encoded-words of at most 75 characters, each whole UTF-8 (no character split between two)", () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const words = headerValue(text).match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? [];
        for (const word of words) {
          expect(word.length).toBeLessThanOrEqual(75);
          const bytes = Uint8Array.from(atob(word.slice(10, -2)), (c) => c.charCodeAt(0));
          expect(() => new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });

  it("leaves plain ASCII as written; a display name with specials is encoded", () => {
    expect(headerValue("Re: [#12] Tea arrived broken")).toBe("Re: [#12] Tea arrived broken");
    expect(headerValue("Mei Lin", "phrase")).toBe("Mei Lin");
    expect(headerValue("Acme\r\nBcc: evil@x.example")).toBe("Acme Bcc: evil@x.example");
    expect(headerValue("Evil <a@x>, b@y", "phrase")).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(headerValue("茶叶店")).toBe("=?UTF-8?B?6Iy25Y+25bqX?=");
  });

  it("reads back through postal-mime, as a mail client would", async () => {
    const samples = fc.sample(nasty, { numRuns: 60, seed: 7 });
    for (const text of [...samples, "Re: [#1] 龙井茶缺货了吗？ 😀", "Olivia (Acme, Inc.)"]) {
      const raw = `From: ${headerValue(text, "phrase")} <a@example.com>\r\nTo: b@example.com\r\nSubject: ${headerValue(text)}\r\nMessage-ID: <x@example.com>\r\n\r\nbody\r\n`;
      const parsed = await PostalMime.parse(raw);
      const clean = expectedClean(text);
      expect(parsed.headers.map((h) => h.key).sort(), JSON.stringify(text)).toEqual(["from", "message-id", "subject", "to"]);
      const words = (value: string) => value.replace(/\s+/g, " ").trim();
      expect(words(parsed.subject ?? ""), JSON.stringify(text)).toBe(words(clean));
      if (clean.trim()) expect(parsed.from?.address).toBe("a@example.com");
    }
  });
});
