import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml } from "../../workers/core/mail/html-sanitizer";
import { markQuotedHtml, splitQuotedText } from "../../workers/core/mail/quoted-history";
import { emailCorpus } from "../helpers/corpus";

// ---------------------------------------------------------------------------------------------
// Plain text

const REPLY = "Thanks, that fixed it.\n\nLi\n\n";
const ORIGINAL = "Hi Li,\n\nPlease restart the router.\n\n--\nAcme Support\n";
const quote = (text: string) => text.split("\n").map((line) => (line === "" ? ">" : `> ${line}`)).join("\n");

/** Each case: the reply the customer wrote, then the history their client added. */
const TEXT_CASES: [string, string, string][] = [
  ["Gmail, English", REPLY, `On Tue, 3 Mar 2026 at 10:00, Acme Support <support@acme.example> wrote:\n\n${quote(ORIGINAL)}\n`],
  ["Gmail, wrapped attribution", REPLY, `On Tue, Mar 3, 2026 at 10:00 AM Acme Support <\nsupport@acme.example> wrote:\n\n${quote(ORIGINAL)}`],
  ["Gmail, German", "Danke!\n\n", `Am Di., 3. März 2026 um 10:00 Uhr schrieb Acme Support <\nsupport@acme.example>:\n\n${quote(ORIGINAL)}`],
  ["Thunderbird, German", "Danke!\n\n", `Acme Support schrieb am 03.03.26 um 10:00:\n${quote(ORIGINAL)}`],
  ["Gmail, French", "Merci !\n\n", `Le mar. 3 mars 2026 à 10:00, Acme Support <support@acme.example> a écrit :\n\n${quote(ORIGINAL)}`],
  ["Gmail, Spanish", "¡Gracias!\n\n", `El mar, 3 mar 2026 a las 10:00, Acme Support (<support@acme.example>) escribió:\n\n${quote(ORIGINAL)}`],
  ["Gmail, Italian", "Grazie!\n\n", `Il giorno mar 3 mar 2026 alle ore 10:00 Acme Support <support@acme.example> ha scritto:\n\n${quote(ORIGINAL)}`],
  ["Gmail, Dutch", "Bedankt!\n\n", `Op di 3 mrt 2026 om 10:00 schreef Acme Support <support@acme.example>:\n\n${quote(ORIGINAL)}`],
  ["Gmail, Portuguese", "Obrigado!\n\n", `Em ter., 3 de mar. de 2026 às 10:00, Acme Support <support@acme.example> escreveu:\n\n${quote(ORIGINAL)}`],
  ["Gmail, Chinese", "好的，谢谢！\n\n", `Acme Support <support@acme.example> 于2026年3月3日周二 10:00写道：\n\n${quote("您好，\n请重启路由器。")}\n`],
  ["Apple Mail, Chinese", "好的，谢谢！\n\n", `在 2026年3月3日，10:00，Acme Support <support@acme.example> 写道：\n\n${quote("您好，\n请重启路由器。")}\n`],
  ["Apple Mail, traditional Chinese", "謝謝！\n\n", `Acme Support <support@acme.example> 於 2026年3月3日 上午10:00 寫道：\n\n${quote("您好")}\n`],
  ["Gmail, Japanese", "ありがとうございます。\n\n", `2026年3月3日(火) 10:00 Acme Support <support@acme.example>:\n\n${quote("ルーターを再起動してください。")}\n`],
  ["Apple Mail, Japanese", "ありがとうございます。\n\n", `2026/03/03 10:00、Acme Support <support@acme.example>のメール:\n\n${quote("ルーターを再起動してください。")}\n`],
  ["Gmail, Korean", "감사합니다.\n\n", `2026년 3월 3일 (화) 오전 10:00, Acme Support <support@acme.example>님이 작성:\n\n${quote("라우터를 재시작하세요.")}\n`],
  ["Gmail, Russian (no verb)", "Спасибо!\n\n", `вт, 3 мар. 2026 г. в 10:00, Acme Support <support@acme.example>:\n\n${quote("Перезагрузите роутер.")}\n`],
  ["Outlook, rule and header block", "Please see below.\n\n",
    "________________________________\nFrom: Acme Support <support@acme.example>\nSent: Tuesday, March 3, 2026 10:00 AM\nTo: Li Wei <li@example.com>\nSubject: RE: [#1234] Router\n\n" + ORIGINAL],
  ["Outlook, Original Message", "Please see below.\n\n",
    "-----Original Message-----\nFrom: Acme Support [mailto:support@acme.example]\nSent: Tuesday, March 03, 2026 10:00 AM\nTo: Li Wei\nSubject: RE: Router\n\n" + ORIGINAL],
  ["Outlook, header block without a rule, bold labels", "Done.\n\n",
    "*From:* Acme Support <support@acme.example>\n*Sent:* Tuesday, March 3, 2026 10:00 AM\n*To:* Li Wei <li@example.com>\n*Subject:* Router\n\n" + ORIGINAL],
  ["Outlook, German", "Erledigt.\n\n",
    "Von: Acme Support <support@acme.example>\nGesendet: Dienstag, 3. März 2026 10:00\nAn: Li Wei <li@example.com>\nBetreff: AW: Router\n\n" + ORIGINAL],
  ["Outlook, French", "C'est fait.\n\n",
    "De : Acme Support <support@acme.example>\nEnvoyé : mardi 3 mars 2026 10:00\nÀ : Li Wei <li@example.com>\nObjet : RE: Router\n\n" + ORIGINAL],
  ["Outlook, Spanish", "Hecho.\n\n",
    "De: Acme Support <support@acme.example>\nEnviado: martes, 3 de marzo de 2026 10:00\nPara: Li Wei <li@example.com>\nAsunto: RE: Router\n\n" + ORIGINAL],
  ["Outlook, Chinese", "已处理。\n\n",
    "________________________________\n发件人: Acme Support <support@acme.example>\n发送时间: 2026年3月3日 10:00\n收件人: 李伟 <li@example.com>\n主题: 回复: [#1234] 路由器\n\n您好，请重启路由器。\n"],
  ["Outlook, Japanese", "対応しました。\n\n",
    "差出人: Acme Support <support@acme.example>\n送信日時: 2026年3月3日 10:00\n宛先: Li Wei <li@example.com>\n件名: RE: ルーター\n\nルーターを再起動してください。\n"],
  ["QQ Mail", "好的，谢谢！\n\n\n",
    "------------------\u00a0原始邮件\u00a0------------------\n发件人: \"Acme Support\"<support@acme.example>;\n发送时间: 2026年3月3日(星期二) 上午10:00\n收件人: \"李伟\"<li@example.com>;\n主题: Re: [#1234] 路由器问题\n\n您好，请重启路由器。\n"],
  ["QQ Mail, English", "OK thanks\n\n", "------------------ Original ------------------\nFrom: \"Acme Support\"<support@acme.example>;\nDate: Tue, Mar 3, 2026 10:00 AM\nTo: \"Li\"<li@example.com>;\nSubject: Re: Router\n\nHi\n"],
  ["Thunderbird forward", "FYI, see the customer's mail.\n\n",
    "-------- Forwarded Message --------\nSubject: Router\nDate: Tue, 3 Mar 2026 10:00:00 +0800\nFrom: Li Wei <li@example.com>\nTo: sales@acme.example\n\nMy router is broken.\n"],
  ["Thunderbird reply", REPLY, "-------- Original Message --------\nSubject: Router\nDate: Tue, 3 Mar 2026 10:00:00 +0800\nFrom: Acme Support <support@acme.example>\n\n" + ORIGINAL],
  ["Gmail forward", "FYI\n\n", "---------- Forwarded message ---------\nFrom: Li Wei <li@example.com>\nDate: Tue, 3 Mar 2026 at 10:00\nSubject: Router\nTo: <sales@acme.example>\n\nMy router is broken.\n"],
  ["Apple Mail forward", "FYI\n\n", "Begin forwarded message:\n\nFrom: Li Wei <li@example.com>\nSubject: Router\nDate: 3 March 2026 at 10:00:00 GMT+8\nTo: sales@acme.example\n\nMy router is broken.\n"],
  ["quote without attribution", "Yes, it works now.\n\n", quote(ORIGINAL)],
  ["quote followed by a signature", "Yes, it works now.\n\n", `${quote(ORIGINAL)}\n\n-- \nLi Wei\nExample Corp\n+86 10 1234 5678\n`],
  ["quote followed by a mobile signature", "Yes.\n\n", `On Tue, 3 Mar 2026, Acme Support <support@acme.example> wrote:\n${quote("Restart it.")}\n\nSent from my iPhone\n`],
  ["nested quotes", REPLY, "On Tue, 3 Mar 2026, Acme Support <support@acme.example> wrote:\n> Please restart.\n>\n> On Mon, 2 Mar 2026, Li Wei <li@example.com> wrote:\n>> My router is broken.\n"],
];

describe("splitQuotedText: reply formats", () => {
  it.each(TEXT_CASES)("%s", (_name, reply, history) => {
    const text = reply + history;
    expect(splitQuotedText(text)).toEqual({ body: reply, quoted: history });
  });

  it("works with CRLF line ends", () => {
    const [, reply, history] = TEXT_CASES[0]!;
    const text = (reply + history).replace(/\n/g, "\r\n");
    const { body, quoted } = splitQuotedText(text);
    expect(body).toBe(reply.replace(/\n/g, "\r\n"));
    expect(body + quoted).toBe(text);
  });
});

describe("splitQuotedText: not history", () => {
  it("returns null when nothing is quoted", () => {
    expect(splitQuotedText("Hello,\n\nmy router is broken.\n\nLi")).toEqual({ body: "Hello,\n\nmy router is broken.\n\nLi", quoted: null });
    expect(splitQuotedText("")).toEqual({ body: "", quoted: null });
  });

  it("does not treat a quoted line with text after it as history", () => {
    const text = "I get this error:\n> Connection refused\nWhat should I do?\n";
    expect(splitQuotedText(text)).toEqual({ body: text, quoted: null });
  });

  it("does not treat an inline answer as history", () => {
    const text = "On Tue, 3 Mar 2026, Acme Support <support@acme.example> wrote:\n> Did you restart it?\nYes, twice.\n> Which model is it?\nAX3000.\n";
    expect(splitQuotedText(text)).toEqual({ body: text, quoted: null });
  });

  it("keeps the answer below a bottom-posted quote visible", () => {
    const text = "Hi,\n\n> Please restart the router.\n\nI did, it still fails.\n\nLi\n";
    expect(splitQuotedText(text).quoted).toBeNull();
  });

  it("does not take an itinerary for a header block", () => {
    const text = "My booking:\nFrom: Berlin\nTo: Paris\nDate: 3 March 2026\n\nPlease change it.";
    expect(splitQuotedText(text).quoted).toBeNull();
  });

  it("does not take a sentence ending in 'wrote:' without quoted lines for an attribution", () => {
    const text = "This is what my colleague wrote:\nthe router is broken.\n";
    expect(splitQuotedText(text).quoted).toBeNull();
  });

  it("starts at the first history marker", () => {
    const text = "New question.\n\n-----Original Message-----\nFrom: A\nSent: B\nTo: C\nSubject: D\n\nOld\n\n> older\n";
    expect(splitQuotedText(text).body).toBe("New question.\n\n");
  });

  it("may leave an empty body (the whole message is history)", () => {
    const text = "---------- Forwarded message ---------\nFrom: Li Wei <li@example.com>\n\nHello\n";
    expect(splitQuotedText(text)).toEqual({ body: "", quoted: text });
  });
});

const lineArb = fc.oneof(
  fc.constantFrom(
    "", " ", "> quoted", ">", ">> deeper", "On Tue, 3 Mar 2026, A <a@x> wrote:", "-----Original Message-----",
    "________________________________", "From: A <a@x>", "Sent: Tuesday", "To: B", "Subject: S", "-- ", "Sent from my iPhone",
    "在 2026年3月3日 写道：", "------------------ 原始邮件 ------------------", "text", "Thanks!",
  ),
  fc.string({ maxLength: 20 }),
);
const eolArb = fc.constantFrom("\n", "\r\n", "\r");

describe("splitQuotedText: properties", () => {
  it("never loses text (arbitrary strings)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { body, quoted } = splitQuotedText(text);
        expect(body + (quoted ?? "")).toBe(text);
        if (quoted !== null) expect(quoted.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("never loses text and cuts at a line start (mail-like lines)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(lineArb, eolArb), { maxLength: 30 }), (lines) => {
        const text = lines.map(([line, eol]) => line + eol).join("");
        const { body, quoted } = splitQuotedText(text);
        expect(body + (quoted ?? "")).toBe(text);
        if (quoted !== null) {
          expect(quoted).not.toBe("");
          expect(body === "" || /[\r\n]$/.test(body)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// HTML (as it arrives from each client, sanitised first as in the ingest pipeline)

const sanitize = (html: string) => sanitizeEmailHtml(html, { cidUrl: () => null }).html;
const pipeline = (html: string) => markQuotedHtml(sanitize(html));
const MARK = 'data-kefu-quoted="true"';

/** Tags of an HTML string balance (void elements aside). */
function assertBalanced(html: string) {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    const name = match[2]!;
    if (["br", "hr", "img", "col", "wbr"].includes(name)) continue;
    if (match[1] === "/") expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
}

/** What a reader sees: text with the tags (and hence our markers) removed. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, "");

/** The outer HTML of the element that carries the mark, as a list of opening tags. */
const markedTags = (html: string) => [...html.matchAll(/<[a-z0-9]+[^>]*data-kefu-quoted="true"[^>]*>/g)].map((m) => m[0]);

function checkMarked(raw: string) {
  const sanitized = sanitize(raw);
  const marked = markQuotedHtml(sanitized);
  assertBalanced(marked);
  expect(textOf(marked)).toBe(textOf(sanitized));
  expect(markQuotedHtml(marked)).toBe(marked);
  return marked;
}

/** Text inside the first marked element (or wrapper), to the end of that element; tags read as spaces. */
function quotedText(html: string): string {
  const start = html.indexOf(MARK);
  expect(start).toBeGreaterThan(-1);
  const open = html.lastIndexOf("<", start);
  const name = /^<([a-z0-9]+)/.exec(html.slice(open))![1]!;
  let depth = 0;
  for (const match of html.slice(open).matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    if (match[2] !== name) continue;
    depth += match[1] === "/" ? -1 : 1;
    if (depth === 0) return html.slice(open, open + match.index! + match[0].length).replace(/<[^>]*>/g, " ");
  }
  return html.slice(open).replace(/<[^>]*>/g, " ");
}

const squash = (text: string) => text.replace(/&nbsp;/g, " ").replace(/\s+/g, " ").trim();

describe("markQuotedHtml: clients", () => {
  it("Gmail: div.gmail_quote, outermost only", () => {
    const marked = checkMarked(
      `<div dir="ltr">Thanks, that fixed it.<div><br></div><div>Li</div></div><br>` +
        `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Tue, Mar 3, 2026 at 10:00 AM Acme Support &lt;<a href="mailto:support@acme.example">support@acme.example</a>&gt; wrote:<br></div>` +
        `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Hi Li,<br>Please restart the router.</div></blockquote></div>`,
    );
    expect(markedTags(marked)).toEqual([`<div class="gmail_quote gmail_quote_container" ${MARK}>`]);
    expect(squash(quotedText(marked))).toBe("On Tue, Mar 3, 2026 at 10:00 AM Acme Support &lt; support@acme.example &gt; wrote: Hi Li, Please restart the router.");
  });

  it("Gmail (older): div.gmail_extra > div.gmail_quote", () => {
    const marked = checkMarked(
      `<div dir="ltr">OK</div><div class="gmail_extra"><br><div class="gmail_quote">On Tue, Mar 3, 2026 at 10:00 AM, Acme Support <span dir="ltr">&lt;<a href="mailto:support@acme.example">support@acme.example</a>&gt;</span> wrote:<br><blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">Hi</blockquote></div><br></div>`,
    );
    expect(markedTags(marked)).toEqual([`<div class="gmail_quote" ${MARK}>`]);
  });

  it("Apple Mail (iOS): attribution and quote in blockquote[type=cite]", () => {
    const marked = checkMarked(
      `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">Thanks, that fixed it.<br id="lineBreakAtBeginningOfSignature"><div dir="ltr">Sent from my iPhone</div>` +
        `<div dir="ltr"><br><blockquote type="cite">On 3 Mar 2026, at 10:00, Acme Support &lt;support@acme.example&gt; wrote:<br><br></blockquote></div>` +
        `<blockquote type="cite"><div dir="ltr">Hi Li,<br>Please restart the router.</div></blockquote></body></html>`,
    );
    expect(markedTags(marked)).toEqual([`<div dir="ltr" ${MARK}>`, `<blockquote type="cite" ${MARK}>`]);
    expect(marked.startsWith("Thanks, that fixed it.")).toBe(true);
  });

  it("Apple Mail (macOS): attribution inside the blockquote", () => {
    const marked = checkMarked(
      `<html><body style="overflow-wrap: break-word;"><div>Thanks, that fixed it.<div><br><blockquote type="cite"><div>On 3 Mar 2026, at 10:00, Acme Support &lt;support@acme.example&gt; wrote:</div><br class="Apple-interchange-newline"><div><div>Hi Li,</div><div>Please restart the router.</div></div></blockquote></div><br></div></body></html>`,
    );
    expect(markedTags(marked)).toEqual([`<blockquote type="cite" ${MARK}>`]);
  });

  it("Apple Mail: an attribution before the blockquote is marked too", () => {
    const marked = checkMarked(
      `<div>Thanks</div><div><br><div>On Mar 3, 2026, at 10:00 AM, Acme Support &lt;support@acme.example&gt; wrote:</div><br><blockquote type="cite"><div>Hi Li</div></blockquote></div>`,
    );
    expect(markedTags(marked)).toEqual([`<div ${MARK}>`, `<blockquote type="cite" ${MARK}>`]);
    expect(squash(quotedText(marked))).toBe("On Mar 3, 2026, at 10:00 AM, Acme Support &lt;support@acme.example&gt; wrote:");
  });

  it("Apple Mail: inline answers between cited blocks are not history", () => {
    const html = `<div>Answers inline.</div><blockquote type="cite">Did you restart it?</blockquote><div>Yes, twice.</div><blockquote type="cite">Which model?</blockquote><div>AX3000.</div>`;
    expect(checkMarked(html)).toBe(sanitize(html));
  });

  it("Outlook on the web: div#appendonsend, the rule and div#divRplyFwdMsg up to the end", () => {
    const marked = checkMarked(
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr">\n` +
        `<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">Thanks, that fixed it.</div>\n` +
        `<div id="appendonsend"></div>\n<hr style="display:inline-block;width:98%" tabindex="-1">\n` +
        `<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Acme Support &lt;support@acme.example&gt;<br>\n<b>Sent:</b> Tuesday, March 3, 2026 10:00 AM<br>\n<b>To:</b> Li Wei &lt;li@example.com&gt;<br>\n<b>Subject:</b> [#1234] Router</font>\n<div>&nbsp;</div>\n</div>\n` +
        `<div class="x_elementToProof">Hi Li, please restart the router.</div>\n</body></html>`,
    );
    expect(marked).toContain(`<div ${MARK}><div id="appendonsend"></div>`);
    expect(squash(quotedText(marked))).toBe(
      "From: Acme Support &lt;support@acme.example&gt; Sent: Tuesday, March 3, 2026 10:00 AM To: Li Wei &lt;li@example.com&gt; Subject: [#1234] Router Hi Li, please restart the router.",
    );
    expect(marked.indexOf("Thanks, that fixed it.")).toBeLessThan(marked.indexOf(MARK));
  });

  it("Outlook on the web without appendonsend: the rule before divRplyFwdMsg goes with it", () => {
    const marked = checkMarked(
      `<div>Done, see attached.</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> Jan Novak &lt;jan@example.com&gt;<br><b>Sent:</b> Friday<br><b>Subject:</b> Documents</div><div>Hi Alex,<br>Could you send me the contract?</div>`,
    );
    expect(marked).toBe(
      `<div>Done, see attached.</div><div ${MARK}><hr style="display: inline-block; width: 98%"><div id="divRplyFwdMsg"><b>From:</b> Jan Novak &lt;jan@example.com&gt;<br><b>Sent:</b> Friday<br><b>Subject:</b> Documents</div><div>Hi Alex,<br>Could you send me the contract?</div></div>`,
    );
  });

  it("Outlook (Word HTML): the bordered From/Sent/To/Subject block and what follows", () => {
    const marked = checkMarked(
      `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style><!-- p.MsoNormal {margin:0cm;} --></style><!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--></head>` +
        `<body lang="EN-US" link="#0563C1"><div class="WordSection1"><p class="MsoNormal">Thanks, that fixed it.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>` +
        `<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b><span lang="EN-US">From:</span></b><span lang="EN-US"> Acme Support &lt;support@acme.example&gt; <br><b>Sent:</b> Tuesday, March 3, 2026 10:00 AM<br><b>To:</b> Li Wei &lt;li@example.com&gt;<br><b>Subject:</b> [#1234] Router<o:p></o:p></span></p></div></div>` +
        `<p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Hi Li, please restart the router.<o:p></o:p></p></div></body></html>`,
    );
    expect(marked).toContain(`<div class="WordSection1"><p class="MsoNormal">Thanks, that fixed it.</p><p class="MsoNormal">&nbsp;</p><div ${MARK}><div><div style="border: none;`);
    expect(marked.endsWith(`Hi Li, please restart the router.</p></div></div>`)).toBe(true);
  });

  it("Outlook (older): -----Original Message----- inside a paragraph", () => {
    const marked = checkMarked(
      `<div><p>Thanks</p><p>-----Original Message-----<br>From: Acme Support [mailto:support@acme.example]<br>Sent: Tuesday, March 03, 2026 10:00 AM<br>To: Li Wei<br>Subject: Router</p><p>Hi Li</p></div>`,
    );
    expect(marked).toBe(
      `<div><p>Thanks</p><div ${MARK}><p>-----Original Message-----<br>From: Acme Support [mailto:support@acme.example]<br>Sent: Tuesday, March 03, 2026 10:00 AM<br>To: Li Wei<br>Subject: Router</p><p>Hi Li</p></div></div>`,
    );
  });

  it("Hotmail / older Outlook.com: hr#stopSpelling and what follows", () => {
    const marked = checkMarked(`<div>Thanks</div><hr id="stopSpelling">From: a@example.com<br>Sent: Tuesday<br>To: b@example.com<br>Subject: Router<br><br>Original text`);
    expect(marked).toBe(`<div>Thanks</div><div ${MARK}><hr id="stopSpelling">From: a@example.com<br>Sent: Tuesday<br>To: b@example.com<br>Subject: Router<br><br>Original text</div>`);
  });

  it("Outlook, Chinese labels", () => {
    const marked = checkMarked(
      `<div>已处理。</div><div id="appendonsend"></div><hr tabindex="-1" style="display:inline-block; width:98%"><div id="x_divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" color="#000000" style="font-size:11pt"><b>寄件者:</b> Acme Support &lt;support@acme.example&gt;<br><b>寄件日期:</b> 2026年3月3日 上午 10:00<br><b>收件者:</b> 李伟<br><b>主旨:</b> 路由器</font></div><div>您好</div>`,
    );
    expect(marked).toContain(`<div ${MARK}><div id="appendonsend"></div>`);
  });

  it("Thunderbird: div.moz-cite-prefix and the blockquote", () => {
    const marked = checkMarked(
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>Thanks, that fixed it.</p>` +
        `<div class="moz-cite-prefix">On 03/03/2026 10:00, Acme Support wrote:<br></div><blockquote type="cite" cite="mid:abc@acme.example"><p>Hi Li,</p><p>Please restart the router.</p></blockquote></body></html>`,
    );
    expect(marked).toBe(
      `<p>Thanks, that fixed it.</p><div class="moz-cite-prefix" ${MARK}>On 03/03/2026 10:00, Acme Support wrote:<br></div><blockquote type="cite" ${MARK}><p>Hi Li,</p><p>Please restart the router.</p></blockquote>`,
    );
  });

  it("Thunderbird: a forward (div.moz-forward-container)", () => {
    const marked = checkMarked(
      `<p>FYI</p><div class="moz-forward-container"><br><br>-------- Forwarded Message --------<table class="moz-email-headers-table"><tbody><tr><th>Subject:</th><td>Router</td></tr></tbody></table><br>My router is broken.</div>`,
    );
    expect(markedTags(marked)).toEqual([`<div class="moz-forward-container" ${MARK}>`]);
  });

  it("Yahoo: div.yahoo_quoted", () => {
    const marked = checkMarked(
      `<html><head></head><body><div class="ydp1b2c3d4yahoo-style-wrap" style="font-family:Helvetica Neue, Helvetica, Arial, sans-serif;font-size:13px;"><div dir="ltr" data-setdir="false">Thanks, that fixed it.</div></div>` +
        `<div id="yahoo_quoted_1234567890" class="yahoo_quoted"><div style="font-family:'Helvetica Neue', Helvetica, Arial, sans-serif;font-size:13px;color:#26282a;"><div>On Tuesday, March 3, 2026 at 10:00:00 AM GMT+8, Acme Support &lt;support@acme.example&gt; wrote:</div><div><br></div><div><div dir="ltr">Hi Li,<br>Please restart the router.</div></div></div></div></body></html>`,
    );
    expect(markedTags(marked)).toEqual([`<div id="yahoo_quoted_1234567890" class="yahoo_quoted" ${MARK}>`]);
  });

  it("QQ Mail: the 原始邮件 rule, the header box and the original after it", () => {
    const marked = checkMarked(
      `<div>好的，谢谢！</div><div><br></div><div><br></div><div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">------------------&nbsp;原始邮件&nbsp;------------------</div>` +
        `<div style="font-size: 12px;background:#efefef;padding:8px;"><div><b>发件人:</b>&nbsp;"Acme Support"&lt;support@acme.example&gt;;</div><div><b>发送时间:</b>&nbsp;2026年3月3日(星期二) 上午10:00</div><div><b>收件人:</b>&nbsp;"李伟"&lt;li@example.com&gt;;<wbr></div><div></div><div><b>主题:</b>&nbsp;Re: [#1234] 路由器问题</div></div><div><br></div>您好，请重启路由器。`,
    );
    expect(marked.startsWith(`<div>好的，谢谢！</div><div><br></div><div><br></div><div ${MARK}><div style="font-size: 12px; font-family: Arial Narrow;`)).toBe(true);
    expect(marked.endsWith(`您好，请重启路由器。</div>`)).toBe(true);
  });

  it("Foxmail: a blockquote holding the bordered header box", () => {
    const marked = checkMarked(
      `<div>好的</div><div><br></div><blockquote style="margin-Top: 0px; margin-Bottom: 0px; margin-Left: 0.5em; margin-Right: inherit"><div>&nbsp;</div><div style="border:none;border-top:solid #B5C4DF 1.0pt;padding:3.0pt 0cm 0cm 0cm"><div style="PADDING-RIGHT: 8px; PADDING-LEFT: 8px; FONT-SIZE: 12px;FONT-FAMILY:tahoma;COLOR:#000000; BACKGROUND: #efefef; PADDING-BOTTOM: 8px; PADDING-TOP: 8px">` +
        `<div><b>From:</b>&nbsp;<a href="mailto:support@acme.example">Acme Support</a></div><div><b>Date:</b>&nbsp;2026-03-03&nbsp;10:00</div><div><b>To:</b>&nbsp;<a href="mailto:li@example.com">李伟</a></div><div><b>Subject:</b>&nbsp;[#1234] Router</div></div></div><div>Hi Li, please restart the router.</div></blockquote>`,
    );
    expect(markedTags(marked)).toEqual([`<blockquote style="margin-top: 0px; margin-bottom: 0px; margin-left: 0.5em; margin-right: inherit" ${MARK}>`]);
  });

  it("NetEase (163): blockquote#isReplyContent and the bare attribution line before it", () => {
    const marked = checkMarked(
      `<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial"><div>好的，谢谢！</div><br><br>在 2026-03-03 10:00:00，"Acme Support" &lt;support@acme.example&gt; 写道：<br>` +
        `<blockquote id="isReplyContent" style="PADDING-LEFT: 1ex; MARGIN: 0px 0px 0px 0.8ex; BORDER-LEFT: #ccc 1px solid"><div>您好，请重启路由器。</div></blockquote></div>`,
    );
    expect(marked).toContain(`<span ${MARK}>在 2026-03-03 10:00:00，"Acme Support" &lt;support@acme.example&gt; 写道：</span><br><blockquote id="isReplyContent"`);
    expect(markedTags(marked)[1]).toMatch(/^<blockquote id="isReplyContent"/);
  });

  it("QQ Mail / Foxmail forward: div#isForwardContent", () => {
    const marked = checkMarked(`<div>请看下面</div><div id="isForwardContent"><div>原文</div></div>`);
    expect(markedTags(marked)).toEqual([`<div id="isForwardContent" ${MARK}>`]);
  });

  it("a plain blockquote after an 'On … wrote:' line", () => {
    const marked = checkMarked(
      `<p>Thanks</p><p>On Tue, 3 Mar 2026, Acme Support &lt;support@acme.example&gt; wrote:</p><blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">Hi</blockquote>`,
    );
    expect(markedTags(marked)).toEqual([`<p ${MARK}>`, `<blockquote style="margin: 0 0 0 .8ex; border-left: 1px #ccc solid; padding-left: 1ex" ${MARK}>`]);
  });

  it("a header block inside a table marks the following rows, not a wrapper", () => {
    const marked = checkMarked(
      `<table><tbody><tr><td>Thanks</td></tr><tr><td><b>From:</b> A<br><b>Sent:</b> B<br><b>To:</b> C<br><b>Subject:</b> D</td></tr><tr><td>Original</td></tr></tbody></table>`,
    );
    expect(marked).toBe(
      `<table><tbody><tr><td>Thanks</td></tr><tr ${MARK}><td><b>From:</b> A<br><b>Sent:</b> B<br><b>To:</b> C<br><b>Subject:</b> D</td></tr><tr ${MARK}><td>Original</td></tr></tbody></table>`,
    );
  });

  it("leaves a message without history alone", () => {
    const html = `<div>Hello,</div><blockquote>Ask not what your country can do for you</blockquote><div>I love this quote.</div><p>From: Berlin<br>To: Paris</p>`;
    expect(checkMarked(html)).toBe(sanitize(html));
  });

  it("is idempotent on already-marked input, and the sanitizer keeps the markers", () => {
    for (const raw of [
      `<div>OK</div><div class="gmail_quote">On x wrote:<blockquote class="gmail_quote">y</blockquote></div>`,
      `<div>好的</div><br>在 2026-03-03 10:00:00，"A" &lt;a@x&gt; 写道：<br><blockquote id="isReplyContent"><div>原文</div></blockquote>`,
      `<p>Thanks</p><p>On Tue, A wrote:</p><blockquote>x</blockquote>`,
      `<table><tr><td>a</td></tr><tr><td><b>From:</b> A<br><b>Sent:</b> B<br><b>Subject:</b> D</td></tr></table>`,
      `<p>x<br>-----Original Message-----<br>From: a</p>`,
    ]) {
      const once = pipeline(raw);
      expect(once).toContain(MARK);
      expect(markQuotedHtml(once)).toBe(once);
      expect(sanitize(once)).toBe(once);
    }
  });
});

// Read wrong before the HTML5 parser: the hand-written tokenizer knew nine entity names, so an
// attribution spelled with others (as Outlook and Thunderbird write accented letters) was not found.
describe("markQuotedHtml: text read as a browser reads it", () => {
  it("an attribution written with named references (a &eacute;crit, escribi&oacute;) is recognised", () => {
    const french = checkMarked(`<p>Merci !</p><p>Le 03/03/2026 &agrave; 10:00, Acme Support a &eacute;crit&nbsp;:</p><blockquote>Bonjour</blockquote>`);
    expect(markedTags(french)).toEqual([`<p ${MARK}>`, `<blockquote ${MARK}>`]);
    const spanish = checkMarked(`<div>Gracias</div>El mar, 3 mar 2026 a las 10:00, Acme Support (&lt;support@acme.example&gt;) escribi&oacute;:<br><blockquote>Hola</blockquote>`);
    expect(markedTags(spanish)).toEqual([`<span ${MARK}>`, `<blockquote ${MARK}>`]);
  });

  it("a separator written with references (&mdash; rule, &nbsp; and numeric CJK) is recognised", () => {
    const marked = checkMarked(
      `<div>好的</div><div>&mdash;&mdash;&mdash;&mdash;&mdash;&mdash;</div><div><b>&#21457;&#20214;&#20154;:</b> A<br><b>&#21457;&#36865;&#26102;&#38388;:</b> B<br><b>&#20027;&#39064;:</b> C</div><div>&#21407;&#25991;</div>`,
    );
    expect(marked.startsWith(`<div>好的</div><div ${MARK}><div>——————</div>`)).toBe(true);
  });

  it("nested replies: only the outermost quote is marked, also when the inner ones were left unclosed", () => {
    const marked = checkMarked(`<div>OK</div><div>On Tue, 3 Mar 2026, A &lt;a@x&gt; wrote:</div><blockquote type="cite">Inner reply<div>On Mon, B wrote:</div><blockquote type="cite">original<p>older`);
    expect(markedTags(marked)).toEqual([`<div ${MARK}>`, `<blockquote type="cite" ${MARK}>`]);
  });
});

describe("quoted history: the shared email corpus", () => {
  it("splits every text body losslessly and marks every HTML body without losing text", async () => {
    const found: string[] = [];
    for (const message of emailCorpus()) {
      const parsed = await PostalMime.parse(message.raw);
      const text = (parsed.text ?? "").replace(/\r\n/g, "\n");
      const { body, quoted } = splitQuotedText(text);
      expect(body + (quoted ?? ""), message.id).toBe(text);
      if (quoted !== null) found.push(message.id);
      if (parsed.html) checkMarked(parsed.html);
    }
    // The corpus replies that carry history: d016 answers below its quote, so it has none.
    expect(found).not.toContain("d016");
  });
});

const markerPiece = fc.constantFrom(
  `<div class="gmail_quote">`, `<blockquote type="cite">`, `<blockquote class="gmail_quote">`, `<div id="appendonsend"></div>`, "<hr>",
  `<div id="divRplyFwdMsg">`, `<div class="yahoo_quoted">`, `<div class="moz-cite-prefix">On x, A wrote:<br></div>`, `<blockquote id="isReplyContent">`,
  "-----Original Message-----", "------------------&nbsp;原始邮件&nbsp;------------------", "<b>From:</b> a<br><b>Sent:</b> b<br><b>Subject:</b> c<br>",
  "On Tue, 3 Mar 2026, A &lt;a@x&gt; wrote:", "在 2026年3月3日 写道：", "______________________________", "<br>", "&nbsp;",
  "<div>", "</div>", "<p>", "</p>", "</blockquote>", "<span>", "</span>", "<table><tbody><tr><td>", "</td></tr><tr><td>", "</td></tr></tbody></table>",
  "<ul><li>", "</li><li>", "</li></ul>", "<img src=\"cid:x\">", "text", "Thanks", " ", "\n",
);
const mailHtml = fc.array(fc.oneof({ weight: 4, arbitrary: markerPiece }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { maxLength: 40 }).map((p) => p.join(""));

describe("markQuotedHtml: properties", () => {
  it("keeps every character of text, stays balanced and is idempotent", () => {
    fc.assert(
      fc.property(mailHtml, (raw) => {
        const sanitized = sanitize(raw);
        const marked = markQuotedHtml(sanitized);
        expect(textOf(marked)).toBe(textOf(sanitized));
        assertBalanced(marked);
        expect(markQuotedHtml(marked)).toBe(marked);
      }),
      { numRuns: 2000 },
    );
  });

  it("only adds markers (arbitrary input, sanitised or not)", () => {
    fc.assert(
      fc.property(fc.oneof(mailHtml, fc.string({ maxLength: 200 })), (html) => {
        const marked = markQuotedHtml(html);
        // Take out what marking may add (the attribute, bare div/span wrappers and their end tags): the rest is the input.
        const unmarked = marked.replace(/ data-kefu-quoted="true"/g, "");
        const strip = (s: string) => s.replace(/<\/?(?:div|span)>/g, "");
        expect(strip(unmarked)).toBe(strip(html));
        const count = (s: string, pattern: RegExp) => (s.match(pattern) ?? []).length;
        const opens = /<(?:div|span)>/g;
        const closes = /<\/(?:div|span)>/g;
        expect(count(unmarked, closes) - count(html, closes)).toBe(count(unmarked, opens) - count(html, opens));
      }),
      { numRuns: 2000 },
    );
  });
});
