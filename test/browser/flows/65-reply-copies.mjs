// Cc and Bcc on a public reply, in English and Chinese: a customer writes with a colleague on Cc;
// the composer offers that colleague as a chip; the agent adds them, types another Cc and a Bcc,
// sends; the outbox shows the Cc (and the Bcc as envelope only); the new Cc answers by email and
// the answer lands on the same ticket. Runs alone: `node test/browser/run.mjs reply-copies`.
export const title = "Cc and Bcc on a reply: the ticket's Cc offered as a chip, the outbox shows the Cc, a Cc's answer threads in";

const WORDS = {
  en: {
    cc: "Cc",
    bcc: "Bcc",
    addBcc: "Add Bcc",
    copy: (a) => `Copy ${a}`,
    message: "Message",
    send: "Send reply",
    sent: (to) => `Reply sent to ${to}`,
    outboxCc: "Cc",
    subject: "Where is my parcel?",
    body: "My parcel is late. My manager is copied.",
    reply: "It left our warehouse today; everyone copied will hear from us.",
    answer: "Thanks, please send the invoice to me too.",
  },
  "zh-CN": {
    cc: "抄送",
    bcc: "密送",
    addBcc: "添加密送",
    copy: (a) => `抄送 ${a}`,
    message: "内容",
    send: "发送回复",
    sent: (to) => `回复已发送至 ${to}`,
    outboxCc: "抄送",
    subject: "我的包裹在哪里？",
    body: "包裹晚到了，已抄送我的经理。",
    reply: "包裹今天已从仓库发出，抄送的各位都会收到通知。",
    answer: "谢谢，发票也请发给我。",
  },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots, sendEmail }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const tag = lang.toLowerCase();
    const ws = await signUp(lang === "en" ? "Copy Tea" : "抄送茶");
    const support = `${ws.slug}@kefu.localhost`;
    const customer = `li.wei.${tag}@example.com`;
    const manager = `manager.${tag}@example.com`;
    const boss = `boss.${tag}@example.com`;
    const audit = `audit.${tag}@example.org`;
    const mailed = await sendEmail({ from: customer, fromName: "Li Wei", to: support, cc: `Mei Manager <${manager}>`, subject: w.subject, id: `cc-flow-${tag}-${Date.now()}@mail.example`, body: w.body });
    if (mailed.status >= 300) throw new Error(`email() answered ${mailed.status}: ${mailed.text}`);
    const [ticket] = (await call("GET", "/tickets", ws.token)).items;
    check(`${lang}: the customer's email with a Cc is a ticket`, ticket?.subject === w.subject, JSON.stringify(ticket));

    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto(`/tickets/${ticket.id}`);

    // The ticket's Cc is offered; the agent adds them, types another Cc and a Bcc.
    const offered = tab.getByRole("button", { name: w.copy(manager) });
    await offered.waitFor({ timeout: 15_000 });
    check(`${lang}: the composer offers the person copied on the ticket`, true);
    await offered.click();
    await tab.getByLabel(w.cc, { exact: true }).fill(`${boss},`);
    await tab.getByRole("button", { name: w.addBcc }).click();
    await tab.getByLabel(w.bcc, { exact: true }).fill(audit);
    await tab.getByLabel(w.message, { exact: true }).fill(w.reply);
    await screenshots(tab, `reply-copies-${lang}`, [1280, 375]);
    await tab.getByRole("button", { name: w.send }).click();
    await tab.getByText(w.sent(customer)).waitFor({ timeout: 15_000 });

    const [mail] = (await call("GET", `/dev/outbox?ticketId=${ticket.id}&limit=1`, ws.token)).items;
    check(`${lang}: the reply went to the customer with both Cc's and the Bcc`, mail.to === customer && mail.cc.join() === [manager, boss].join() && mail.bcc.join() === audit && !Object.keys(mail.headers).some((h) => /^bcc$/i.test(h)), JSON.stringify(mail));

    // The outbox page shows the Cc.
    await tab.goto("/outbox");
    const ccLine = tab.locator(".mail-meta div", { has: tab.locator("dt", { hasText: new RegExp(`^${w.outboxCc}$`) }) }).first();
    await ccLine.waitFor({ timeout: 15_000 });
    const shown = await ccLine.textContent();
    check(`${lang}: the outbox shows the Cc`, shown.includes(manager) && shown.includes(boss), shown);

    // The new Cc answers the reply: it lands on the same ticket.
    const answered = await sendEmail({ from: boss, fromName: "Big Boss", to: support, subject: `Re: ${mail.subject}`, id: `cc-answer-${tag}-${Date.now()}@mail.example`, inReplyTo: mail.messageId, body: w.answer });
    if (answered.status >= 300) throw new Error(`email() answered ${answered.status}: ${answered.text}`);
    const thread = (await call("GET", `/tickets/${ticket.id}/messages`, ws.token)).items;
    const tickets = (await call("GET", "/tickets", ws.token)).items;
    check(`${lang}: the Cc's answer threads into the same ticket`, tickets.length === 1 && thread.at(-1).kind === "customer" && thread.at(-1).bodyText.includes(w.answer), JSON.stringify(thread.map((m) => m.bodyText)));
    await context.close();
  }
}
