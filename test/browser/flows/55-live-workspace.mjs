// The live workspace with two agents of one workspace in two browser contexts, in English and
// Chinese: a ticket created by one (through the API, and by an email) appears in the other's list
// without a reload, with a count in the hidden tab's title; the other sees who views the ticket
// and who is typing a reply, in the list and on the ticket; a change to the open ticket shows
// live; closing a tab removes its presence within seconds; without the socket the list polls.
export const title = "Live workspace: two agents see each other's changes and presence without reloading";

const WORDS = {
  en: { viewing: "is viewing", typing: "is typing a reply", high: "High", agent: "Ada Agent" },
  "zh-CN": { viewing: "正在查看", typing: "正在输入回复", high: "高", agent: "安娜" },
};

/** Pretends the tab is hidden (or shown again), as switching tabs does. */
async function setHidden(page, hidden) {
  await page.evaluate((value) => {
    Object.defineProperty(document, "hidden", { value, configurable: true });
    Object.defineProperty(document, "visibilityState", { value: value ? "hidden" : "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

export default async function ({ newContext, check, signUp, addAgent, call, twoPeople, signInContext, sendEmail, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Live Tea" : "实时茶");
    const agent = await addAgent(ws, { email: `ada.${lang}@live.example`, name: w.agent });
    const ownerName = ws.user.name;

    const { a, b, contextA: ownerContext, contextB: agentContext } = await twoPeople(newContext, lang, ws.token, agent.token);

    // B watches the unassigned tickets; the page is never reloaded from here on.
    await b.goto("/tickets?view=unassigned");
    await b.locator(".view-tabs").waitFor();
    await b.waitForFunction(() => !document.querySelector(".loading"));
    await b.evaluate(() => (window.__sameDocument = true));
    await b.waitForTimeout(500); // the socket opens after sign-in

    await setHidden(b, true);
    const subject = lang === "en" ? "Live: kettle whistle broken" : "实时：水壶哨子坏了";
    const started = Date.now();
    const created = await call("POST", "/tickets", ws.token, { subject, description: "Hello", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    await b.getByText(subject).waitFor({ timeout: 15_000 });
    check(`${lang}: a ticket A creates appears in B's list without a reload (${Date.now() - started} ms)`, await b.evaluate(() => window.__sameDocument === true));
    await b.waitForFunction(() => /^\(1\) /.test(document.title), undefined, { timeout: 10_000 }).catch(() => undefined);
    check(`${lang}: the hidden tab's title counts the new ticket`, /^\(1\) /.test(await b.title()), await b.title());

    const mailed = lang === "en" ? "Live: order never arrived" : "实时：订单没到";
    await sendEmail({ from: "li.wei@example.com", to: `${ws.slug}@kefu.localhost`, subject: mailed, id: `live-${lang}-${Date.now()}@example.com`, body: "Where is my order?" });
    await b.getByText(mailed).waitFor({ timeout: 15_000 });
    check(`${lang}: a ticket from an email appears in B's list without a reload`, await b.evaluate(() => window.__sameDocument === true));
    await b.waitForFunction(() => /^\(2\) /.test(document.title), undefined, { timeout: 10_000 }).catch(() => undefined);
    check(`${lang}: the count grows with it`, /^\(2\) /.test(await b.title()), await b.title());
    await setHidden(b, false);
    check(`${lang}: the count goes when the tab is seen again`, !/^\(\d+\) /.test(await b.title()), await b.title());

    // A opens the ticket: B's list marks it.
    await a.goto(`/tickets/${created.id}`);
    await a.locator(".composer textarea").waitFor();
    const marker = b.locator("tr", { hasText: subject }).locator(".presence-marker");
    await marker.waitFor({ timeout: 10_000 });
    check(`${lang}: B's list marks the ticket A has open`, (await marker.getAttribute("title"))?.includes(`${ownerName} ${w.viewing}`) ?? false, await marker.getAttribute("title"));

    // B opens it too: the strip says A is there, then that A types.
    const composerTop = () => a.locator(".composer").evaluate((e) => Math.round(e.getBoundingClientRect().top + window.scrollY));
    await a.waitForFunction(() => !document.querySelector(".loading")); // the thread and panels are in
    const topBefore = await composerTop();
    await b.getByText(subject).click();
    const strip = b.locator(".presence-strip");
    await strip.getByText(w.viewing).waitFor({ timeout: 10_000 });
    check(`${lang}: B's ticket page shows A viewing it`, (await strip.textContent()).includes(ownerName), await strip.textContent());
    const aStrip = a.locator(".presence-strip");
    await aStrip.getByText(w.viewing).waitFor({ timeout: 10_000 });
    check(`${lang}: and A's shows B`, (await aStrip.textContent()).includes(w.agent), await aStrip.textContent());
    check(`${lang}: without moving A's composer (B's arrival shifts nothing under A's pointer)`, (await composerTop()) === topBefore, `${topBefore} → ${await composerTop()}`);

    await a.locator(".composer textarea").pressSequentially(lang === "en" ? "Hello Li, a new kettle" : "您好，新的水壶", { delay: 40 });
    await strip.getByText(w.typing).waitFor({ timeout: 10_000 });
    check(`${lang}: B sees A typing a reply`, true);
    await b.locator("tr", { hasText: subject }).count(); // (the list is gone: B is on the ticket now)
    await screenshots(b, `live-presence-${lang}`, [1280, 375]);
    const stopped = Date.now();
    await strip.getByText(w.typing).waitFor({ state: "detached", timeout: 15_000 });
    check(`${lang}: the typing marker goes when A stops typing (${Date.now() - stopped} ms)`, Date.now() - stopped < 12_000);

    // A change by A shows on B's open ticket without a reload.
    await call("PATCH", `/tickets/${created.id}`, ws.token, { priority: "high" });
    await b.locator(".ticket-head .priority", { hasText: w.high }).waitFor({ timeout: 15_000 });
    check(`${lang}: A's change shows on B's open ticket`, await b.evaluate(() => window.__sameDocument === true));

    // A closes the tab: gone from B's page within seconds.
    const closed = Date.now();
    await a.close();
    await strip.getByText(w.viewing).waitFor({ state: "detached", timeout: 15_000 });
    const gone = Date.now() - closed;
    check(`${lang}: closing A's tab removes A's presence within seconds (${gone} ms)`, gone < 5_000, gone);

    // Without the live socket (refused every time), the list still catches up: it polls.
    if (lang === "en") {
      const offline = await newContext({ locale: lang });
      await signInContext(offline, agent.token);
      await offline.routeWebSocket(/\/api\/v1\/live/, (ws) => ws.close());
      const c = await offline.newPage();
      await c.goto("/tickets?view=unassigned");
      await c.locator(".view-tabs").waitFor();
      await c.waitForFunction(() => !document.querySelector(".loading"));
      await c.evaluate(() => (window.__sameDocument = true));
      const polled = "Live: noticed by polling";
      const before = Date.now();
      await call("POST", "/tickets", ws.token, { subject: polled, description: "Hello", requester: { email: "li.wei@example.com" } });
      await c.getByText(polled).waitFor({ timeout: 40_000 });
      check(`${lang}: with the socket down the list polls: the new ticket shows without a reload (${Date.now() - before} ms)`, await c.evaluate(() => window.__sameDocument === true));
      await offline.close();
    }

    await ownerContext.close();
    await agentContext.close();
  }
}
