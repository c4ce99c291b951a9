// The ticket list on a phone (390 × 844, an iPhone 12–15), in English and Chinese: at least six
// tickets above the fold as compact cards, the filters folded behind a "Filters (n)" toggle (the
// search box stays), the bulk checkboxes still work, and the laptop layout keeps its filters open.
// Runs alone: `node test/browser/run.mjs mobile`.
export const title = "Phone-sized ticket list: six tickets above the fold, filters folded behind a toggle";

const PHONE = { width: 390, height: 844 };
const WORDS = {
  en: { filters: "Filters", status: "Status", region: "Bulk actions", subject: (n) => `Parcel question ${n}`, name: "Chen Jing" },
  "zh-CN": { filters: "筛选", status: "状态", region: "批量操作", subject: (n) => `包裹问题 ${n}`, name: "陈静" },
};
const PRIORITIES = ["low", "normal", "high", "urgent"];

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Phone Tea" : "手机茶");
    // Complaints get a running deadline, so some cards carry a due badge.
    await call("POST", "/sla-policies/presets", ws.token, { preset: "complaint_48h" });
    let last;
    for (let n = 1; n <= 10; n++) {
      last = await call("POST", "/tickets", ws.token, { subject: w.subject(n), description: "Hello", priority: PRIORITIES[n % 4], type: n % 3 ? "question" : "complaint", requester: { email: `chen.jing.${lang}@example.cn`, name: w.name } });
    }

    const context = await newContext({ locale: lang, viewport: PHONE });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto("/tickets?view=all");
    await tab.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 10, undefined, { timeout: 15_000 });
    await tab.waitForFunction(() => ![...document.querySelectorAll(".ticket-table tbody tr")].some((tr) => tr.textContent.includes("…")), undefined, { timeout: 15_000 });

    const aboveFold = await tab.evaluate((height) => [...document.querySelectorAll(".ticket-table tbody tr")].filter((tr) => tr.getBoundingClientRect().top >= 0 && tr.getBoundingClientRect().bottom <= height).length, PHONE.height);
    check(`${lang}: at least 6 tickets are fully above the fold at 390×844`, aboveFold >= 6, `${aboveFold} rows`);
    const badges = await tab.locator(".ticket-table tbody tr .sla .badge").count();
    check(`${lang}: the complaints' cards show their due badge`, badges === 3, `${badges} badges`);
    const wide = await tab.evaluate(() => document.documentElement.scrollWidth);
    check(`${lang}: nothing sticks out sideways`, wide <= PHONE.width, `${wide} px wide`);

    const filterSelects = tab.locator(".ticket-filters select");
    const visibleSelects = async () => (await Promise.all((await filterSelects.all()).map((s) => s.isVisible()))).filter(Boolean).length;
    check(`${lang}: the search box shows`, await tab.locator("#ticket-search").isVisible());
    check(`${lang}: the filter selects are folded away`, (await filterSelects.count()) > 0 && (await visibleSelects()) === 0, `${await visibleSelects()} visible`);
    await screenshots(tab, `mobile-list-${lang}`, [390]);

    const toggle = tab.locator(".ticket-filters .filters-toggle");
    check(`${lang}: the toggle says "${w.filters}" with nothing active`, (await toggle.textContent()) === w.filters, await toggle.textContent());
    await toggle.click();
    check(`${lang}: the toggle shows the filters`, (await visibleSelects()) === (await filterSelects.count()) && (await toggle.getAttribute("aria-expanded")) === "true");
    await tab.locator(".ticket-filters").getByLabel(w.status, { exact: true }).selectOption("new");
    await tab.waitForURL(/status=new/, { timeout: 15_000 });
    await tab.waitForFunction((s) => document.querySelector(".ticket-filters .filters-toggle")?.textContent === s, `${w.filters} (1)`, { timeout: 15_000 });
    check(`${lang}: the toggle counts the active filter`, true);
    await screenshots(tab, `mobile-filters-open-${lang}`, [390]);
    await toggle.click();
    check(`${lang}: pressed again, the filters fold away`, (await visibleSelects()) === 0);

    // A bulk checkbox on a card: a finger-sized box that selects the ticket.
    const box = tab.locator(".ticket-table tbody tr .select-cell input").first();
    const size = await box.boundingBox();
    check(`${lang}: the card's checkbox is at least 20 px`, size && size.width >= 20 && size.height >= 20, JSON.stringify(size));
    await box.click();
    await tab.getByRole("region", { name: w.region }).waitFor({ timeout: 15_000 });
    check(`${lang}: ticking a card opens the bulk bar`, await box.isChecked());

    // The customer's page lists their tickets as the same cards, without checkboxes or requester.
    await tab.goto(`/customers/${last.requesterId}`);
    await tab.waitForFunction(() => document.querySelectorAll(".ticket-table tbody tr").length === 10, undefined, { timeout: 15_000 });
    const cardHeight = await tab.evaluate(() => Math.max(...[...document.querySelectorAll(".ticket-table tbody tr")].map((tr) => tr.getBoundingClientRect().height)));
    check(`${lang}: the customer's tickets are compact cards too`, cardHeight <= 90 && (await tab.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, `${cardHeight} px tall`);
    await screenshots(tab, `mobile-customer-${lang}`, [390]);
    await tab.goto("/tickets?view=all");
    await tab.locator(".ticket-table").waitFor({ timeout: 15_000 });

    // The laptop layout is unchanged: no toggle, the filters show.
    await tab.setViewportSize({ width: 1280, height: 900 });
    check(`${lang}: at 1280 px there is no toggle and the filters show`, !(await toggle.isVisible()) && (await visibleSelects()) === (await filterSelects.count()));
    await context.close();
  }
}
