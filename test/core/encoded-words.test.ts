import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEncodedWords, decodeUtf7, rawHeaderValue, repairedSubject } from "../../workers/core/mail/encoded-words";

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe("encoded words from raw header bytes", () => {
  it("decodes UTF-7, which TextDecoder lacks", () => {
    expect(decodeUtf7("Fr+APY-sche")).toBe("Frösche");
    expect(decodeUtf7("1 +- 1")).toBe("1 + 1");
    expect(decodeUtf7("+ZeVnLIqe-")).toBe("日本語");
    expect(decodeEncodedWords("=?utf-7?Q?Die_Hasen_und_die_Fr+APY-sche?=")).toBe("Die Hasen und die Frösche");
  });

  it("decodes raw 8-bit bytes inside a Q word with the declared charset", () => {
    expect(decodeEncodedWords("=?iso-8859-1?Q?Die_Hasen_und_die_Fr\u00f6sche?=")).toBe("Die Hasen und die Frösche");
    expect(decodeEncodedWords("=?GB2312?B?1tDOxA==?= =?gbk?Q?=D6=D0?=")).toBe("中文中");
  });

  it("reads a folded header from the raw bytes", () => {
    const raw = latin1("From: a@b\r\nSubject: =?utf-8?Q?caf=C3=A9?=\r\n =?utf-8?Q?_au_lait?=\r\nTo: c@d\r\n\r\nSubject: not this\r\n");
    expect(rawHeaderValue(raw, "subject")).toBe("=?utf-8?Q?caf=C3=A9?= =?utf-8?Q?_au_lait?=");
    expect(decodeEncodedWords(rawHeaderValue(raw, "subject")!)).toBe("café au lait");
  });

  it("keeps the parser's subject unless it is visibly damaged", () => {
    const raw = latin1("Subject: =?iso-8859-1?Q?Fr\u00f6sche?=\r\n\r\nbody");
    expect(repairedSubject("Fr\uFFFDsche", raw)).toBe("Frösche");
    expect(repairedSubject("Fr\u00ef\u00bf\u00bdsche", raw)).toBe("Frösche");
    expect(repairedSubject("Hello", latin1("Subject: Hello\r\n\r\n"))).toBe("Hello");
    expect(repairedSubject(undefined, raw)).toBeUndefined();
  });

  it("UTF-7 round-trips any BMP text written the RFC 2152 way (property)", () => {
    const encode = (s: string) =>
      s.replace(/[^A-Za-z0-9 ]+/g, (run) => {
        const bytes = [...run].flatMap((ch) => [ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff]);
        return `+${btoa(String.fromCharCode(...bytes)).replace(/=+$/, "")}-`;
      });
    const bmpText = fc.string({ unit: "grapheme-composite", maxLength: 30 }).filter((s) => [...s].every((c) => c.charCodeAt(0) < 0xd800));
    fc.assert(
      fc.property(bmpText, (text) => {
        expect(decodeUtf7(encode(text))).toBe(text);
      }),
    );
  });
});
