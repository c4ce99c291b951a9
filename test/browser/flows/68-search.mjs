// One search box, in English and Chinese: a requester's name finds their tickets (not another
// workspace's), a ticket number with # finds that ticket, words combine with a filter, and the
// words are marked in the results. Runs alone: `node test/browser/run.mjs search`.
export const title = "One search box: requester name, #number, words with a filter; matches marked";

const WORDS = {
  en: { search: "Search", status: "Status", pending: "Pending", name: "Wang Fang", subjects: ["Box arrived open", "Second parcel late", "Teapot question"] },
  "zh-CN": { search: "搜索", status: "状态", pending: "待回复", name: "王芳", subjects: ["盒子破了", "第二个包裹晚了", "茶壶问题"] },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Find Tea" : "搜茶");
    const other = await signUp(lang === "en" ? "Other Tea" : "别家茶");
    const wang = { email: `wang.fang.${lang}@example.cn`, name: w.name };
    const [open, pending] = [await call("POST", "/tickets", ws.token, { subject: w.subjects[0], description: "Hello", requester: wang }), await call("POST", "/tickets", ws.token, { subject: w.subjects[1], description: "Hello", requester: wang, status: "pending" })];
    const third = await call("POST", "/tickets", ws.token, { subject: w.subjects[2], description: "Hello", requester: { email: "li@example.com", name: "Li" } });
    await call("POST", "/tickets", other.token, { subject: "Not yours", description: "Hello", requester: wang });

    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    const results = async () => tab.locator(".ticket-table tbody tr .subject").allTextContents();
    const searchFor = async (words) => {
      await tab.locator("#ticket-search").fill(words);
      await tab.locator("#ticket-search").press("Enter");
    };
    await tab.goto("/tickets?view=all");
    await tab.locator(".ticket-table").waitFor({ timeout: 15_000 });

    await searchFor(w.name);
    await tab.waitForFunction((n) => document.querySelectorAll(".ticket-table tbody tr").length === n, 2, { timeout: 15_000 });
    const byName = (await results()).sort();
    check(`${lang}: the requester's name finds both of their tickets, not another workspace's`, JSON.stringify(byName) === JSON.stringify([w.subjects[0], w.subjects[1]].sort()), byName.join(" | "));
    // The requester's name comes with the customer (fetched after the list): wait for its marks.
    await tab
      .waitForFunction((words) => { const marked = [...document.querySelectorAll(".ticket-table tbody mark")].map((m) => m.textContent); return words.every((w) => marked.includes(w)); }, w.name.split(" "), { timeout: 15_000 })
      .catch(() => undefined);
    const marked = await tab.locator(".ticket-table tbody mark").allTextContents();
    check(`${lang}: each word of the name is marked in the results`, w.name.split(" ").every((word) => marked.includes(word)), marked.join(" | "));
    await screenshots(tab, `search-requester-${lang}`);

    await searchFor(`#${third.number}`);
    await tab.waitForFunction((s) => [...document.querySelectorAll(".ticket-table tbody tr .subject")].map((e) => e.textContent).join("|") === s, w.subjects[2], { timeout: 15_000 });
    check(`${lang}: #${third.number} finds that ticket`, true);

    await searchFor(w.name);
    await tab.waitForFunction((n) => document.querySelectorAll(".ticket-table tbody tr").length === n, 2, { timeout: 15_000 });
    await tab.getByLabel(w.status, { exact: true }).selectOption("pending");
    await tab.waitForFunction((s) => [...document.querySelectorAll(".ticket-table tbody tr .subject")].map((e) => e.textContent).join("|") === s, pending.subject, { timeout: 15_000 });
    check(`${lang}: a filter combines with the search`, (await results()).join("|") === pending.subject && open.subject !== pending.subject);
    await context.close();
  }
}
