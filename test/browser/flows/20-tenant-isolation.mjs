// Two workspaces in two browser contexts (separate cookies): each sees only its own tickets.
export const title = "Two tenants in two browser contexts see only their own data";

export default async function ({ context, page, newContext, check, signUp, signInContext, call, screenshots }) {
  const alpha = await signUp("Alpha Tea");
  const bravo = await signUp("Bravo Coffee");
  const subjects = { alpha: ["Alpha: tea leaves arrived wet", "Alpha: 茶叶受潮了", "Alpha: refund please"], bravo: ["Bravo: grinder is noisy"] };
  for (const subject of subjects.alpha) await call("POST", "/tickets", alpha.token, { subject, description: "Hello", requester: { email: "customer@alpha.example" } });
  for (const subject of subjects.bravo) await call("POST", "/tickets", bravo.token, { subject, description: "Hello", requester: { email: "customer@bravo.example" } });

  await signInContext(context, alpha.token);
  const bravoContext = await newContext();
  await signInContext(bravoContext, bravo.token);
  const bravoPage = await bravoContext.newPage();

  for (const [who, p, mine, theirs, name] of [
    ["alpha", page, subjects.alpha, subjects.bravo, "Alpha Tea"],
    ["bravo", bravoPage, subjects.bravo, subjects.alpha, "Bravo Coffee"],
  ]) {
    await p.goto("/reports");
    await p.locator(".topbar .workspace-name").waitFor();
    check(`${who}: the top bar names its own workspace`, (await p.locator(".topbar .workspace-name").textContent()) === name);
    const created = p.locator(".card", { hasText: "Tickets created" }).locator(".card-value");
    await created.waitFor();
    check(`${who}: the report counts only its own tickets`, (await created.textContent()) === String(mine.length), await created.textContent());

    // The session cookie the page holds reads its own workspace only.
    const listed = await p.evaluate(async () => (await (await fetch("/api/v1/tickets")).json()).items.map((t) => t.subject));
    check(`${who}: the API, called with the page's cookie, lists only its own tickets`, listed.length === mine.length && mine.every((s) => listed.includes(s)) && !theirs.some((s) => listed.includes(s)), JSON.stringify(listed));

    // The ticket list, once the agent pages exist.
    await p.goto("/tickets?view=all");
    await p.waitForLoadState("networkidle");
    if ((await p.getByText("There is no such page.").count()) === 0) {
      await p.getByText(mine[0]).first().waitFor();
      const body = await p.locator("main").textContent();
      check(`${who}: the ticket list shows its own tickets and none of the other's`, mine.every((s) => body.includes(s)) && !theirs.some((s) => body.includes(s)), body.slice(0, 500));
      await screenshots(p, `tickets-${who}`, [1280]);
    }
  }
}
