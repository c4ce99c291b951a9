// Saved views, in English and Chinese: an agent saves the filtered list as a personal view; it
// appears after the fixed tabs with its count, and opens the filtered list. An admin saves a
// shared view; a second agent sees the shared view but not the first agent's personal one, and
// the counts follow live ticket changes. Ada renames her view, chooses its columns and sort; the
// table follows, and keeps them after a reload. Runs alone: `node test/browser/run.mjs saved-views`.
export const title = "Saved views: save the filtered list under a name, see its count, open it; shared views for everyone, personal ones for their owner";

const WORDS = {
  en: {
    save: "Save view",
    name: "View name",
    share: "Share with everyone",
    saveIt: "Save",
    views: "Saved views",
    personal: "My urgent",
    shared: "Refund queue",
    menu: (name) => `Options for ${name}`,
    remove: "Delete view",
    edit: "Edit view",
    renamed: "Urgent by number",
    hide: ["Requester", "Assignee", "Updated", "SLA"],
    moveUp: "Move Priority up",
    sort: "Sort by",
    byNumber: "Number",
    order: "Order",
    oldestFirst: "Oldest / lowest first",
    headers: ["#", "Subject", "Priority", "Status"],
    urgent: ["Urgent: lid cracked", "Urgent: wrong tea"],
    refund: "Refund for the teapot",
    calm: "A question about green tea",
  },
  "zh-CN": {
    save: "保存视图",
    name: "视图名称",
    share: "与所有人共享",
    saveIt: "保存",
    views: "已保存的视图",
    personal: "我的紧急工单",
    shared: "退款队列",
    menu: (name) => `${name} 的选项`,
    remove: "删除视图",
    edit: "编辑视图",
    renamed: "按编号的紧急工单",
    hide: ["客户", "负责人", "更新", "SLA"],
    moveUp: "将“优先级”上移",
    sort: "排序依据",
    byNumber: "编号",
    order: "顺序",
    oldestFirst: "最早 / 最小在前",
    headers: ["编号", "主题", "优先级", "状态"],
    urgent: ["紧急：盖子裂了", "紧急：发错了茶"],
    refund: "茶壶退款",
    calm: "关于绿茶的问题",
  },
};

/** A saved view's count once loaded (or, with `expected`, once it reads so): its text, or the error. */
const countOf = (page, name, expected) =>
  page
    .waitForFunction(
      ([n, want]) => {
        const label = [...document.querySelectorAll(".saved-view a")].find((a) => a.textContent.startsWith(n))?.querySelector(".view-count")?.textContent;
        return /^\d+\+?$/.test(label ?? "") && (!want || label === want) && label;
      },
      [name, expected],
      { timeout: 20_000 },
    )
    .then((h) => h.jsonValue(), (e) => String(e));

export default async function ({ newContext, check, signUp, addAgent, call, twoPeople, signInContext, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "View Tea" : "视图茶");
    const requester = { email: "li.wei@example.com", name: "Li Wei" };
    for (const subject of w.urgent) await call("POST", "/tickets", ws.token, { subject, description: "Hello", requester, priority: "urgent" });
    await call("POST", "/tickets", ws.token, { subject: w.refund, description: "Hello", requester, tags: ["refund"] });
    await call("POST", "/tickets", ws.token, { subject: w.calm, description: "Hello", requester });
    const ada = await addAgent(ws, { email: `ada.${lang}@views.example`, name: "Ada" });
    const bo = await addAgent(ws, { email: `bo.${lang}@views.example`, name: "Bo" });

    // Ada (an agent) and the owner (an admin), side by side.
    const { a, b: admin } = await twoPeople(newContext, lang, ada.token, ws.token);

    // Ada filters the list to urgent tickets and saves it as her own view.
    await a.goto("/tickets?view=all&priority=urgent");
    await a.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 2, null, { timeout: 20_000 });
    await a.getByRole("button", { name: w.save }).click();
    check(`${lang}: an agent is not offered to share a view`, (await a.getByLabel(w.share).count()) === 0);
    await a.getByLabel(w.name).fill(w.personal);
    await a.getByRole("button", { name: w.saveIt, exact: true }).click();
    await a.waitForURL(/saved=svw_/);
    const personalCount = await countOf(a, w.personal);
    check(`${lang}: the saved view appears after the fixed tabs with its count (2)`, personalCount === "2", personalCount);
    const current = await a.locator('.saved-view a[aria-current="page"]').textContent();
    check(`${lang}: it is the current view`, current?.startsWith(w.personal), current);

    // Opened again from the fixed "All" view, it filters the list.
    await a.goto("/tickets?view=all");
    await a.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 4, null, { timeout: 20_000 });
    await a.locator(".saved-view a", { hasText: w.personal }).click();
    await a.waitForURL(/saved=svw_/);
    await a.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 2, null, { timeout: 20_000 });
    const rows = (await a.locator(".ticket-table tbody tr").allTextContents()).join("\n");
    check(`${lang}: opening it shows only its tickets`, w.urgent.every((s) => rows.includes(s)) && !rows.includes(w.calm) && !rows.includes(w.refund), rows);

    // The admin saves a shared view of the refund-tagged tickets.
    await admin.goto("/tickets?view=all&tag=refund");
    await admin.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 1, null, { timeout: 20_000 });
    await admin.getByRole("button", { name: w.save }).click();
    await admin.getByLabel(w.name).fill(w.shared);
    await admin.getByLabel(w.share).check();
    await admin.getByRole("button", { name: w.saveIt, exact: true }).click();
    await admin.waitForURL(/saved=svw_/);
    check(`${lang}: the admin does not see Ada's personal view`, (await admin.locator(".saved-view a", { hasText: w.personal }).count()) === 0);

    // Bo, a second agent, sees the shared view with its count, not Ada's.
    const boContext = await newContext({ locale: lang });
    await signInContext(boContext, bo.token);
    const boPage = await boContext.newPage();
    await boPage.goto("/tickets?view=all");
    const sharedCount = await countOf(boPage, w.shared);
    check(`${lang}: a second agent sees the shared view with its count (1)`, sharedCount === "1", sharedCount);
    check(`${lang}: …but not the first agent's personal view`, (await boPage.locator(".saved-view a", { hasText: w.personal }).count()) === 0);
    check(`${lang}: …and cannot delete the shared one`, (await boPage.getByLabel(w.menu(w.shared)).count()) === 0);
    await screenshots(a, `saved-views-${lang}`, [1280, 375]);

    // A new refund ticket: Bo's count follows live — from one counts request, not a list request per view.
    const requests = [];
    const seen = (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}${new URL(request.url()).search}`);
    boPage.on("request", seen);
    await call("POST", "/tickets", ws.token, { subject: `${w.refund} 2`, description: "Hello", requester, tags: ["refund"] });
    const liveCount = await countOf(boPage, w.shared, "2");
    boPage.off("request", seen);
    check(`${lang}: the count follows live ticket changes`, liveCount === "2", liveCount);
    const countRequests = requests.filter((r) => r.startsWith("POST /api/v1/ticket-counts"));
    const pageRequests = requests.filter((r) => r.startsWith("GET /api/v1/tickets?") && r.includes("limit=100"));
    check(`${lang}: …through one counts request, no list request per view`, countRequests.length >= 1 && pageRequests.length === 0, requests.join("\n"));

    // Ada renames her view, keeps four columns with Priority before Status, and sorts it by number, oldest first.
    await a.locator(".saved-view a", { hasText: w.personal }).click();
    await a.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 2, null, { timeout: 20_000 });
    await a.getByLabel(w.menu(w.personal)).click();
    await a.getByRole("button", { name: w.edit }).click();
    const form = a.locator(".edit-view-form");
    await form.getByLabel(w.name).fill(w.renamed);
    for (const column of w.hide) await form.getByLabel(column, { exact: true }).uncheck();
    await form.getByRole("button", { name: w.moveUp }).click();
    await form.getByLabel(w.sort).selectOption({ label: w.byNumber });
    await form.getByLabel(w.order).selectOption({ label: w.oldestFirst });
    await form.getByRole("button", { name: w.saveIt, exact: true }).click();
    const columnsShown = () => a.locator(".ticket-table thead th[data-column]").allTextContents();
    // Wait for the view's new address and its tickets in the new order (the list refetches).
    await a.waitForFunction(
      ([n, oldest]) => document.querySelectorAll(".ticket-table thead th[data-column]").length === n && document.querySelector(".ticket-table tbody tr")?.textContent.includes(oldest),
      [w.headers.length, w.urgent[0]],
      { timeout: 20_000 },
    );
    let headers = await columnsShown();
    check(`${lang}: the edited view shows the chosen columns in the chosen order`, JSON.stringify(headers) === JSON.stringify(w.headers), headers);
    let first = await a.locator(".ticket-table tbody tr").first().textContent();
    check(`${lang}: …sorted by number, oldest first`, first?.includes(w.urgent[0]), first);
    const renamedTab = await a.locator(".saved-view a", { hasText: w.renamed }).count();
    check(`${lang}: …under its new name`, renamedTab === 1 && (await a.locator(".saved-view a", { hasText: w.personal }).count()) === 0);
    // Kept: after a reload, and when opened from another view.
    await a.reload();
    await a.waitForFunction((n) => document.querySelectorAll(".ticket-table thead th[data-column]").length === n && document.querySelectorAll(".ticket-table tbody tr").length === 2, w.headers.length, { timeout: 20_000 });
    headers = await columnsShown();
    check(`${lang}: after a reload the columns are kept`, JSON.stringify(headers) === JSON.stringify(w.headers), headers);
    await a.goto("/tickets?view=all");
    await a.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 5, null, { timeout: 20_000 });
    check(`${lang}: other views keep every column`, (await columnsShown()).length === 8);
    await a.locator(".saved-view a", { hasText: w.renamed }).click();
    await a.waitForFunction((n) => document.querySelectorAll(".ticket-table thead th[data-column]").length === n && document.querySelectorAll(".ticket-table tbody tr").length === 2, w.headers.length, { timeout: 20_000 });
    first = await a.locator(".ticket-table tbody tr").first().textContent();
    check(`${lang}: opened from its tab: its columns and its order`, JSON.stringify(await columnsShown()) === JSON.stringify(w.headers) && first?.includes(w.urgent[0]), first);

    // Ada deletes her view from its menu.
    await a.getByLabel(w.menu(w.renamed)).click();
    await a.getByRole("button", { name: w.remove }).click();
    await a.locator(".saved-view a", { hasText: w.renamed }).waitFor({ state: "detached", timeout: 20_000 });
    check(`${lang}: a view is deleted from its menu`, (await a.locator(".saved-view a", { hasText: w.shared }).count()) === 1);
  }
}
