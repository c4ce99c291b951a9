import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseMail } from "../../workers/core/mail/parse-mail";
import { newWorkspace } from "../helpers/api";
import { deliverEmail } from "../helpers/mail";

/**
 * Header decoding fixtures: one per class of real-world header damage, each written as raw
 * bytes (a latin1 string: every char is one byte, `\xNN` the 8-bit ones). Each failed on main
 * before the header normaliser (raw-headers.ts) was put in front of postal-mime: the parse
 * the email() handler uses (parseMail) must give the expected fields, and the corpus entry
 * through the real handler must store the ticket so.
 */
const bytes = (latin1: string) => Uint8Array.from(latin1, (c) => c.charCodeAt(0));

interface Fixture {
  id: string;
  /** Which mailer writes this, and what goes wrong. */
  source: string;
  raw: string;
  envelopeFrom?: string;
  expected: { subject?: string; fromAddress?: string; fromName?: string; filenames?: string[]; text?: string };
}

export const HEADER_FIXTURES: Fixture[] = [
  {
    id: "raw-gb2312",
    // Foxmail 6 / Outlook Express on Chinese Windows: Subject, From name and the attachment's
    // name= / filename= as raw GB2312 bytes, no encoded-words; only the text part declares gb2312.
    source: "Foxmail / Outlook Express (zh-CN) unencoded GB2312 headers",
    raw:
      "From: \xd5\xc5\xce\xb0 <zhangwei@example.cn>\r\nTo: support@example.com\r\nSubject: \xb9\xd8\xd3\xda\xb7\xa2\xc6\xb1\xb5\xc4\xce\xca\xcc\xe2\r\nMessage-ID: <gb1@example.cn>\r\nMIME-Version: 1.0\r\n" +
      'Content-Type: multipart/mixed; boundary="==gb=="\r\n\r\n--==gb==\r\nContent-Type: text/plain; charset="gb2312"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xc4\xe3\xba\xc3\r\n' +
      '--==gb==\r\nContent-Type: application/pdf; name="\xb7\xa2\xc6\xb1.pdf"\r\nContent-Disposition: attachment; filename="\xb7\xa2\xc6\xb1.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n--==gb==--\r\n',
    expected: { subject: "关于发票的问题", fromName: "张伟", fromAddress: "zhangwei@example.cn", filenames: ["发票.pdf"], text: "你好" },
  },
  {
    id: "raw-koi8r-part-declared",
    // Outlook Express (ru): the Subject as raw KOI8-R bytes, only the text part declares koi8-r; a
    // guess without that declaration reads the bytes as Latin-1.
    source: "Outlook Express (ru) unencoded KOI8-R subject, charset declared on the text part only",
    raw:
      "From: ivan@example.ru\r\nTo: support@example.com\r\nSubject: \xf7\xcf\xd0\xd2\xcf\xd3 \xcf \xd7\xcf\xda\xd7\xd2\xc1\xd4\xc5\r\nMessage-ID: <koi1@example.ru>\r\nMIME-Version: 1.0\r\n" +
      'Content-Type: multipart/mixed; boundary="k"\r\n\r\n--k\r\nContent-Type: text/plain; charset="koi8-r"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\xe4\xcf\xc2\xd2\xd9\xca \xc4\xc5\xce\xd8\r\n--k--\r\n',
    expected: { subject: "Вопрос о возврате", text: "Добрый день" },
  },
  {
    id: "raw-gbk-undeclared",
    // A PHP mail() form on a Chinese host: GBK bytes in the Subject and no charset anywhere.
    source: "PHP mail() web form, GBK subject, no charset declared",
    raw: "From: =?utf-8?B?5p2O5piO?= <li@example.cn>\r\nTo: support@example.com\r\nSubject: \xc4\xe3\xba\xc3\xa3\xac\xcd\xcb\xbf\xee\r\nMessage-ID: <gbk1@example.cn>\r\n\r\nplease help\r\n",
    expected: { subject: "你好，退款", fromName: "李明" },
  },
  {
    id: "sjis-in-iso-2022-jp-word",
    // Japanese feature-phone gateways and some Windows mailers label Shift_JIS bytes ISO-2022-JP.
    source: "encoded-words declaring ISO-2022-JP over Shift_JIS bytes (Japanese mobile gateways)",
    raw:
      "From: =?ISO-2022-JP?B?jlKTY5G+mFk=?= <yamada@example.jp>\r\nTo: support@example.com\r\nSubject: =?ISO-2022-JP?B?gqiW4oKijYeC7YK5?=\r\nMessage-ID: <sjis1@example.jp>\r\nMIME-Version: 1.0\r\n" +
      'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\nhello\r\n--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="=?ISO-2022-JP?B?jKmQz4+RLnhsc3g=?="\r\n\r\nxx\r\n--b1--\r\n',
    expected: { subject: "お問い合わせ", fromName: "山田太郎", filenames: ["見積書.xlsx"] },
  },
  {
    id: "comma-in-q-word",
    // mb_encode_mimeheader (PHP) and Lotus Notes Q-encode "Müller, Hans" without quoting it.
    source: "unquoted Q encoded-word holding a comma (PHP mb_encode_mimeheader, Lotus Notes)",
    raw: "From: =?utf-8?Q?M=C3=BCller,_Hans?= <hans.mueller@example.de>\r\nTo: support@example.com\r\nSubject: Rechnung\r\nMessage-ID: <comma1@example.de>\r\n\r\nHallo\r\n",
    expected: { fromName: "Müller, Hans", fromAddress: "hans.mueller@example.de" },
  },
  {
    id: "stray-angle-bracket",
    // Hand-assembled headers in shop and form scripts: the opening `<` is missing.
    source: "From with a stray '>' (hand-written headers in form scripts)",
    raw: "From: Hans M\xc3\xbcller hans@example.de>\r\nTo: support@example.com\r\nSubject: Lieferung\r\nMessage-ID: <gt1@example.de>\r\n\r\nWo bleibt sie?\r\n",
    expected: { fromName: "Hans Müller", fromAddress: "hans@example.de" },
  },
  {
    id: "double-angle-bracket",
    source: "From with a doubled '>' (template mailers that add brackets around a bracketed address)",
    raw: 'From: "Hans" <hans@example.de>>\r\nTo: support@example.com\r\nSubject: Frage\r\nMessage-ID: <gt2@example.de>\r\n\r\nHallo\r\n',
    expected: { fromName: "Hans", fromAddress: "hans@example.de" },
  },
  {
    id: "unindented-boundary",
    // Some PHP and .NET bulk mailers wrap the Content-Type with a bare CRLF; Thunderbird and
    // Outlook still read the boundary, a strict parser stores the whole MIME text as the body.
    source: "Content-Type continued at column 0 (PHP / .NET bulk mailers)",
    raw:
      "From: Shop <shop@example.com>\r\nTo: support@example.com\r\nSubject: Order 1234\r\nMessage-ID: <fold1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\nboundary=\"----=_Part_42\"\r\n\r\n" +
      "------=_Part_42\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour order shipped.\r\n------=_Part_42\r\nContent-Type: application/pdf;\r\nname=\"invoice.pdf\"\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n------=_Part_42--\r\n",
    expected: { subject: "Order 1234", text: "Your order shipped.", filenames: ["invoice.pdf"] },
  },
  {
    id: "raw-utf8-control",
    // RFC 6532 (Gmail, Apple Mail with SMTPUTF8): raw UTF-8 stays UTF-8 — not a regression check only.
    source: "raw UTF-8 headers (RFC 6532)",
    raw: "From: \xe7\x8e\x8b\xe8\x8a\xb3 <wang@example.cn>\r\nTo: support@example.com\r\nSubject: Gr\xc3\xbc\xc3\x9fe \xe8\xae\xa2\xe5\x8d\x95\r\nMessage-ID: <u8@example.cn>\r\n\r\nhi\r\n",
    expected: { subject: "Grüße 订单", fromName: "王芳" },
  },
];

describe("header decoding fixtures through parseMail (the parse email() uses)", () => {
  it.each(HEADER_FIXTURES.map((f) => [f.id, f] as const))("%s", async (_id, fixture) => {
    const email = await parseMail(bytes(fixture.raw));
    const e = fixture.expected;
    if (e.subject !== undefined) expect(email.subject).toBe(e.subject);
    if (e.fromName !== undefined) expect(email.from?.name).toBe(e.fromName);
    if (e.fromAddress !== undefined) expect(email.from?.address).toBe(e.fromAddress);
    if (e.filenames) expect(email.attachments.map((a) => a.filename)).toEqual(e.filenames);
    if (e.text !== undefined) expect(email.text?.trim()).toBe(e.text);
  });
});

interface Stored {
  subject: string;
  from_name: string | null;
  from_address: string;
  body_text: string;
  message_id: string;
  requester: string;
}

async function delivered(raw: string, envelopeFrom: string): Promise<{ stored: Stored | null; files: string[] }> {
  const { slug } = await newWorkspace("Header decoding");
  const to = `${slug}@kefu.localhost`;
  const delivery = await deliverEmail(bytes(raw), { from: envelopeFrom, to });
  expect(delivery.error).toBeNull();
  const stored = await env.DB.prepare(
    `select t.subject, m.from_name, m.from_address, m.body_text, m.id as message_id, c.name as requester
     from inbound_messages i join messages m on m.inbound_message_id = i.id join tickets t on t.id = m.ticket_id join customers c on c.id = t.requester_id
     where i.envelope_to = ?`,
  )
    .bind(to)
    .first<Stored>();
  const files = stored ? (await env.DB.prepare("select filename from attachments where message_id = ? order by id").bind(stored.message_id).all<{ filename: string }>()).results.map((r) => r.filename) : [];
  return { stored, files };
}

describe("header decoding fixtures through the email() handler", () => {
  it("stores each fixture's ticket with the right subject, requester name, sender and attachment names", { timeout: 120_000 }, async () => {
    for (const fixture of HEADER_FIXTURES) {
      const { stored, files } = await delivered(fixture.raw, fixture.envelopeFrom ?? "bounce@mailer.example");
      const e = fixture.expected;
      expect(stored, fixture.id).not.toBeNull();
      if (e.subject !== undefined) expect(stored!.subject, fixture.id).toBe(e.subject);
      if (e.fromName !== undefined) expect([stored!.from_name, stored!.requester], fixture.id).toEqual([e.fromName, e.fromName]);
      if (e.fromAddress !== undefined) expect(stored!.from_address, fixture.id).toBe(e.fromAddress);
      if (e.filenames) expect(files, fixture.id).toEqual(e.filenames);
      if (e.text !== undefined) expect(stored!.body_text.trim(), fixture.id).toBe(e.text);
    }
  });

  it("a From that parses into a name without an address keeps the name on the envelope sender", async () => {
    // Webform gateways that put only the visitor's name in From (the address is the envelope's).
    const raw = "From: Kundenservice M\xc3\xbcller\r\nTo: support@example.com\r\nSubject: Anfrage\r\nMessage-ID: <noaddr@example.de>\r\n\r\nHallo\r\n";
    const { stored } = await delivered(raw, "visitor@example.de");
    expect(stored).toMatchObject({ from_address: "visitor@example.de", from_name: "Kundenservice Müller", requester: "Kundenservice Müller" });
  });
});
