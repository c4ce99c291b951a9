// Notifications with two agents of one workspace in two browser contexts, in English and
// Chinese: A assigns a ticket to B; B's bell counts it without a reload, lists it and opens the
// ticket from it (marking it read); after the burst is quiet the cron mails B one email, in B's
// language, which A sees in the dev outbox. A mention picked from the note composer's "@" rings it too.
export const title = "Notifications: an assignment and a mention ring the other agent's bell live and arrive by email";

const WORDS = {
  en: { agent: "Bo Agent", assigned: (owner, n) => `${owner} assigned #${n} to you`, bell: "Notifications" },
  "zh-CN": { agent: "王波", assigned: (owner, n) => `${owner} 把 #${n} 分配给了你`, bell: "通知" },
};

export default async function ({ newContext, check, signUp, addAgent, call, signInContext, runCron, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Bell Tea" : "铃铛茶");
    const agent = await addAgent(ws, { email: `bo.${lang}@bell.example`, name: w.agent });
    await call("PATCH", "/me", agent.token, { language: lang });
    const ownerName = ws.user.name;

    const ownerContext = await newContext({ locale: lang });
    await signInContext(ownerContext, ws.token);
    const agentContext = await newContext({ locale: lang });
    await signInContext(agentContext, agent.token);
    const a = await ownerContext.newPage();
    const b = await agentContext.newPage();

    const subject = lang === "en" ? "Bell: lid does not fit" : "铃铛：盖子不合适";
    const ticket = await call("POST", "/tickets", ws.token, { subject, description: "Hello", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    await b.goto("/tickets");
    await b.locator(".notification-bell").waitFor();
    await b.waitForFunction(() => !document.querySelector(".loading"));
    await b.evaluate(() => (window.__sameDocument = true));
    await b.waitForTimeout(500); // the socket opens after sign-in
    const before = Number((await b.locator(".bell-count").textContent({ timeout: 10_000 }).catch(() => "0")) || 0);

    // A assigns the ticket to B on A's own ticket page.
    await a.goto(`/tickets/${ticket.id}`);
    await a.locator(".composer textarea").waitFor();
    const started = Date.now();
    await call("PATCH", `/tickets/${ticket.id}`, ws.token, { assigneeId: agent.user.id });
    await b.waitForFunction((n) => Number(document.querySelector(".bell-count")?.textContent ?? 0) === n + 1, before, { timeout: 15_000 });
    check(`${lang}: B's bell counts the assignment without a reload (${Date.now() - started} ms)`, await b.evaluate(() => window.__sameDocument === true));

    await b.locator(".bell-button").click();
    const item = b.locator(".bell-panel li.unread", { hasText: w.assigned(ownerName, ticket.number) });
    await item.waitFor({ timeout: 10_000 });
    check(`${lang}: the bell lists it in B's language`, (await item.textContent()).includes(subject), await item.textContent());
    await screenshots(b, `notifications-bell-${lang}`, [1280, 375]);
    await item.locator("a").click();
    await b.waitForURL(`**/tickets/${ticket.id}`);
    await b.waitForFunction((n) => Number(document.querySelector(".bell-count")?.textContent ?? 0) === n, before, { timeout: 10_000 });
    check(`${lang}: opening it goes to the ticket and marks it read`, await b.evaluate(() => window.__sameDocument === true));

    // A mentions B in an internal note, picking B from the suggestions "@" offers.
    await a.locator('input[name="composer-kind"][value="note"]').check();
    await a.locator(".composer textarea").pressSequentially(`@${w.agent.slice(0, 2)}`, { delay: 40 });
    const suggestion = a.locator(".mention-suggestions li", { hasText: w.agent });
    await suggestion.waitFor({ timeout: 10_000 });
    await a.locator(".composer textarea").press("Enter");
    await a.locator(".composer textarea").pressSequentially(lang === "en" ? "please check the lid" : "请看一下盖子", { delay: 20 });
    check(`${lang}: "@" offers the agents and inserts the name`, (await a.locator(".composer textarea").inputValue()).startsWith(`@${w.agent} `), await a.locator(".composer textarea").inputValue());
    await a.locator('.composer button[type="submit"]').click();
    await b.waitForFunction((n) => Number(document.querySelector(".bell-count")?.textContent ?? 0) === n + 1, before, { timeout: 15_000 });
    check(`${lang}: the mention rings B's bell`, await b.evaluate(() => window.__sameDocument === true));

    // The burst is quiet after two minutes: one email, in B's language, in the dev outbox.
    await runCron(Date.now() + 3 * 60_000);
    const outbox = await call("GET", "/dev/outbox?limit=200", ws.token);
    const mails = outbox.items.filter((m) => m.purpose === "notification" && m.to === `bo.${lang}@bell.example`.toLowerCase());
    check(`${lang}: one notification email to B`, mails.length === 1, JSON.stringify(mails.map((m) => m.subject)));
    // The burst: the new ticket, then its assignment.
    check(`${lang}: in B's language, linking to the ticket`, mails[0]?.bodyText.includes(w.assigned(ownerName, ticket.number)) && mails[0]?.bodyText.includes(`/tickets/${ticket.id}`), mails[0]?.bodyText);
    check(`${lang}: nothing to A, who made the change`, !outbox.items.some((m) => m.purpose === "notification" && m.to === ws.email));
    await a.goto("/outbox");
    await a.getByText(mails[0].subject).first().waitFor({ timeout: 15_000 });
    check(`${lang}: A sees the email in the dev outbox page`, true);
  }
}
