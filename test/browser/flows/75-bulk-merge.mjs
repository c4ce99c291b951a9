// Merge from the bulk bar, in English and Chinese: tick 3 tickets of a list (one of them closed),
// choose "Merge…", see the oldest proposed as the target and the warning that merges cannot be
// undone, confirm; the open one merges into the oldest (closed, pointing there, in both histories),
// the closed one is listed as refused, and the requester is told when asked.
// Runs alone: `node test/browser/run.mjs bulk-merge`.
export const title = "Bulk merge: 3 tickets selected, the oldest proposed as target, confirm; per-ticket results; histories link both ways";

const WORDS = {
  en: {
    region: "Bulk actions",
    select: (ref) => `Select ${ref}`,
    open: "Merge…",
    into: "Merge into",
    tell: "Tell the requester (email them that the requests were merged)",
    noUndo: "No undo for merge",
    confirm: (into) => `Merge 2 tickets into ${into}`,
    merged: (into) => `1 ticket merged into ${into}.`,
    closed: "This ticket is closed",
    subjects: ["Merge: first report", "Merge: second report", "Merge: old and closed"],
  },
  "zh-CN": {
    region: "批量操作",
    select: (ref) => `选择 ${ref}`,
    open: "合并…",
    into: "合并到",
    tell: "通知客户（发邮件告知请求已合并）",
    noUndo: "合并无法撤销",
    confirm: (into) => `将 2 个工单合并到 ${into}`,
    merged: (into) => `已将 1 个工单合并到 ${into}。`,
    closed: "工单已关闭",
    subjects: ["合并：第一次反映", "合并：第二次反映", "合并：已关闭的旧单"],
  },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Merge Tea" : "合并茶");
    const requester = { email: "li.wei@example.com", name: "Li Wei" };
    const created = [];
    for (const subject of w.subjects) created.push(await call("POST", "/tickets", ws.token, { subject, description: "The lid is cracked.", requester }));
    const [oldest, newer, done] = created;
    await call("PATCH", `/tickets/${done.id}`, ws.token, { status: "solved" });
    await call("PATCH", `/tickets/${done.id}`, ws.token, { status: "closed" });
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto("/tickets?view=all");
    await tab.waitForFunction((n) => document.querySelectorAll(".ticket-table tbody tr").length >= n, created.length, { timeout: 15_000 });

    // Tick the newer one first: the proposal is still the oldest.
    for (const ticket of [newer, oldest, done]) await tab.getByRole("checkbox", { name: w.select(ticket.ref), exact: true }).check();
    const bar = tab.getByRole("region", { name: w.region });
    await bar.getByRole("button", { name: w.open, exact: true }).click();
    const target = bar.getByLabel(w.into);
    check(`${lang}: "${w.open}" proposes the oldest selected ticket as the target`, (await target.inputValue()) === oldest.id, await target.inputValue());
    await bar.getByText(w.noUndo).waitFor({ timeout: 5_000 });
    check(`${lang}: the merge says there is no undo before it runs`, true);
    await bar.getByLabel(w.tell).check();
    await screenshots(tab, `bulk-merge-${lang}`, [1280, 375]);
    await bar.getByRole("button", { name: w.confirm(oldest.ref) }).click();

    const toast = tab.locator(".bulk-toast");
    await toast.getByText(w.merged(oldest.ref)).waitFor({ timeout: 15_000 });
    const failures = await toast.locator(".bulk-failures li").allTextContents();
    check(`${lang}: the toast lists the closed ticket as not merged, with why`, failures.length === 1 && failures[0].includes(done.ref) && failures[0].includes(w.closed), JSON.stringify(failures));

    const [afterNewer, afterDone] = await Promise.all([newer, done].map((t) => call("GET", `/tickets/${t.id}`, ws.token)));
    check(`${lang}: the newer ticket is closed and points to the oldest; the closed one is untouched`, afterNewer.status === "closed" && afterNewer.mergedIntoId === oldest.id && afterDone.mergedIntoId === null, JSON.stringify([afterNewer, afterDone]));
    const [targetEvents, sourceEvents] = await Promise.all([oldest, newer].map((t) => call("GET", `/tickets/${t.id}/events`, ws.token)));
    check(
      `${lang}: both histories name the other ticket, as the agent`,
      targetEvents.items.some((e) => e.field === "mergedFrom" && e.newValue === newer.id && e.actorId === ws.user.id) && sourceEvents.items.some((e) => e.field === "mergedIntoId" && e.newValue === oldest.id),
    );
    const outbox = await call("GET", `/dev/outbox?ticketId=${oldest.id}`, ws.token);
    check(`${lang}: the requester was told (an email in the outbox)`, outbox.items.some((m) => m.to === "li.wei@example.com" && m.bodyText.includes(newer.ref)), JSON.stringify(outbox.items.map((m) => m.bodyText)));
    check(`${lang}: the selection is cleared after the merge`, (await bar.count()) === 0);
    await context.close();
  }
}
