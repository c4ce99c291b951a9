// Bulk work, in English and Chinese: tick 3 tickets of a list, set their priority and add a tag
// in one go, see them changed (a ticket not ticked stays as it was), press Undo, see them put back.
// Runs alone: `node test/browser/run.mjs bulk`.
export const title = "Bulk work: select 3 tickets, set priority and add a tag, see them changed, Undo puts them back";

const WORDS = {
  en: {
    region: "Bulk actions",
    select: (ref) => `Select ${ref}`,
    selected: "3 tickets selected",
    priority: "Priority",
    urgent: "Urgent",
    normal: "Normal",
    addTags: "Add tags",
    apply: "Apply to 3 tickets",
    changed: "3 tickets changed.",
    undo: "Undo",
    undone: "3 tickets put back.",
    subjects: ["Bulk: lid cracked", "Bulk: wrong tea", "Bulk: late parcel", "Bulk: leave me"],
  },
  "zh-CN": {
    region: "批量操作",
    select: (ref) => `选择 ${ref}`,
    selected: "已选择 3 个工单",
    priority: "优先级",
    urgent: "紧急",
    normal: "普通",
    addTags: "添加标签",
    apply: "应用到 3 个工单",
    changed: "已修改 3 个工单。",
    undo: "撤销",
    undone: "已恢复 3 个工单。",
    subjects: ["批量：盖子裂了", "批量：发错了茶", "批量：包裹迟到", "批量：别动我"],
  },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Bulk Tea" : "批量茶");
    const requester = { email: "li.wei@example.com", name: "Li Wei" };
    const created = [];
    for (const subject of w.subjects) created.push(await call("POST", "/tickets", ws.token, { subject, description: "Hello", requester, tags: ["tea"] }));
    const [picked, left] = [created.slice(0, 3), created[3]];
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto("/tickets?view=unassigned");
    await tab.waitForFunction((n) => document.querySelectorAll(".ticket-table tbody tr").length >= n, created.length, { timeout: 15_000 });

    for (const ticket of picked) await tab.getByRole("checkbox", { name: w.select(ticket.ref), exact: true }).check();
    const bar = tab.getByRole("region", { name: w.region });
    await bar.getByText(w.selected).waitFor({ timeout: 5_000 });
    check(`${lang}: ticking 3 rows shows the bulk bar with "${w.selected}"`, true);
    await bar.getByLabel(w.priority).selectOption({ label: w.urgent });
    await bar.getByLabel(w.addTags).fill("vip");
    await screenshots(tab, `bulk-bar-${lang}`, [1280, 375]);
    await bar.getByRole("button", { name: w.apply }).click();
    const toast = tab.locator(".bulk-toast");
    await toast.getByText(w.changed).waitFor({ timeout: 15_000 });

    const rowOf = (ticket) => tab.locator(".ticket-table tbody tr", { has: tab.getByRole("checkbox", { name: w.select(ticket.ref), exact: true }) });
    await tab.waitForFunction(
      ({ refs, urgent }) => refs.every((ref) => [...document.querySelectorAll(".ticket-table tbody tr")].some((row) => row.textContent.includes(ref) && row.textContent.includes(urgent))),
      { refs: picked.map((t) => t.ref), urgent: w.urgent },
      { timeout: 15_000 },
    );
    const after = await Promise.all(picked.map((t) => call("GET", `/tickets/${t.id}`, ws.token)));
    const untouched = await call("GET", `/tickets/${left.id}`, ws.token);
    check(
      `${lang}: the 3 tickets are urgent and tagged vip, the list shows it; the 4th is as it was`,
      after.every((t) => t.priority === "urgent" && t.tags.join() === "tea,vip") && untouched.priority === "normal" && untouched.tags.join() === "tea" && (await rowOf(left).textContent()).includes(w.normal),
      JSON.stringify(after.map((t) => [t.priority, t.tags])),
    );
    const history = await call("GET", `/tickets/${picked[0].id}/events`, ws.token);
    check(`${lang}: the change is in the ticket's history as the agent`, history.items.some((e) => e.field === "priority" && e.newValue === "urgent" && e.actorId === ws.user.id));

    await toast.getByRole("button", { name: w.undo }).click();
    await toast.getByText(w.undone).waitFor({ timeout: 15_000 });
    await tab.waitForFunction(
      ({ refs, normal }) => refs.every((ref) => [...document.querySelectorAll(".ticket-table tbody tr")].some((row) => row.textContent.includes(ref) && row.textContent.includes(normal))),
      { refs: picked.map((t) => t.ref), normal: w.normal },
      { timeout: 15_000 },
    );
    const back = await Promise.all(picked.map((t) => call("GET", `/tickets/${t.id}`, ws.token)));
    check(`${lang}: Undo puts the 3 back: normal priority, only their old tag`, back.every((t) => t.priority === "normal" && t.tags.join() === "tea"), JSON.stringify(back.map((t) => [t.priority, t.tags])));
    await context.close();
  }
}
