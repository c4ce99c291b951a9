// Automatic mail is not work, in English and Chinese: an out-of-office that answered nothing of
// ours stays out of "All" and sits in the Automatic view with a badge; its ticket says what it is
// and has no deadline; one click ("Treat as a ticket") makes it work: it leaves the Automatic view,
// joins the list, its first-reply deadline starts and the history says who did it.
// Runs alone: `node test/browser/run.mjs automatic-mail`.
export const title = "Automatic mail: kept in the Automatic view with a badge, turned into a ticket by one click";

const WORDS = {
  en: { automatic: "Automatic", all: "All", badge: "Automatic", treat: "Treat as a ticket", history: "treated it as a ticket", subject: "Out of office: back on Monday", real: "The kettle lid is cracked" },
  "zh-CN": { automatic: "自动邮件", all: "全部", badge: "自动邮件", treat: "作为工单处理", history: "将其作为工单处理", subject: "自动回复：休假中，周一回来", real: "水壶盖子裂了" },
};

export default async function ({ newContext, check, signUp, signInContext, call, sendEmail, screenshots, openHistory }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Auto Mail Tea" : "自动邮件茶");
    await call("POST", "/sla-policies", ws.token, { name: "Reply in a day", conditions: {}, targets: { normal: { first_reply: { minutes: 1440, businessHours: false } } } });
    const support = `${ws.slug}@kefu.localhost`;
    const tag = `${lang}-${Date.now()}`;
    // Outlook's out-of-office to a first contact, and a person's real request.
    const away = await sendEmail({ from: "wang.fang@example.cn", fromName: "Wang Fang", to: support, subject: w.subject, id: `ooo-${tag}@mail.example`, body: "I am away.", headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } });
    const real = await sendEmail({ from: "li.wei@example.com", fromName: "Li Wei", to: support, subject: w.real, id: `real-${tag}@mail.example`, body: "Please help." });
    check(`${lang}: both mails were accepted`, away.status < 300 && real.status < 300, `${away.status} ${away.text} / ${real.status} ${real.text}`);

    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const page = await context.newPage();
    await page.goto("/tickets?view=all");
    await page.getByRole("link", { name: w.real }).waitFor();
    check(`${lang}: "All" leaves the out-of-office out`, (await page.getByRole("link", { name: w.subject }).count()) === 0);

    await page.getByRole("link", { name: w.automatic, exact: true }).click();
    await page.getByRole("link", { name: w.subject }).waitFor();
    check(`${lang}: the Automatic view lists only the out-of-office`, (await page.getByRole("link", { name: w.real }).count()) === 0);
    await page.getByRole("link", { name: w.subject }).click();

    const banner = page.locator(".automatic-banner");
    await banner.waitFor();
    await page.locator(".message .automatic-badge").first().waitFor();
    check(`${lang}: the ticket carries the badge and the message too`, (await banner.getByText(w.badge, { exact: true }).count()) === 1 && (await page.locator(".message .automatic-badge").count()) === 1);
    const ticketId = new URL(page.url()).pathname.split("/").pop();
    const before = await call("GET", `/tickets/${ticketId}/sla`, ws.token);
    check(`${lang}: no deadline while it is automatic`, before.clocks.length === 0, JSON.stringify(before.clocks));
    await screenshots(page, `automatic-mail-${lang}`, [1280]);

    await banner.getByRole("button", { name: w.treat }).click();
    await banner.waitFor({ state: "detached" });
    await (await openHistory(page)).getByText(w.history).waitFor();
    const after = await call("GET", `/tickets/${ticketId}/sla`, ws.token);
    check(`${lang}: its first-reply deadline runs from now`, after.clocks.some((c) => c.metric === "first_reply" && c.state === "running"), JSON.stringify(after.clocks));

    await page.goto("/tickets?view=automatic");
    await page.locator(".empty").first().waitFor();
    check(`${lang}: the Automatic view is empty now`, (await page.getByRole("link", { name: w.subject }).count()) === 0);
    await page.goto("/tickets?view=all");
    await page.getByRole("link", { name: w.real }).waitFor();
    check(`${lang}: the ticket is in "All" now`, (await page.getByRole("link", { name: w.subject }).count()) === 1);
    await context.close();
  }
}
