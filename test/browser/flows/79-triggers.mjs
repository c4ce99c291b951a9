// Triggers, in English and Chinese: an admin builds "ticket created, text contains 退款 → group
// Tier 2, priority urgent" on the Triggers settings page, tests it against the recent tickets (the
// one asking for a 退款 matches, the other does not, each with its reason), saves it, turns it off
// and on. Then a new ticket containing 退款 lands in Tier 2 as urgent, with the trigger named in
// its history. Runs alone: `node test/browser/run.mjs triggers`.
export const title = "Triggers: build a routing rule with the condition and action builders, preview which recent tickets it matches and why, save it; a new ticket follows it";

const WORDS = {
  en: {
    settings: "Triggers",
    add: "+ New trigger",
    name: "Name",
    triggerName: "Refunds to Tier 2, urgent",
    addCondition: "+ Add condition",
    words: "Words or phrases",
    group: "Group",
    tier2: "Tier 2",
    addAction: "+ Add action",
    value: "Value",
    urgent: "Urgent",
    test: "Test against recent tickets",
    summary: "Would match 1 of the 2 most recent tickets.",
    match: "Matches",
    noMatch: "No match",
    reason: "✓ Subject or message text contains any of 退款",
    save: "Save",
    never: "Never fired",
    toggle: (name) => `Active: ${name}`,
    refund: { subject: "Order 1042", description: "The tea arrived broken, 我要退款 please." },
    other: { subject: "Shipping question", description: "When will my green tea arrive?" },
    fresh: { subject: "Another order", description: "Please 退款 the second tin." },
  },
  "zh-CN": {
    settings: "触发器",
    add: "+ 新建触发器",
    name: "名称",
    triggerName: "退款转二线并设为紧急",
    addCondition: "+ 添加条件",
    words: "词语或短语",
    group: "分组",
    tier2: "二线支持",
    addAction: "+ 添加动作",
    value: "取值",
    urgent: "紧急",
    test: "用最近的工单测试",
    summary: "最近的 2 个工单中有 1 个会匹配。",
    match: "匹配",
    noMatch: "不匹配",
    reason: "✓ 主题或消息正文 包含任一 退款",
    save: "保存",
    never: "从未触发",
    toggle: (name) => `启用：${name}`,
    refund: { subject: "订单 1042", description: "茶叶到的时候碎了，我要退款。" },
    other: { subject: "发货问题", description: "我的绿茶什么时候到？" },
    fresh: { subject: "另一个订单", description: "第二罐也请退款。" },
  },
};

export default async function ({ newContext, check, call, signInContext, screenshots, openHistory }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    // A workspace signed up in the language (its default groups are named in it).
    const slug = `triggers-${lang.toLowerCase()}-${Date.now().toString(36)}`;
    const ws = await call("POST", "/signup", undefined, { tenantName: "Trigger Tea", slug, name: "Olivia Owner", email: `owner@${slug}.example`, password: "browser test password", language: lang }, { "CF-Connecting-IP": `198.51.102.${lang === "en" ? 1 : 2}` });
    const requester = { email: "wang.fang@example.com", name: "Wang Fang" };
    const refund = await call("POST", "/tickets", ws.token, { ...w.refund, requester });
    const other = await call("POST", "/tickets", ws.token, { ...w.other, requester });
    const tier2 = (await call("GET", "/groups", ws.token)).items.find((g) => g.name === w.tier2);
    check(`${lang}: the workspace has the group ${w.tier2}`, Boolean(tier2));

    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const page = await context.newPage();
    await page.goto("/settings/triggers");
    await page.getByRole("heading", { name: w.settings, level: 1 }).waitFor();

    // Build it: the event "ticket created" is preset; one condition and two actions.
    await page.getByRole("button", { name: w.add }).click();
    const form = page.locator("form.trigger-form");
    await form.getByLabel(w.name, { exact: true }).fill(w.triggerName);
    await form.locator('[data-conditions="all"]').getByRole("button", { name: w.addCondition }).click();
    const condition = form.locator('[data-conditions="all"] .rule-row').first();
    await condition.getByLabel(w.words).fill("退款");
    await form.locator('[data-action="0"]').getByLabel(w.group).selectOption({ label: w.tier2 });
    await form.getByRole("button", { name: w.addAction }).click();
    const priority = await form.locator('[data-action="1"]').getByLabel(w.value).inputValue();
    check(`${lang}: a new action starts as "set priority: urgent"`, priority === "urgent", priority);

    // The preview: the ticket asking for a 退款 matches, the other does not, each with why.
    await form.getByRole("button", { name: w.test }).click();
    const status = await form.locator(".trigger-preview [role=status]").textContent();
    check(`${lang}: the preview says how many recent tickets it would match`, status === w.summary, status);
    const refundItem = form.locator(`.preview-tickets li[data-ticket="${refund.number}"]`);
    const otherItem = form.locator(`.preview-tickets li[data-ticket="${other.number}"]`);
    check(`${lang}: …the 退款 ticket matches`, (await refundItem.locator(".badge").textContent()) === w.match);
    check(`${lang}: …the other does not`, (await otherItem.locator(".badge").textContent()) === w.noMatch);
    await refundItem.locator("summary").click();
    const why = await refundItem.locator(".preview-reasons").textContent();
    check(`${lang}: …and says why, in the user's language`, why?.trim() === w.reason, why);
    const detail = await refundItem.locator(".preview-reasons li").first().getAttribute("title");
    check(`${lang}: …with the API's reason (the word found) as its title`, /found 退款/.test(detail ?? ""), detail);
    await screenshots(page, `triggers-editor-${lang}`, [1280, 375]);

    // Save: it is listed, never fired yet.
    await form.getByRole("button", { name: w.save, exact: true }).click();
    await form.waitFor({ state: "detached" });
    const row = page.locator(`li[data-trigger="${w.triggerName}"]`);
    check(`${lang}: the saved trigger is listed with "${w.never}"`, (await row.locator(".trigger-fired").textContent()) === w.never);
    const [saved] = (await call("GET", "/triggers", ws.token)).items;
    check(
      `${lang}: it was saved as built`,
      saved?.name === w.triggerName &&
        JSON.stringify(saved.events) === '["ticket_created"]' &&
        JSON.stringify(saved.conditions) === JSON.stringify({ all: [{ field: "text", op: "contains_any", value: ["退款"] }], any: [] }) &&
        JSON.stringify(saved.actions) === JSON.stringify([{ type: "set_group", groupId: tier2?.id }, { type: "set_priority", value: "urgent" }]),
      JSON.stringify(saved),
    );

    // Off and on again with the switch.
    const toggle = row.getByRole("switch", { name: w.toggle(w.triggerName) });
    await toggle.click();
    await page.waitForFunction((name) => document.querySelector(`li[data-trigger="${name}"]`)?.classList.contains("inactive"), w.triggerName);
    check(`${lang}: the switch turns it off`, (await call("GET", `/triggers/${saved.id}`, ws.token)).active === false);
    await row.getByRole("switch", { name: w.toggle(w.triggerName) }).click();
    await page.waitForFunction((name) => !document.querySelector(`li[data-trigger="${name}"]`)?.classList.contains("inactive"), w.triggerName);
    check(`${lang}: …and on again`, (await call("GET", `/triggers/${saved.id}`, ws.token)).active === true);
    await screenshots(page, `triggers-list-${lang}`, [1280, 375]);

    // A new ticket containing 退款 follows the trigger: Tier 2, urgent, the trigger named in its history.
    const fresh = await call("POST", "/tickets", ws.token, { ...w.fresh, requester });
    const now = await call("GET", `/tickets/${fresh.id}`, ws.token);
    check(`${lang}: a new 退款 ticket lands in ${w.tier2} as urgent`, now.groupId === tier2?.id && now.priority === "urgent", JSON.stringify({ groupId: now.groupId, priority: now.priority }));
    const events = (await call("GET", `/tickets/${fresh.id}/events`, ws.token)).items;
    const reasons = events.map((e) => e.reason).filter(Boolean);
    check(`${lang}: …its history gives the trigger as the reason`, reasons.some((r) => r.startsWith(`trigger:${saved.id}`)), JSON.stringify(reasons));
    await page.goto(`/tickets/${fresh.id}`);
    await (await openHistory(page)).locator(".events li").first().waitFor();
    const history = await page.locator(".history .events").textContent();
    check(`${lang}: …and the ticket page's history names it`, (history ?? "").includes(w.triggerName), history);
    const listed = await call("GET", `/triggers/${saved.id}`, ws.token);
    check(`${lang}: the trigger counts the firing`, listed.firedCount === 1 && listed.lastFiredAt !== null, JSON.stringify(listed));
    await context.close();
  }
}
