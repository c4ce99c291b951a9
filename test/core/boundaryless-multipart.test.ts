import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { boundarylessBodyAsText } from "../../workers/core/mail/boundaryless-multipart";

const encode = (text: string) => new TextEncoder().encode(text);
const subtypeArb = fc.constantFrom("mixed", "report", "alternative", "related", "signed", "x-unknown");
const lineArb = fc.string({ unit: fc.constantFrom(..."abc xyz,.!?0123456789", "ü", "你", "好", "é"), minLength: 1, maxLength: 30 }).filter((l) => l.trim() !== "" && !l.startsWith(" "));
const bodyArb = fc.array(lineArb, { minLength: 1, maxLength: 5 });
const eolArb = fc.constantFrom("\r\n", "\n");

function message(contentType: string, lines: string[], eol: string): Uint8Array {
  return encode(`From: a@example.com${eol}Subject: s${eol}Content-Type: ${contentType}${eol}${eol}${lines.join(eol)}${eol}`);
}

describe("boundarylessBodyAsText", () => {
  it("reads a boundaryless multipart's body as the text the parser then returns, whatever the subtype and line ends", async () => {
    await fc.assert(
      fc.asyncProperty(subtypeArb, bodyArb, eolArb, async (subtype, lines, eol) => {
        const raw = message(`multipart/${subtype}; charset=utf-8`, lines, eol);
        const parsed = await PostalMime.parse(raw);
        const asText = boundarylessBodyAsText(parsed, raw);
        expect(asText).not.toBeNull();
        const text = (await PostalMime.parse(asText!)).text ?? "";
        expect(text.replace(/\r\n/g, "\n").trim()).toBe(lines.join("\n").trim());
      }),
    );
  });

  it("leaves alone a multipart with a boundary, and anything that is not multipart", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          subtypeArb.map((s) => `multipart/${s}; boundary="b1"`),
          subtypeArb.map((s) => `multipart/${s};\r\n boundary=b1`),
          fc.constantFrom("text/plain", "text/html; charset=utf-8", "message/rfc822", "application/pdf"),
        ),
        bodyArb,
        eolArb,
        async (contentType, lines, eol) => {
          const raw = message(contentType, lines, eol);
          expect(boundarylessBodyAsText(await PostalMime.parse(raw), raw)).toBeNull();
        },
      ),
    );
  });

  it("keeps the declared charset and transfer encoding, and nothing else of the header section", () => {
    const raw = encode('From: a@example.com\r\nContent-Type: multipart/mixed; charset="iso-8859-1"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe\r\n');
    const headers = [
      { key: "from", originalKey: "From", value: "a@example.com" },
      { key: "content-type", originalKey: "Content-Type", value: 'multipart/mixed; charset="iso-8859-1"' },
      { key: "content-transfer-encoding", originalKey: "Content-Transfer-Encoding", value: "quoted-printable" },
    ];
    expect(new TextDecoder().decode(boundarylessBodyAsText({ headers }, raw)!)).toBe(
      'Content-Type: text/plain; charset="iso-8859-1"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe\r\n',
    );
  });

  it("drops a charset or encoding that is not a bare token, and finds no body without an empty line", () => {
    const headers = [
      { key: "content-type", originalKey: "Content-Type", value: 'multipart/mixed; charset="x\r\nBcc: y"' },
      { key: "content-transfer-encoding", originalKey: "Content-Transfer-Encoding", value: "base64\r\nX: 1" },
    ];
    expect(new TextDecoder().decode(boundarylessBodyAsText({ headers }, encode("Content-Type: multipart/mixed\r\n\r\nhi\r\n"))!)).toBe("Content-Type: text/plain\r\n\r\nhi\r\n");
    expect(boundarylessBodyAsText({ headers }, encode("Content-Type: multipart/mixed\r\n"))).toBeNull();
  });
});
