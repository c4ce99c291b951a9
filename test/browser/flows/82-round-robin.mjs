// Automatic assignment, round-robin, in English and Chinese: an admin turns a group to
// round-robin on its card, two agents switch themselves to available in the top bar, three
// tickets arrive by email at the address whose group it is, and they are spread between the two
// (2 and 1); the ticket's history says why ("round-robin assignment" / "轮流分配").
// Runs alone: `node test/browser/run.mjs round-robin`.
export const title = "Automatic assignment: a round-robin group spreads mailed tickets between the available agents; the history says why";

const WORDS = {
  en: { method: "Method", roundRobin: "Round-robin (each available member in turn)", save: "Save assignment", saved: "Saved.", available: "Available for new tickets", on: "Available", reason: "round-robin assignment", history: "History", group: "Front desk" },
  "zh-CN": { method: "方式", roundRobin: "轮流分配（在线成员依次接单）", save: "保存分配设置", saved: "已保存。", available: "接收新工单", on: "在线", reason: "轮流分配", history: "历史", group: "前台" },
};

export default async function ({ newContext, check, signUp, addAgent, signInContext, call, sendEmail, screenshots, openHistory }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Round Robin Tea" : "轮流茶");
    const stamp = `${lang}-${Date.now()}`;
    const ann = await addAgent(ws, { email: `ann-${stamp}@example.com`, name: "Ann" });
    const ben = await addAgent(ws, { email: `ben-${stamp}@example.com`, name: "Ben" });
    const group = await call("POST", "/groups", ws.token, { name: w.group });
    for (const agent of [ann, ben]) await call("POST", `/groups/${group.id}/members`, ws.token, { userId: agent.user.id });
    const [address] = (await call("GET", "/support-addresses", ws.token)).items;
    await call("PATCH", `/support-addresses/${address.id}`, ws.token, { defaultGroupId: group.id });

    // The admin makes the group round-robin on its card.
    const admin = await newContext({ locale: lang });
    await signInContext(admin, ws.token);
    const page = await admin.newPage();
    await page.goto("/settings/team");
    const card = page.locator("article.group-card").filter({ has: page.getByRole("heading", { name: w.group, exact: true }) });
    await card.getByLabel(`${w.method}: ${w.group}`).selectOption({ label: w.roundRobin });
    await card.getByRole("button", { name: w.save }).click();
    await card.getByRole("status").filter({ hasText: w.saved }).waitFor();
    const settings = await call("GET", `/groups/${group.id}/assignment`, ws.token);
    check(`${lang}: the group assigns round-robin`, settings.method === "round_robin", JSON.stringify(settings));
    await screenshots(page, `round-robin-settings-${lang}`, [1280]);

    // Each agent turns themselves available in the top bar.
    for (const agent of [ann, ben]) {
      const context = await newContext({ locale: lang });
      await signInContext(context, agent.token);
      const agentPage = await context.newPage();
      await agentPage.goto("/tickets");
      const toggle = agentPage.getByRole("switch", { name: w.available });
      await toggle.waitFor();
      await toggle.click();
      await agentPage.locator(".availability-toggle.is-available").getByText(w.on).waitFor();
      if (agent === ann) await screenshots(agentPage, `availability-${lang}`, [1280]);
      await context.close();
    }
    const states = await Promise.all([ann, ben].map((a) => call("GET", `/users/${a.user.id}/availability`, ws.token)));
    check(`${lang}: both agents are available`, states.every((s) => s.available), JSON.stringify(states));

    // Three tickets arrive by email.
    const support = `${ws.slug}@kefu.localhost`;
    for (const n of [1, 2, 3]) {
      const sent = await sendEmail({ from: `customer${n}@example.com`, fromName: `Customer ${n}`, to: support, subject: `Order ${n} ${stamp}`, id: `rr-${n}-${stamp}@mail.example`, body: "Where is my tea?" });
      check(`${lang}: mail ${n} accepted`, sent.status < 300, `${sent.status} ${sent.text}`);
    }
    const tickets = (await call("GET", `/tickets?groupId=${group.id}&sort=created_at&order=asc`, ws.token)).items;
    const counts = [ann, ben].map((a) => tickets.filter((t) => t.assigneeId === a.user.id).length).sort();
    check(`${lang}: the three tickets are spread 2 and 1 between the two agents`, tickets.length === 3 && counts[0] === 1 && counts[1] === 2, JSON.stringify(tickets.map((t) => t.assigneeId)));

    // The history of the first says why.
    await page.goto(`/tickets/${tickets[0].id}`);
    const history = await openHistory(page);
    await history.getByText(w.reason, { exact: false }).first().waitFor();
    check(`${lang}: the history gives the reason`, (await history.getByText(w.reason, { exact: false }).count()) >= 1);
    await screenshots(page, `round-robin-history-${lang}`, [1280]);
    await admin.close();
  }
}
