import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeHeaderBytes, decodeWordBytes, guessCharset, strictDecode } from "../../workers/core/mail/header-charset";
import { parseMail } from "../../workers/core/mail/parse-mail";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A table encoder for a double-byte charset (TextEncoder only writes UTF-8): every two-byte sequence the decoder reads as one character. */
function doubleByteEncoder(charset: string, leads: [number, number][], trails: [number, number]) {
  const table = new Map<string, number[]>();
  for (const [from, to] of leads)
    for (let lead = from; lead <= to; lead++)
      for (let trail = trails[0]; trail <= trails[1]; trail++) {
        if (trail === 0x7f) continue;
        const text = strictDecode(Uint8Array.from([lead, trail]), charset);
        if (text && [...text].length === 1 && !table.has(text)) table.set(text, [lead, trail]);
      }
  return {
    chars: [...table.keys()],
    encode: (text: string) => Uint8Array.from([...text].flatMap((c) => table.get(c) ?? [c.charCodeAt(0)])),
  };
}

/** GB2312's hanzi rows (the Chinese mail Foxmail and Outlook write), as GB18030 bytes. */
const gb2312 = doubleByteEncoder("gb18030", [[0xb0, 0xf7]], [0xa1, 0xfe]);
/** Shift_JIS hiragana, katakana and level-1 kanji. */
const shiftJis = doubleByteEncoder("shift_jis", [[0x82, 0x83], [0x88, 0x98]], [0x40, 0xfc]);
const ascii = fc.constantFrom(..."abc XYZ 123.-_:".split(""));
const textOf = (chars: string[]) => fc.array(fc.oneof(fc.constantFrom(...chars), ascii), { minLength: 1, maxLength: 30 }).map((a) => a.join(""));

describe("the header decoding rule", () => {
  it("any UTF-8 text's bytes decode to itself, whatever charset is declared (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom(undefined, "gb2312", "iso-8859-1", "shift_jis", "iso-2022-jp", "bogus"), (text, declared) => {
        expect(decodeHeaderBytes(utf8(text), declared)).toBe(text);
      }),
    );
  });

  it("Chinese text written as GB18030 bytes under a gb2312 label decodes to itself (property)", () => {
    fc.assert(
      fc.property(textOf(gb2312.chars), fc.constantFrom("gb2312", "GB2312", "gbk", "gb18030"), (text, declared) => {
        const bytes = gb2312.encode(text);
        // A byte string that is also valid UTF-8 reads as UTF-8 (the rule's first step, as Thunderbird does).
        fc.pre(strictDecode(bytes, "utf-8") === null);
        expect(decodeHeaderBytes(bytes, declared)).toBe(text);
      }),
    );
  });

  it("undeclared GB2312 bytes are guessed as GB18030, never read as windows-1252 (property)", () => {
    fc.assert(
      fc.property(textOf(gb2312.chars), (text) => {
        const bytes = gb2312.encode(text);
        fc.pre(strictDecode(bytes, "utf-8") === null);
        expect(guessCharset(bytes)).toBe("gb18030");
        expect(decodeHeaderBytes(bytes)).toBe(text);
      }),
    );
  });

  it("undeclared Latin-1 words with single accented letters stay European", () => {
    const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("M", "Gr", "Caf", "Ni"), fc.constantFrom(..."äöüéèçñÄÖÜ"), fc.constantFrom("ller", "e", "s", "o")), { minLength: 1, maxLength: 5 }), (words) => {
        const text = words.map((w) => w.join("")).join(" ");
        expect(decodeHeaderBytes(latin1(text))).toBe(text);
      }),
    );
    expect(decodeHeaderBytes(latin1("Gr\u00fc\u00dfe"), "iso-8859-1")).toBe("Grüße");
  });

  it("Shift_JIS bytes in a word labelled ISO-2022-JP fall back to Shift_JIS (property); a right label is kept", () => {
    fc.assert(
      fc.property(textOf(shiftJis.chars), (text) => {
        const bytes = shiftJis.encode(text);
        fc.pre(/[^\x00-\x7f]/.test(text));
        expect(decodeWordBytes(bytes, "ISO-2022-JP")).toBe(text);
      }),
    );
    const jis = Uint8Array.from(atob("GyRCJCpMZCQkOWckbyQ7GyhC"), (c) => c.charCodeAt(0));
    expect(decodeWordBytes(jis, "iso-2022-jp")).toBe("お問い合わせ");
  });
});

describe("display names through parseMail", () => {
  const name = fc
    .array(fc.constantFrom(..."Müller, Hans.Zhang 张伟 (Sales) <Kefu> \"q\"".split("")), { minLength: 1, maxLength: 24 })
    .map((a) => a.join("").replace(/\s+/g, " ").trim())
    .filter((n) => /[^\s<>]/.test(n[0] ?? "") && /[^\s<>]/.test(n.at(-1) ?? ""));
  /** Q-encoding as PHP's mb_encode_mimeheader writes it: specials such as `,` left raw. */
  const qWord = (text: string) => `=?utf-8?Q?${[...utf8(text)].map((b) => (b === 0x20 ? "_" : b > 0x7e || b === 0x3d || b === 0x3f || b === 0x5f ? `=${b.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(b))).join("")}?=`;

  it("an encoded display name holding commas, brackets or quotes stays one mailbox with its address (property)", async () => {
    await fc.assert(
      fc.asyncProperty(name, async (display) => {
        const email = await parseMail(utf8(`From: ${qWord(display)} <hans@example.de>\r\nSubject: x\r\n\r\nbody\r\n`));
        expect(email.from).toEqual({ name: display, address: "hans@example.de" });
      }),
      { numRuns: 60 },
    );
  });
});
