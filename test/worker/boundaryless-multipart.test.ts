import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { autoMailInputOf, classifyAutomaticMail } from "../../workers/core/mail/auto-mail";
import { parseMail } from "../../workers/core/mail/parse-mail";
import { newWorkspace } from "../helpers/api";
import { deliverEmail } from "../helpers/mail";

/**
 * Messages that declare `Content-Type: multipart/*` without a boundary parameter, written as raw
 * bytes (a latin1 string: one char per byte). postal-mime finds no part in them and returns no
 * text, so before boundaryless-multipart.ts the body was lost from the parse (and the pipeline
 * kept only the undecoded bytes after the headers). Mainstream readers keep it as text:
 * Python's email package records NoBoundaryInMultipartDefect and treats the payload as
 * text/plain (decoded per its Content-Transfer-Encoding and charset), as enmime (Go) and
 * Thunderbird show it. Each fixture failed on main.
 */
const bytes = (latin1: string) => Uint8Array.from(latin1, (c) => c.charCodeAt(0));

const FIXTURES = [
  {
    id: "report-without-boundary",
    // enmime's testdata/mail/multipart-wo-boundary.raw (the corpus' d037): a bounce whose
    // multipart/report names no boundary; Python reads the body as text/plain.
    raw:
      "Delivered-To: test@example.com\r\nFrom: Mailer-Daemon@example.com\r\nSubject: Delivery Status Notification (Failure)\r\nTo: user@example.com\r\n" +
      "Content-Type: multipart/report;\r\nMessage-Id: <444A6F676F-A9A1C1F7@YSHSERVER>\r\n\r\nI'm  multipart message without boundary\r\n",
    text: "I'm  multipart message without boundary",
  },
  {
    id: "base64-gb2312-without-boundary",
    // A Chinese mailer's multipart declared without a boundary, the body base64 in GB2312:
    // read as text/plain it is decoded like any text part (base64, then GB18030 for gb2312).
    raw:
      "From: =?gb2312?B?1cXOsA==?= <zhangwei@example.cn>\r\nTo: support@example.com\r\nSubject: =?gb2312?B?tqm1pQ==?=\r\nMessage-ID: <nobound-gb@example.cn>\r\nMIME-Version: 1.0\r\n" +
      "Content-Type: multipart/alternative; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\nxPq6w6Ostqm1pbu5w7u1vaOsx+uw78OmsunSu8/CoaM=\r\n",
    text: "您好，订单还没到，请帮忙查一下。",
  },
  {
    id: "quoted-printable-latin1-without-boundary",
    // The same defect from a Western mailer: quoted-printable ISO-8859-1.
    raw:
      "From: Hans <hans@example.de>\r\nTo: support@example.com\r\nSubject: Lieferung\r\nMessage-ID: <nobound-qp@example.de>\r\nMIME-Version: 1.0\r\n" +
      'Content-Type: multipart/mixed; charset="iso-8859-1"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe aus M=FCnchen, die Lieferung fehlt.\r\n',
    text: "Grüße aus München, die Lieferung fehlt.",
  },
];

describe("a multipart declared without a boundary is read as text/plain", () => {
  it.each(FIXTURES.map((f) => [f.id, f] as const))("%s through parseMail", async (_id, fixture) => {
    const email = await parseMail(bytes(fixture.raw));
    expect(email.text?.trim()).toBe(fixture.text);
    expect(email.attachments).toEqual([]);
  });

  it("keeps the declared Content-Type for the automatic-mail rules: the bounce is still a bounce", async () => {
    const email = await parseMail(bytes(FIXTURES[0]!.raw));
    expect(email.headers.find((h) => h.key === "content-type")?.value).toBe("multipart/report;");
    const verdict = classifyAutomaticMail(autoMailInputOf(email, { envelopeFrom: "", ownAddresses: ["acme@kefu.localhost"], loopMarker: "kefu" }));
    expect({ automatic: verdict.automatic, bounce: verdict.bounce }).toEqual({ automatic: true, bounce: true });
  });

  it("stores the decoded text through the email() handler", { timeout: 120_000 }, async () => {
    const { slug } = await newWorkspace("Boundaryless");
    for (const fixture of FIXTURES.slice(1)) {
      const to = `${slug}@kefu.localhost`;
      const delivery = await deliverEmail(bytes(fixture.raw), { from: "sender@mailer.example", to });
      expect(delivery.error, fixture.id).toBeNull();
      const messageId = /Message-ID: <([^>]+)>/.exec(fixture.raw)![1]!;
      const stored = await env.DB.prepare("select body_text from messages where email_message_id = ?").bind(messageId).first<{ body_text: string }>();
      expect(stored?.body_text.trim(), fixture.id).toBe(fixture.text);
    }
  });
});
