// Keyboard-only triage, in English and Chinese: `?` shows the shortcuts, `/` goes to search (and
// letters typed there stay letters), Esc leaves the field, `j`/`k` move through the list, `o`
// opens, `a` assigns to me, `r` starts a reply (typing in it fires nothing), `e` solves, `n` a note.
// Runs alone: `node test/browser/run.mjs keyboard`.
export const title = "Keyboard-only triage: ? / j k o a r e n, nothing fires while typing";

const WORDS = {
  en: { help: "Keyboard shortcuts", assigned: "Assigned to you.", solved: "Solved.", assignMe: "Assign to me", subjects: ["Kbd: lid cracked", "Kbd: wrong tea", "Kbd: late parcel"] },
  "zh-CN": { help: "键盘快捷键", assigned: "已分配给您。", solved: "已解决。", assignMe: "分配给我", subjects: ["键盘：盖子裂了", "键盘：发错了茶", "键盘：包裹迟到"] },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Key Tea" : "键盘茶");
    const requester = { email: "li.wei@example.com", name: "Li Wei" };
    const created = [];
    for (const subject of w.subjects) created.push(await call("POST", "/tickets", ws.token, { subject, description: "Hello", requester }));
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto("/tickets?view=unassigned");
    await tab.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 3, null, { timeout: 15_000 });

    // ? shows every shortcut; Esc closes it.
    await tab.keyboard.press("?");
    const help = tab.getByRole("dialog", { name: w.help });
    await help.waitFor({ timeout: 5_000 });
    const keys = await help.locator("kbd").allTextContents();
    check(`${lang}: ? shows the shortcuts`, ["/", "j", "k", "o", "Enter", "r", "n", "a", "e", "?"].every((k) => keys.includes(k)), keys.join(" "));
    await screenshots(tab, `keyboard-help-${lang}`, [1280]);
    await tab.keyboard.press("Escape");
    await help.waitFor({ state: "detached", timeout: 5_000 });

    // / goes to search; j typed there is a letter, not a move; Esc leaves the field.
    await tab.keyboard.press("/");
    const inSearch = await tab.evaluate(() => document.activeElement?.id === "ticket-search");
    await tab.keyboard.type("jk");
    const typed = await tab.locator("#ticket-search").inputValue();
    const noneSelected = (await tab.locator(".ticket-table tr.kbd-current").count()) === 0;
    check(`${lang}: / focuses search, and j k typed there are text`, inSearch && typed === "jk" && noneSelected, `${inSearch} ${typed} ${noneSelected}`);
    await tab.locator("#ticket-search").fill("");
    await tab.keyboard.press("Escape");
    check(`${lang}: Esc leaves the search field`, await tab.evaluate(() => document.activeElement?.id !== "ticket-search"));

    // j j k: the first row; o opens it.
    await tab.keyboard.press("j");
    await tab.keyboard.press("j");
    await tab.keyboard.press("k");
    const rows = tab.locator(".ticket-table tbody tr");
    const current = await rows.evaluateAll((all) => all.findIndex((r) => r.classList.contains("kbd-current")));
    const firstHref = await rows.first().locator('a[href^="/tickets/"]').first().getAttribute("href");
    check(`${lang}: j j k selects the first row`, current === 0, current);
    await tab.keyboard.press("o");
    await tab.waitForURL((url) => url.pathname === firstHref, { timeout: 15_000 });
    const id = firstHref.split("/").pop();
    await tab.locator(".composer textarea").waitFor({ timeout: 15_000 });

    // a assigns to me.
    await tab.keyboard.press("a");
    await tab.getByText(w.assigned).waitFor({ timeout: 15_000 });
    await tab.getByRole("button", { name: w.assignMe, exact: true }).waitFor({ state: "detached", timeout: 15_000 });
    check(`${lang}: a assigns the ticket to me`, (await call("GET", `/tickets/${id}`, ws.token)).assigneeId === ws.user.id);

    // r starts a reply; typing e a n in it changes nothing; Esc leaves it; e solves.
    await tab.keyboard.press("r");
    await tab.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA" && document.activeElement.closest(".composer-reply") !== null, null, { timeout: 5_000 });
    await tab.keyboard.type("e a n");
    const whileTyping = await call("GET", `/tickets/${id}`, ws.token);
    check(`${lang}: r focuses a public reply; letters typed there fire nothing`, whileTyping.status !== "solved" && (await tab.locator(".composer textarea").inputValue()) === "e a n", whileTyping.status);
    await tab.keyboard.press("Escape");
    await tab.keyboard.press("e");
    await tab.getByText(w.solved).waitFor({ timeout: 15_000 });
    check(`${lang}: e solves the ticket`, (await call("GET", `/tickets/${id}`, ws.token)).status === "solved");

    // n switches the composer to an internal note.
    await tab.keyboard.press("Escape");
    await tab.keyboard.press("n");
    await tab.waitForFunction(() => document.activeElement?.tagName === "TEXTAREA" && document.activeElement.closest(".composer-note") !== null, null, { timeout: 5_000 });
    check(`${lang}: n starts an internal note`, true);
    const others = await Promise.all(created.filter((t) => t.id !== id).map((t) => call("GET", `/tickets/${t.id}`, ws.token)));
    check(`${lang}: the other tickets are untouched`, others.every((t) => t.status === "new" && t.assigneeId === null), JSON.stringify(others.map((t) => [t.status, t.assigneeId])));
    await context.close();
  }
}
