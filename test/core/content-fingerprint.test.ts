import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentFingerprint, dedupeKeysOf, senderContent } from "../../workers/core/mail/content-fingerprint";

const bytes = (text: string) => new TextEncoder().encode(text);

const messageArb = fc
  .record({
    subject: fc.stringMatching(/^[A-Za-z0-9 ]{1,30}$/),
    body: fc.array(fc.stringMatching(/^[A-Za-z0-9 .,]{0,40}$/), { minLength: 1, maxLength: 6 }),
    messageId: fc.stringMatching(/^[a-z0-9]{1,12}@[a-z]{1,8}\.example$/),
  })
  .map(({ subject, body, messageId }) => ({
    headers: ["From: Li Wei <li.wei@example.com>", "To: acme@kefu.example", `Subject: ${subject}`, "Date: Sun, 22 Nov 2026 10:00:00 +0800", `Message-ID: <${messageId}>`, "Content-Type: text/plain; charset=utf-8"],
    body: [...body, "中文 ✓"],
  }));

/** Headers servers add on the way (each delivery attempt and forwarding path differs in them). */
const traceArb = fc.array(
  fc.tuple(
    fc.constantFrom("Received", "Return-Path", "Delivered-To", "X-Forwarded-To", "ARC-Seal", "ARC-Authentication-Results", "Authentication-Results", "DKIM-Signature", "X-CF-Spamh-Score", "Received-SPF"),
    fc.stringMatching(/^[A-Za-z0-9 =;.<>@-]{0,40}$/),
  ),
  { maxLength: 6 },
);

const render = (m: { headers: string[]; body: string[] }, eol = "\r\n") => [...m.headers, "", ...m.body, ""].join(eol);

describe("senderContent", () => {
  it("ignores trace headers, folding, line ends and trailing spaces: a re-delivery has the same fingerprint", () => {
    fc.assert(
      fc.property(messageArb, traceArb, fc.constantFrom("\r\n", "\n"), fc.nat(), (m, trace, eol, at) => {
        const headers = [...m.headers];
        for (const [name, value] of trace) headers.splice(at % (headers.length + 1), 0, `${name}: ${value}`);
        const folded = headers.map((h) => (h.startsWith("Content-Type:") ? h.replace("; ", ";\r\n\t") : h));
        const redelivered = render({ headers: folded, body: m.body.map((l) => `${l}  `) }, eol) + eol + eol;
        expect(senderContent(bytes(redelivered))).toBe(senderContent(bytes(render(m))));
      }),
    );
  });

  it("differs when the body or the subject differs", () => {
    fc.assert(
      fc.property(messageArb, fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), (m, extra) => {
        const base = senderContent(bytes(render(m)));
        expect(senderContent(bytes(render({ ...m, body: [...m.body, extra] })))).not.toBe(base);
        expect(senderContent(bytes(render({ ...m, headers: m.headers.map((h) => (h.startsWith("Subject:") ? `${h} ${extra}` : h)) })))).not.toBe(base);
      }),
    );
  });

  it("a body reads as its lines without trailing spaces or tabs, without the empty lines at its end", () => {
    const body = fc.array(fc.constantFrom(" ", "\t", "\n", "\r\n", "a", "é"), { maxLength: 24 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(body, (text) => {
        const lines = text.replace(/\r\n?/g, "\n").split("\n").map((line) => line.replace(/[ \t]+$/, ""));
        while (lines.length && lines[lines.length - 1] === "") lines.pop();
        const written = senderContent(bytes(`Subject: x\r\n\r\n${text}`));
        expect(written.slice(written.indexOf("\n\n") + 2)).toBe(new TextDecoder("latin1").decode(bytes(lines.join("\n"))));
      }),
    );
  });

  it("keeps 8-bit bodies byte-exact (two GBK bodies never collide)", async () => {
    const gbk = (b: number) => new Uint8Array([...bytes("Subject: x\r\nContent-Type: text/plain; charset=gbk\r\n\r\n"), 0xc4, b, 0x0d, 0x0a]);
    expect(await contentFingerprint(gbk(0xe3))).not.toBe(await contentFingerprint(gbk(0xe4)));
    expect(await contentFingerprint(gbk(0xe3))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("dedupeKeysOf", () => {
  it("keys by Message-ID first, by id and content for a reuse, by content alone without an id", () => {
    fc.assert(
      fc.property(fc.option(fc.stringMatching(/^[a-z0-9.]{1,20}@[a-z]{1,10}$/), { nil: null }), fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[0-9a-f]{64}$/), (id, h1, h2) => {
        const a = dedupeKeysOf(id, h1);
        const b = dedupeKeysOf(id, h2);
        if (id) {
          expect(a.primary).toBe(b.primary);
          expect(a.reuse === b.reuse).toBe(h1 === h2);
          expect(a.reuse).not.toBe(a.primary);
        } else {
          expect(a.reuse).toBeNull();
          expect(a.primary === b.primary).toBe(h1 === h2);
        }
      }),
    );
  });
});
