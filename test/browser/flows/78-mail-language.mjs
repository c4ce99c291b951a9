// System mail in the customer's language: in one English workspace, a customer who writes in
// Chinese gets a Chinese acknowledgement, a reply (sent from the ticket page) with a Chinese
// footer and a Chinese survey, all seen in the dev outbox; a customer who writes in English gets
// English. The support address editor shows and saves both acknowledgement templates, in the
// English and the Chinese app, and the next Chinese acknowledgement uses the edited text.
// Runs alone: `node test/browser/run.mjs mail-language`.
export const title = "Mail language: a Chinese customer's acknowledgement, reply footer and survey are Chinese; an English one's English; both templates edited";

const UI = {
  en: { edit: "Settings and acknowledgement", inEnglish: "In English", inChinese: "In Chinese", subject: "Subject", subjectZh: "Subject (Chinese)", save: "Save", saved: "Saved." },
  "zh-CN": { edit: "设置与自动确认回复", inEnglish: "英文版", inChinese: "中文版", subject: "主题", subjectZh: "主题（中文）", save: "保存", saved: "已保存。" },
};

export default async function ({ newContext, check, signUp, signInContext, call, sendEmail, runCron, screenshots, setLanguage }) {
  const ws = await signUp("Mail Language Tea");
  const support = ws.workspace.supportAddress;
  const tag = Date.now();
  const zhMail = await sendEmail({ from: "wang.fang@example.cn", fromName: "Wang Fang", to: support, subject: "茶壶盖子碎了", id: `zh-${tag}@mail.example.cn`, body: "你好，我收到的茶壶盖子碎了，能换一个吗？" });
  const enMail = await sendEmail({ from: "li.wei@example.com", fromName: "Li Wei", to: support, subject: "My teapot arrived broken", id: `en-${tag}@mail.example.com`, body: "The lid was cracked." });
  check("both mails were accepted", zhMail.status < 300 && enMail.status < 300, `${zhMail.status} ${zhMail.text} / ${enMail.status} ${enMail.text}`);
  const tickets = (await call("GET", "/tickets?sort=number&order=asc", ws.token)).items;
  const zhTicket = tickets.find((t) => t.subject === "茶壶盖子碎了");
  check("the Chinese mail became a ticket", Boolean(zhTicket), JSON.stringify(tickets.map((t) => t.subject)));

  const context = await newContext({ locale: "en" });
  await signInContext(context, ws.token);
  const page = await context.newPage();

  // The agent answers the Chinese customer from the ticket page, in the English app.
  await page.goto(`/tickets/${zhTicket.id}`);
  await page.getByRole("heading", { name: /茶壶盖子碎了/ }).waitFor();
  await page.getByLabel("Message", { exact: true }).fill("您好，新的茶壶盖明天寄出。");
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.getByText("Reply sent to wang.fang@example.cn").waitFor();
  const solved = await call("PATCH", `/tickets/${zhTicket.id}`, ws.token, { status: "solved" });
  const cron = await runCron(Date.parse(solved.solvedAt) + 25 * 3600_000);
  check("a cron tick a day after the solve runs", cron.status === 200, cron.text);

  await page.goto("/outbox");
  const mail = (purpose, to) => page.locator(`li.mail[data-purpose="${purpose}"]`).filter({ hasText: to }).first();
  const bodyOf = async (item) => {
    await item.waitFor();
    await item.locator("summary").first().click();
    return item.innerText();
  };
  const zhAck = await bodyOf(mail("acknowledgement", "wang.fang@example.cn"));
  check("the Chinese customer's acknowledgement is Chinese", zhAck.includes("[#1] 我们已收到您的请求：茶壶盖子碎了") && zhAck.includes("您的请求 #1 已收到") && !zhAck.includes("We received"), zhAck.slice(0, 800));
  const zhReply = await bodyOf(mail("reply", "wang.fang@example.cn"));
  check("the reply's footer is Chinese", zhReply.includes("工单 #1。如需补充，直接回复此邮件即可。") && !zhReply.includes("Reply to this email"), zhReply.slice(0, 800));
  const zhSurvey = await bodyOf(mail("survey", "wang.fang@example.cn"));
  check("the survey is Chinese", zhSurvey.includes("您对本次服务满意吗？") && !zhSurvey.includes("How did we do"), zhSurvey.slice(0, 800));
  const enAck = await bodyOf(mail("acknowledgement", "li.wei@example.com"));
  check("the English customer's acknowledgement is English", enAck.includes("[#2] We received your request: My teapot arrived broken") && enAck.includes("Hi Li,"), enAck.slice(0, 800));
  await screenshots(page, "mail-language-outbox", [1280]);

  // The address editor shows both templates, in the English and the Chinese app; the Chinese one is edited.
  for (const lang of ["en", "zh-CN"]) {
    const w = UI[lang];
    await page.goto("/settings/addresses");
    if (lang === "zh-CN") await setLanguage(page, "zh-CN");
    await page.getByRole("button", { name: w.edit }).first().click();
    const editor = page.locator("form.ack-editor");
    await editor.getByRole("heading", { name: w.inEnglish, exact: true }).waitFor();
    await editor.getByRole("heading", { name: w.inChinese, exact: true }).waitFor();
    const en = await editor.getByLabel(w.subject, { exact: true }).inputValue();
    const zh = editor.getByLabel(w.subjectZh, { exact: true });
    check(`${lang} app: the editor shows the English and the Chinese acknowledgement`, en.includes("We received your request") && (await zh.inputValue()).includes("我们已收到您的请求"), `${en} / ${await zh.inputValue()}`);
    await screenshots(page, `mail-language-editor-${lang}`, [1280]);
    if (lang === "zh-CN") {
      await zh.fill("[{{ticket.number}}] 已收到：{{ticket.subject}}");
      await editor.getByRole("button", { name: w.save, exact: true }).click();
      await editor.getByText(w.saved).waitFor();
    }
  }
  const [address] = (await call("GET", "/support-addresses", ws.token)).items;
  check("the edited Chinese subject is saved, the English one unchanged", address.autoAckSubjectZh === "[{{ticket.number}}] 已收到：{{ticket.subject}}" && address.autoAckSubject.includes("We received"), JSON.stringify(address));
  await sendEmail({ from: "zhang.min@example.cn", to: support, subject: "发票", id: `zh2-${tag}@mail.example.cn`, body: "请开发票。" });
  const sent = (await call("GET", "/dev/outbox?limit=50", ws.token)).items.find((m) => m.purpose === "acknowledgement" && m.to === "zhang.min@example.cn");
  check("the next Chinese customer gets the edited Chinese acknowledgement", sent?.subject === "[#3] 已收到：发票", JSON.stringify(sent?.subject));

  // In the (now Chinese) app: the workspace's default mail language and one customer's own.
  await page.goto("/settings/addresses");
  const languageForm = page.getByRole("form", { name: "邮件语言" });
  await languageForm.getByLabel("发给客户的邮件的默认语言").selectOption("zh-CN");
  await languageForm.getByRole("button", { name: "保存", exact: true }).click();
  await languageForm.getByText("已保存。").waitFor();
  check("the workspace's default mail language is saved from its form", (await call("GET", "/workspace", ws.token)).defaultLanguage === "zh-CN");
  const liWei = tickets.find((t) => t.subject === "My teapot arrived broken").requesterId;
  await page.goto(`/customers/${liWei}`);
  const details = page.getByRole("form", { name: "详细信息" });
  await details.getByLabel("邮件语言").selectOption("zh-CN");
  await details.getByRole("button", { name: "保存", exact: true }).click();
  await details.getByText("已保存。").waitFor();
  check("a customer's mail language is chosen on their page", (await call("GET", `/customers/${liWei}`, ws.token)).language === "zh-CN");
  await screenshots(page, "mail-language-customer-zh-CN", [1280]);
  await context.close();
}
