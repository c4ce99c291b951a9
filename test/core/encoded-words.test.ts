import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEncodedWords, decodeUtf7 } from "../../workers/core/mail/encoded-words";
import { normalizeHeader } from "../../workers/core/mail/raw-headers";

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

  it("rewrites a subject the parser would misread as one UTF-8 word, and leaves a clean one as written", () => {
    const utf8Word = (header: string) => decodeEncodedWords(normalizeHeader(header).replace(/^Subject: /, ""));
    expect(utf8Word("Subject: =?iso-8859-1?Q?Fr\u00f6sche?=\r\n")).toBe("Frösche\r\n");
    expect(utf8Word("Subject: =?utf-7?Q?Fr+APY-sche?=\r\n")).toBe("Frösche\r\n");
    expect(normalizeHeader("Subject: =?utf-8?Q?caf=C3=A9?=\r\n =?utf-8?Q?_au_lait?=\r\n")).toBe("Subject: =?utf-8?Q?caf=C3=A9?=\r\n =?utf-8?Q?_au_lait?=\r\n");
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
