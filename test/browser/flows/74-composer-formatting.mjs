// Formatting in the composer, in English and Chinese: bold from the toolbar, italic with Ctrl+I,
// HTML pasted from "Word" (mso styles, a script, a table, a link) keeps only what a message may
// hold; the reply shows formatted in the thread and goes out as multipart/alternative with the
// sanitised HTML. In the macro editor a placeholder chip inserts at the cursor.
// Runs alone: `node test/browser/run.mjs 74-composer`.
export const title = "Composer formatting: toolbar, Ctrl+I, paste from Word, formatted in the thread and as HTML in the mail; placeholder chips (EN, ZH)";

const WORDS = {
  en: {
    body: "Message",
    bold: "Bold (Ctrl+B)",
    send: "Send reply",
    sent: "Reply sent to",
    greeting: "Hello there",
    apology: " and sorry",
    newReply: "New macro",
    text: "Text",
    chip: "Insert Customer first name ({{customer.first_name}})",
  },
  "zh-CN": {
    body: "内容",
    bold: "加粗（Ctrl+B）",
    send: "发送回复",
    sent: "回复已发送至",
    greeting: "您好 there",
    apology: " 很抱歉 sorry",
    newReply: "新建宏",
    text: "文本",
    chip: "插入客户名字（{{customer.first_name}}）",
  },
};

// What Word puts on the clipboard: conditional comments, mso styles, <o:p>, fonts, plus a script,
// a table and a link as a web page would.
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:"";font-family:"Calibri"}</style><!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]--></head>
<body lang=EN-US style='tab-interval:36.0pt'><!--StartFragment-->
<p class=MsoNormal style='mso-margin-top-alt:auto'><b><span style='font-family:"Calibri",sans-serif;mso-fareast-font-family:"Times New Roman"'>Order 1042</span></b><span style='color:#1F497D'> shipped<o:p></o:p></span></p>
<script>alert("pasted")</script>
<table class=MsoTableGrid border=1 style='mso-yfti-tbllook:1184'><tr><td><p class=MsoNormal>Item<o:p></o:p></p></td><td><p class=MsoNormal>Qty</p></td></tr><tr><td>Teapot lid</td><td>2</td></tr></table>
<p class=MsoNormal>Track it on the <a href="https://track.example/1042" style='mso-hyperlink:x'><span style='font-size:11pt'>tracking page</span></a> or <a href="javascript:alert(1)">here</a>.<img src="https://e.vil/pixel.png"></p>
<!--EndFragment--></body></html>`;

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Format Tea" : "格式茶");
    const ticket = await call("POST", "/tickets", ws.token, { subject: "Where is my order?", description: "Hello", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();

    // The macro editor: a placeholder chip goes in where the cursor is.
    await tab.goto("/settings/macros");
    await tab.getByRole("button", { name: w.newReply }).first().click();
    const template = tab.getByRole("textbox", { name: w.text, exact: true });
    await template.fill("Dear , thanks.");
    await template.evaluate((field) => field.setSelectionRange(5, 5));
    await tab.getByRole("button", { name: w.chip }).click();
    check(`${lang}: the placeholder chip (labelled in the language) inserts at the cursor`, (await template.inputValue()) === "Dear {{customer.first_name}}, thanks.", await template.inputValue());

    await tab.goto(`/tickets/${ticket.id}`);
    const body = tab.locator(".composer").getByLabel(w.body, { exact: true });
    await body.waitFor({ timeout: 15_000 });
    await body.fill(w.greeting);
    // Bold from the toolbar on "there".
    await body.evaluate((field) => field.setSelectionRange(field.value.length - 5, field.value.length));
    await tab.locator(".composer").getByRole("button", { name: w.bold }).click();
    check(`${lang}: the toolbar makes the selection bold`, (await body.inputValue()) === w.greeting.replace("there", "**there**"), await body.inputValue());
    // Italic with the shortcut on "sorry".
    await body.evaluate((field) => field.setSelectionRange(field.value.length, field.value.length));
    await body.pressSequentially(w.apology);
    await body.evaluate((field) => field.setSelectionRange(field.value.length - 5, field.value.length));
    await body.press("Control+i");
    check(`${lang}: Ctrl+I makes the selection italic`, (await body.inputValue()).endsWith("_sorry_"), await body.inputValue());

    // Paste from "Word".
    await body.evaluate((field, html) => {
      field.focus();
      field.setSelectionRange(field.value.length, field.value.length);
      const data = new DataTransfer();
      data.setData("text/html", html);
      data.setData("text/plain", "Order 1042 shipped");
      field.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, WORD_HTML);
    const pasted = await body.inputValue();
    check(
      `${lang}: the paste, in a paragraph of its own, keeps bold, the link and the table's text as Markdown`,
      pasted.includes("_sorry_\n\n**Order 1042** shipped") && pasted.includes("[tracking page](https://track.example/1042)") && pasted.includes("Item Qty") && pasted.includes("Teapot lid 2"),
      pasted,
    );
    check(`${lang}: and drops Word's styles, the script, the image and the javascript: link`, !/mso|Calibri|font|alert|script|pixel|javascript|<|OfficeDocument/i.test(pasted) && pasted.includes(" or here."), pasted);
    if (lang === "en") await screenshots(tab, "composer-formatting");

    await tab.locator(".composer").getByRole("button", { name: w.send }).click();
    await tab.getByText(w.sent).waitFor({ timeout: 15_000 });

    // The thread shows it formatted, from the sanitised HTML, in the page.
    const shown = tab.locator(".thread .message-reply .message-formatted").last();
    await shown.waitFor({ timeout: 15_000 });
    const link = shown.locator('a[href="https://track.example/1042"]');
    check(
      `${lang}: the thread shows the reply formatted`,
      (await shown.locator("strong", { hasText: "there" }).count()) === 1 && (await shown.locator("em", { hasText: "sorry" }).count()) === 1 && (await shown.locator("strong", { hasText: "Order 1042" }).count()) === 1 && (await link.count()) === 1,
      await shown.innerHTML(),
    );
    check(`${lang}: its link opens safely and nothing else came through`, (await link.getAttribute("rel"))?.includes("noopener") && (await shown.locator("script, img, table, style, [style], [class]").count()) === 0, await shown.innerHTML());
    if (lang === "zh-CN") await screenshots(tab, "composer-formatting-zh");

    // The email: text and sanitised HTML as multipart/alternative.
    const outbox = await call("GET", `/dev/outbox?ticketId=${ticket.id}`, ws.token);
    const mail = outbox.items.find((m) => m.purpose === "reply");
    check(`${lang}: the reply is sent as multipart/alternative`, mail?.status === "sent" && mail.mime === "multipart/alternative (text/plain, text/html)", JSON.stringify({ status: mail?.status, mime: mail?.mime }));
    check(
      `${lang}: with the sanitised HTML beside the plain text`,
      mail?.bodyHtml.includes("<strong>there</strong>") && mail.bodyHtml.includes('<a href="https://track.example/1042" rel="noopener noreferrer nofollow"') && !/script|javascript|mso|<img|<table/i.test(mail.bodyHtml) && mail.bodyText.includes("there") && !mail.bodyText.includes("**"),
      `${mail?.bodyHtml}\n---\n${mail?.bodyText}`,
    );
    // The dev outbox page shows the structure and the HTML part.
    await tab.goto("/outbox");
    const shownMail = tab.locator('li.mail[data-purpose="reply"]').first();
    await shownMail.waitFor({ timeout: 15_000 });
    check(`${lang}: the dev outbox page shows the reply as multipart/alternative with an HTML part`, (await shownMail.getByText("multipart/alternative (text/plain, text/html)").count()) === 1 && (await shownMail.locator("iframe.email-frame").count()) === 1, await shownMail.innerText());
    await context.close();
  }
}
