// Rule conditions that depend on time and on change, in English and Chinese: an admin builds an
// automation "more than 24 hours since the customer's last message → add a note" (an `hours_since`
// condition) on the Automations page and a trigger "ticket updated, status changed from pending to
// open → group Tier 2" (a `changed` condition) on the Triggers page; each is saved as built and
// listed with its conditions in words. Then a ticket set from pending to open follows the trigger.
// Runs alone: `node test/browser/run.mjs 84-auto`.
export const title = "Automations and triggers: build an hours-since automation and a status-changed trigger; each is listed with its conditions in the user's language";

const WORDS = {
  en: {
    automations: "Automations",
    triggers: "Triggers",
    addAutomation: "+ New automation",
    addTrigger: "+ New trigger",
    name: "Name",
    automationName: "Waiting customer, a day",
    triggerName: "Reopened by the customer to Tier 2",
    since: "Since",
    sinceOption: "the customer's last message",
    hours: "Hours",
    note: "Note",
    noteText: "The customer has waited a day.",
    automationSummary: "More than 24 hours since the customer's last message",
    created: "Ticket created",
    updated: "Ticket updated",
    addCondition: "+ Add condition",
    field: "Field",
    changedOption: "This update changed",
    which: "Which field",
    from: "From",
    to: "To",
    pending: "Pending",
    open: "Open",
    group: "Group",
    tier2: "Tier 2",
    triggerSummary: "Status changed from Pending to Open",
    save: "Save",
  },
  "zh-CN": {
    automations: "自动化",
    triggers: "触发器",
    addAutomation: "+ 新建自动化规则",
    addTrigger: "+ 新建触发器",
    name: "名称",
    automationName: "客户等待一天",
    triggerName: "客户重新打开转二线",
    since: "距离",
    sinceOption: "客户最近一条消息",
    hours: "小时数",
    note: "备注",
    noteText: "客户已经等了一天。",
    automationSummary: "距离客户最近一条消息已超过 24 小时",
    created: "工单创建",
    updated: "工单更新",
    addCondition: "+ 添加条件",
    field: "字段",
    changedOption: "本次更新修改了",
    which: "修改的字段",
    from: "原值",
    to: "新值",
    pending: "待客户回复",
    open: "处理中",
    group: "分组",
    tier2: "二线支持",
    triggerSummary: "状态从 待客户回复 改为 处理中",
    save: "保存",
  },
};

export default async function ({ newContext, check, call, signInContext, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const slug = `rules-${lang.toLowerCase()}-${Date.now().toString(36)}`;
    const ws = await call("POST", "/signup", undefined, { tenantName: "Rule Tea", slug, name: "Olivia Owner", email: `owner@${slug}.example`, password: "browser test password", language: lang }, { "CF-Connecting-IP": `198.51.103.${lang === "en" ? 1 : 2}` });
    const tier2 = (await call("GET", "/groups", ws.token)).items.find((g) => g.name === w.tier2);
    check(`${lang}: the workspace has the group ${w.tier2}`, Boolean(tier2));
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const page = await context.newPage();

    // The automation: its form starts with a time condition (more than 72 hours pending); the admin makes it a day since the customer's last message.
    await page.goto("/settings/automations");
    await page.getByRole("heading", { name: w.automations, level: 1 }).waitFor();
    await page.getByRole("button", { name: w.addAutomation }).click();
    const automationForm = page.locator("form.automation-form");
    await automationForm.getByLabel(w.name, { exact: true }).fill(w.automationName);
    const time = automationForm.locator('[data-conditions="all"] .rule-row').first();
    await time.getByLabel(w.since, { exact: true }).selectOption({ label: w.sinceOption });
    await time.getByLabel(w.hours, { exact: true }).fill("24");
    await automationForm.locator('[data-action="0"]').getByRole("textbox", { name: w.note }).fill(w.noteText);
    await screenshots(page, `automations-editor-${lang}`, [1280, 375]);
    await automationForm.getByRole("button", { name: w.save, exact: true }).click();
    await automationForm.waitFor({ state: "detached" });
    const automationRow = page.locator(`li[data-automation="${w.automationName}"]`);
    const automationSummary = (await automationRow.locator(".rule-summary").textContent())?.trim();
    check(`${lang}: the automation is listed with its time condition in words`, automationSummary === w.automationSummary, automationSummary);
    const automation = (await call("GET", "/automations", ws.token)).items.find((a) => a.name === w.automationName);
    check(
      `${lang}: …saved as built (hours_since the customer's last message, more than 24 calendar hours)`,
      JSON.stringify(automation?.conditions) === JSON.stringify({ all: [{ field: "hours_since", since: "last_customer_message", op: "gt", value: 24, calendarId: null }], any: [] }) &&
        JSON.stringify(automation?.actions) === JSON.stringify([{ type: "add_note", body: w.noteText }]),
      JSON.stringify(automation),
    );
    await screenshots(page, `automations-list-${lang}`, [1280, 375]);

    // The trigger: on "ticket updated" only, status changed from pending to open → group Tier 2.
    await page.goto("/settings/triggers");
    await page.getByRole("heading", { name: w.triggers, level: 1 }).waitFor();
    await page.getByRole("button", { name: w.addTrigger }).click();
    const triggerForm = page.locator("form.trigger-form");
    await triggerForm.getByLabel(w.name, { exact: true }).fill(w.triggerName);
    await triggerForm.getByLabel(w.created, { exact: true }).uncheck();
    await triggerForm.getByLabel(w.updated, { exact: true }).check();
    await triggerForm.locator('[data-conditions="all"]').getByRole("button", { name: w.addCondition }).click();
    const condition = triggerForm.locator('[data-conditions="all"] .rule-row').first();
    await condition.getByLabel(w.field, { exact: true }).selectOption({ label: w.changedOption });
    check(`${lang}: a "changed" condition starts on the status`, (await condition.getByLabel(w.which, { exact: true }).inputValue()) === "status");
    await condition.getByLabel(w.from, { exact: true }).selectOption({ label: w.pending });
    await condition.getByLabel(w.to, { exact: true }).selectOption({ label: w.open });
    await triggerForm.locator('[data-action="0"]').getByLabel(w.group).selectOption({ label: w.tier2 });
    await screenshots(page, `triggers-changed-editor-${lang}`, [1280, 375]);
    await triggerForm.getByRole("button", { name: w.save, exact: true }).click();
    await triggerForm.waitFor({ state: "detached" });
    const triggerRow = page.locator(`li[data-trigger="${w.triggerName}"]`);
    const triggerSummary = (await triggerRow.locator(".rule-summary").textContent())?.trim();
    check(`${lang}: the trigger is listed with its "changed" condition in words`, triggerSummary === w.triggerSummary, triggerSummary);
    const trigger = (await call("GET", "/triggers", ws.token)).items.find((t) => t.name === w.triggerName);
    check(
      `${lang}: …saved as built (ticket updated; status changed from pending to open)`,
      JSON.stringify(trigger?.events) === '["ticket_updated"]' &&
        JSON.stringify(trigger?.conditions) === JSON.stringify({ all: [{ field: "changed", changed: "status", from: "pending", to: "open" }], any: [] }) &&
        JSON.stringify(trigger?.actions) === JSON.stringify([{ type: "set_group", groupId: tier2?.id }]),
      JSON.stringify(trigger),
    );

    // It acts on that change only: set to pending, the ticket stays; back to open, it goes to Tier 2.
    const ticket = await call("POST", "/tickets", ws.token, { subject: "Order 2051", description: "Where is my tea?", requester: { email: "li.lei@example.com", name: "Li Lei" } });
    await call("PATCH", `/tickets/${ticket.id}`, ws.token, { status: "pending" });
    check(`${lang}: setting it to pending leaves the group`, (await call("GET", `/tickets/${ticket.id}`, ws.token)).groupId !== tier2?.id);
    await call("PATCH", `/tickets/${ticket.id}`, ws.token, { status: "open" });
    check(`${lang}: from pending to open, it lands in ${w.tier2}`, (await call("GET", `/tickets/${ticket.id}`, ws.token)).groupId === tier2?.id);
    await context.close();
  }
}
