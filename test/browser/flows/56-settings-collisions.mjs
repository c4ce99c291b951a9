// Two admins of one workspace on one customer, in two browser contexts, in English and Chinese
// (issue 12): B's save of a customer A saved meanwhile is refused, and B sees A's values for the
// fields that differ next to the form (never "Saved." over A's change); "Apply my changes on top"
// saves only B's edits on A's version; "Keep theirs" shows A's values in the form and saves nothing.
export const title = "Settings collisions: a stale customer save shows the conflict view, re-applies on top, or keeps theirs";

const WORDS = {
  en: {
    details: "Details",
    name: "Name",
    organization: "Organisation",
    notes: "Notes",
    saved: "Saved.",
    conflict: "Someone else changed this since you opened it",
    theirs: "Their changes",
    reapply: "Apply my changes on top",
    keep: "Keep theirs, drop mine",
    admin: "Bo Admin",
  },
  "zh-CN": {
    details: "详细信息",
    name: "姓名",
    organization: "机构",
    notes: "备注",
    saved: "已保存。",
    conflict: "您打开后，其他人修改了这里的内容",
    theirs: "对方的修改",
    reapply: "在其基础上应用我的修改",
    keep: "保留对方的，放弃我的",
    admin: "博管理员",
  },
};

export default async function ({ newContext, check, signUp, addAgent, call, twoPeople, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Settings Clash Tea" : "设置冲突茶");
    const admin = await addAgent(ws, { email: `bo.${lang}@clash.example`, name: w.admin, role: "admin" });
    const customer = await call("POST", "/customers", ws.token, { name: lang === "en" ? "Li Wei" : "李伟", emails: [`li.wei.${lang}@clash.example`] });
    const customerNow = () => call("GET", `/customers/${customer.id}`, ws.token);

    const { a, b } = await twoPeople(newContext, lang, ws.token, admin.token);
    const form = (page) => page.getByRole("form", { name: w.details });
    for (const page of [a, b]) {
      await page.goto(`/customers/${customer.id}`);
      await form(page).getByLabel(w.name, { exact: true }).waitFor();
    }

    // 1. A renames the customer and saves; B, with the page opened before, changes the organisation and saves.
    const renamed = lang === "en" ? "Li Wei (wholesale)" : "李伟（批发）";
    const organization = lang === "en" ? "Dragon Well Tea House" : "龙井茶馆";
    await form(a).getByLabel(w.name, { exact: true }).fill(renamed);
    await form(a).locator("button[type=submit]").click();
    await form(a).getByRole("status").getByText(w.saved).waitFor();
    await form(b).getByLabel(w.organization).fill(organization);
    await form(b).locator("button[type=submit]").click();
    const conflictView = form(b).locator(".conflict");
    await conflictView.waitFor();
    const shown = await conflictView.textContent();
    check(`${lang}: a stale save shows the conflict view`, shown.includes(w.conflict) && shown.includes(w.theirs), shown);
    check(`${lang}: it names A's new value for the field that differs`, shown.includes(renamed), shown);
    check(`${lang}: and B's edit`, shown.includes(organization), shown);
    const held = await customerNow();
    check(`${lang}: A's name stays and B's organisation is not saved until B decides`, held.name === renamed && held.organization === null, JSON.stringify(held));
    await screenshots(b, `settings-conflict-${lang}`, [1280]);

    // 2. "Apply my changes on top": B's organisation is saved on A's version; A's name is kept.
    await conflictView.getByRole("button", { name: w.reapply }).click();
    await conflictView.waitFor({ state: "detached" });
    await form(b).getByRole("status").getByText(w.saved).waitFor();
    const merged = await customerNow();
    check(`${lang}: re-applying saves B's organisation on top of A's name`, merged.name === renamed && merged.organization === organization, JSON.stringify(merged));
    check(`${lang}: and B's form shows both`, (await form(b).getByLabel(w.name, { exact: true }).inputValue()) === renamed, await form(b).getByLabel(w.name, { exact: true }).inputValue());

    // 3. Again, and B keeps A's notes: the form shows them, B's are dropped.
    await a.reload();
    await form(a).getByLabel(w.notes).fill(lang === "en" ? "Prefers green tea." : "喜欢绿茶。");
    await form(b).getByLabel(w.notes).fill(lang === "en" ? "Prefers black tea." : "喜欢红茶。");
    await form(a).locator("button[type=submit]").click();
    await form(a).getByRole("status").getByText(w.saved).waitFor();
    await form(b).locator("button[type=submit]").click();
    await conflictView.waitFor();
    await conflictView.getByRole("button", { name: w.keep }).click();
    await conflictView.waitFor({ state: "detached" });
    await b.waitForFunction((notes) => [...document.querySelectorAll(".customer-form textarea")].some((t) => t.value === notes), lang === "en" ? "Prefers green tea." : "喜欢绿茶。");
    check(`${lang}: Keep theirs leaves A's notes saved`, (await customerNow()).notes === (lang === "en" ? "Prefers green tea." : "喜欢绿茶。"));
  }
}
