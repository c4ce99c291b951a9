// A new agent's first sign-in, in English and Chinese: "My open" is empty, says so, and points to
// the unassigned tickets they can take (in no group: every unassigned one), with the count; one
// click opens that list, in the same page. Runs alone: `node test/browser/run.mjs takeable`.
export const title = "A new agent's empty My open points to the N unassigned tickets they can take; one click shows them";

const WORDS = {
  en: {
    workspace: "Workspace",
    email: "Email",
    password: "Password",
    signIn: "Sign in",
    mine: "My open",
    unassigned: "Unassigned",
    mineEmpty: "Nothing is assigned to you right now.",
    show: (n) => `Show ${n} unassigned tickets`,
    subjects: ["Waiting: lid cracked", "Waiting: wrong tea", "Waiting: late parcel"],
    owners: "Owner's own: refund",
  },
  "zh-CN": {
    workspace: "工作区",
    email: "邮箱",
    password: "密码",
    signIn: "登录",
    mine: "我的待处理",
    unassigned: "未分配",
    mineEmpty: "目前没有分配给您的待处理工单。",
    show: (n) => `查看 ${n} 张未分配的工单`,
    subjects: ["等待：盖子裂了", "等待：发错了茶", "等待：包裹迟到"],
    owners: "负责人自己的：退款",
  },
};

export default async function ({ newContext, check, signUp, addAgent, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Take Tea" : "接手茶");
    const requester = { email: "li.wei@example.com", name: "Li Wei" };
    for (const subject of w.subjects) await call("POST", "/tickets", ws.token, { subject, description: "Hello", requester });
    await call("POST", "/tickets", ws.token, { subject: w.owners, description: "Hello", requester, assigneeId: ws.user.id });
    const email = `new.${lang}@take.example`;
    await addAgent(ws, { email, name: lang === "en" ? "Nova Agent" : "新人" });

    // The new agent signs in through the form.
    const context = await newContext({ locale: lang });
    const tab = await context.newPage();
    await tab.goto("/login");
    await tab.getByLabel(w.workspace).fill(ws.slug);
    await tab.getByLabel(w.email, { exact: true }).fill(email);
    await tab.getByLabel(w.password, { exact: true }).fill("a long agent password");
    await tab.getByRole("button", { name: w.signIn }).last().click();
    await tab.locator(".topbar").waitFor();
    if (!new URL(tab.url()).pathname.startsWith("/tickets")) await tab.goto("/tickets");
    await tab.locator(".view-tabs").waitFor();
    const current = await tab.locator('.view-tabs a[aria-current="page"]').textContent();
    check(`${lang}: a new agent lands on "${w.mine}"`, current === w.mine, current);

    await tab.getByText(w.mineEmpty).waitFor({ timeout: 15_000 });
    const pointer = tab.getByRole("link", { name: w.show(3) });
    await pointer.waitFor({ timeout: 15_000 });
    check(`${lang}: the empty view says so and points to the 3 unassigned tickets (not the owner's own)`, true);
    await screenshots(tab, `takeable-work-${lang}`, [1280, 375]);

    await tab.evaluate(() => (window.__sameDocument = true));
    await pointer.click();
    await tab.waitForURL(/view=unassigned/);
    const table = tab.locator(".ticket-table");
    await table.waitFor({ timeout: 15_000 });
    await tab.waitForFunction((n) => document.querySelectorAll(".ticket-table tbody tr").length === n, w.subjects.length, { timeout: 15_000 });
    const rows = (await table.locator("tbody tr").allTextContents()).join("\n");
    check(`${lang}: one click shows them, in the same page`, w.subjects.every((s) => rows.includes(s)) && !rows.includes(w.owners) && (await tab.evaluate(() => window.__sameDocument === true)), rows);
    const now = await tab.locator('.view-tabs a[aria-current="page"]').textContent();
    check(`${lang}: the "${w.unassigned}" view is the current one`, now === w.unassigned, now);
    await context.close();
  }
}
