// A new workspace's first hour, in English and in Chinese: worded errors next to their fields
// (a blank required field, a taken slug), sign-up landing on the setup checklist, default groups
// in the sign-up language, a test email from the empty ticket list, the first calendar becoming
// the default, a new SLA policy placed above the catch-all with the form's warnings, and an
// agent's own numbers. Runs alone: `node test/browser/run.mjs first-run`.
export const title = "First run in English and Chinese: worded field errors, setup landing, test email, first calendar, policy order, an agent's own numbers";

const WORDS = {
  en: {
    browserLocale: "en-US",
    company: "Company or team name",
    workspace: "Workspace",
    yourName: "Your name",
    email: "Email",
    password: "Password",
    signUp: "Create your helpdesk",
    required: "Required.",
    slugTaken: "This workspace short name is already taken",
    setupTitle: "Set up your helpdesk",
    groups: ["Tier 1", "Tier 2"],
    sendTest: "Send yourself a test email",
    openTicket: "Open the ticket",
    testSubject: "Test email: my first ticket",
    newCalendar: "+ New calendar",
    name: "Name",
    save: "Save",
    firstIsDefault: "As your first calendar it is now the workspace default",
    isDefault: "Workspace default",
    newPolicy: "+ New policy",
    tagsAny: "Any of these tags",
    escalate: "On breach, raise the priority to",
    placedAbove: "New policies with conditions are placed just above",
    noTargets: "This policy has no targets for Urgent",
    shadowed: "Never applies",
    myNumbers: "My numbers",
    whose: "Whose tickets",
    ticketsCreated: "Tickets created",
  },
  "zh-CN": {
    browserLocale: "zh-CN",
    company: "公司或团队名称",
    workspace: "工作区",
    yourName: "您的姓名",
    email: "邮箱",
    password: "密码",
    signUp: "创建您的客服中心",
    required: "必填。",
    slugTaken: "该工作区简称已被使用",
    setupTitle: "设置您的客服中心",
    groups: ["一线支持", "二线支持"],
    sendTest: "给自己发一封测试邮件",
    openTicket: "打开工单",
    testSubject: "测试邮件：我的第一张工单",
    newCalendar: "+ 新建日历",
    name: "名称",
    save: "保存",
    firstIsDefault: "这是您的第一个日历，已自动设为工作区默认",
    isDefault: "工作区默认",
    newPolicy: "+ 新建策略",
    tagsAny: "包含任一标签",
    escalate: "违约时将优先级提高到",
    placedAbove: "有条件的新策略会排在",
    noTargets: "此策略没有“紧急”优先级的目标",
    shadowed: "永远不会生效",
    myNumbers: "我的数据",
    whose: "统计范围",
    ticketsCreated: "新建工单",
  },
};

/** Validator wording that must never reach a user. */
const RAW = /Too small|Too big|Invalid input|expected string|see `errors`|>=/;

export default async function ({ newContext, check, signUp, call, api, signInContext, screenshots }) {
  for (const [lang, w] of Object.entries(WORDS)) {
    const context = await newContext({ locale: w.browserLocale });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const field = (label) => page.locator(".field").filter({ has: page.getByLabel(label, { exact: true }) });

    // 1. A blank required field: worded, next to the field.
    await page.goto("/signup");
    await page.getByRole("button", { name: w.signUp }).last().click();
    const companyError = field(w.company).locator(".field-error");
    await companyError.waitFor();
    check(`${lang}: a blank required field says "${w.required}" next to it`, (await companyError.textContent()) === w.required, await companyError.textContent());
    const allErrors = await page.locator(".field-error, .notice.error").allTextContents();
    check(`${lang}: no validator text anywhere on the form`, allErrors.length > 0 && allErrors.every((t) => !RAW.test(t)), JSON.stringify(allErrors));
    if (lang === "zh-CN") check("zh-CN: every field error is in Chinese", allErrors.every((t) => /\p{Script=Han}/u.test(t)), JSON.stringify(allErrors));
    await screenshots(page, `first-run-blank-${lang}`, [1280]);

    // 2. A taken slug: reported at the slug field.
    const taken = await signUp(`Taken ${lang}`);
    const slug = `first-${lang.toLowerCase()}-${Date.now().toString(36)}`;
    await page.getByLabel(w.company, { exact: true }).fill(lang === "en" ? "First Tea" : "初次茶馆");
    await page.getByLabel(w.workspace, { exact: true }).fill(taken.slug);
    await page.getByLabel(w.yourName, { exact: true }).fill(lang === "en" ? "Fay First" : "方菲");
    await page.getByLabel(w.email, { exact: true }).fill(`owner@${slug}.example`);
    await page.getByLabel(w.password, { exact: true }).fill("a long first-run password");
    await page.getByRole("button", { name: w.signUp }).last().click();
    const slugError = field(w.workspace).locator(".field-error");
    await slugError.waitFor();
    check(`${lang}: a taken slug is reported at the workspace field, worded`, (await slugError.textContent()).includes(w.slugTaken) && !RAW.test(await slugError.textContent()), await slugError.textContent());

    // 3. Sign-up lands on the setup checklist.
    await page.getByLabel(w.workspace, { exact: true }).fill(slug);
    await page.getByRole("button", { name: w.signUp }).last().click();
    await page.getByRole("heading", { level: 1, name: w.setupTitle }).waitFor();
    await page.waitForTimeout(500); // a late redirect would show here
    check(`${lang}: sign-up lands on the setup checklist`, new URL(page.url()).pathname === "/setup", page.url());
    const groups = await page.evaluate(() => fetch("/api/v1/groups").then((r) => r.json()));
    check(`${lang}: the default groups are named in the sign-up language`, JSON.stringify(groups.items.map((g) => g.name).sort()) === JSON.stringify([...w.groups].sort()), JSON.stringify(groups.items.map((g) => g.name)));
    const { token } = await call("POST", "/auth/login", undefined, { workspace: slug, email: `owner@${slug}.example`, password: "a long first-run password" });

    // 4. The empty ticket list: the built-in address and a test email that becomes a real ticket.
    await page.goto("/tickets");
    const panel = page.locator(".first-ticket");
    await panel.waitFor();
    check(`${lang}: the empty ticket list shows the built-in address`, (await panel.locator("code").textContent()).startsWith(`${slug}@`), await panel.locator("code").textContent());
    await screenshots(page, `first-run-empty-list-${lang}`, [1280, 375]);
    await panel.getByRole("button", { name: w.sendTest }).click();
    await panel.getByRole("link", { name: w.openTicket }).click();
    await page.getByText(w.testSubject).first().waitFor();
    const tickets = await call("GET", "/tickets", token);
    check(`${lang}: the test email is a real email ticket from the owner`, tickets.items.length === 1 && tickets.items[0].channel === "email" && tickets.items[0].subject === w.testSubject, JSON.stringify(tickets.items.map((t) => [t.subject, t.channel])));

    // 5. The first calendar becomes the workspace default.
    await page.goto("/settings/calendars");
    await page.getByRole("button", { name: w.newCalendar }).click();
    await page.locator(".calendar-editor").getByLabel(w.name, { exact: true }).fill(lang === "en" ? "Office hours" : "办公时间");
    await page.locator(".calendar-editor").getByRole("button", { name: w.save }).click();
    await page.getByText(w.firstIsDefault).waitFor();
    await page.locator(".badge", { hasText: w.isDefault }).waitFor();
    check(`${lang}: the first calendar is the workspace default at once`, (await page.locator(".badge", { hasText: w.isDefault }).count()) === 1 && (await call("GET", "/sla-settings", token)).defaultCalendarId !== null);

    // 6. A new policy goes above the catch-all; the form says so, and warns about an escalation without targets.
    await call("POST", "/sla-policies/presets", token, { preset: "tier_escalation" });
    await page.goto("/settings/sla");
    await page.getByRole("button", { name: w.newPolicy }).click();
    const form = page.locator("form.policy-form");
    await form.getByLabel(w.name, { exact: true }).fill(lang === "en" ? "Refunds" : "退款");
    await form.getByLabel(w.tagsAny, { exact: true }).fill("refund");
    await form.getByText(w.placedAbove).waitFor();
    await form.getByLabel(w.escalate, { exact: true }).selectOption("urgent");
    const noTargets = form.locator(".notice.warn", { hasText: w.noTargets });
    await noTargets.waitFor();
    check(`${lang}: the form warns when escalation raises to a priority without targets`, (await noTargets.count()) === 1);
    await screenshots(page, `first-run-policy-form-${lang}`, [1280]);
    await form.getByLabel(w.escalate, { exact: true }).selectOption("");
    await form.getByRole("button", { name: w.save }).click();
    await form.waitFor({ state: "detached" });
    const order = (await call("GET", "/sla-policies", token)).items.map((p) => p.name);
    check(`${lang}: the new policy is placed above the catch-all`, order[0] === (lang === "en" ? "Refunds" : "退款") && order.length === 2, JSON.stringify(order));
    check(`${lang}: no policy is marked as never applying`, (await page.getByText(w.shadowed).count()) === 0);
    // Moving it below the catch-all: the list says it never applies.
    await call("PUT", "/sla-policies/order", token, { ids: [...(await call("GET", "/sla-policies", token)).items.map((p) => p.id)].reverse() });
    await page.reload();
    await page.getByText(w.shadowed).waitFor();
    check(`${lang}: a policy below the catch-all is marked as never applying`, (await page.getByText(w.shadowed).count()) === 1);

    // 7. An agent's own numbers; the admin picks whose.
    const agentEmail = `agent@${slug}.example`;
    const invite = await call("POST", "/invitations", token, { email: agentEmail, role: "agent" });
    const accepted = await call("POST", "/auth/accept-invitation", undefined, { token: new URL(invite.acceptUrl).searchParams.get("token"), name: lang === "en" ? "Ada Agent" : "安娜", password: "a long agent password" });
    const ticket = await call("POST", "/tickets", token, { subject: "Assigned to Ada", description: "Hello", requester: { email: "li.wei@example.com" }, assigneeId: accepted.user.id });
    const agentContext = await newContext({ locale: w.browserLocale });
    await signInContext(agentContext, accepted.token);
    const agentPage = await agentContext.newPage();
    agentPage.on("pageerror", (error) => errors.push(String(error)));
    await agentPage.goto("/reports");
    await agentPage.getByRole("heading", { level: 1, name: w.myNumbers }).waitFor();
    const created = agentPage.locator(".card", { has: agentPage.locator(".card-label", { hasText: new RegExp(`^${w.ticketsCreated}$`) }) }).locator(".card-value").first();
    await created.waitFor();
    check(`${lang}: an agent opens their own numbers (1 ticket of the workspace's 2)`, (await created.textContent()).trim() === "1" && (await agentPage.getByLabel(w.whose).count()) === 0, await created.textContent());
    check(`${lang}: the agent's navigation says "${w.myNumbers}"`, (await agentPage.locator("#nav").textContent()).includes(w.myNumbers));
    await screenshots(agentPage, `first-run-my-numbers-${lang}`, [1280, 375]);
    const refused = await api("GET", `/reports/kpis?from=2026-01-01&to=2026-01-02`, accepted.token);
    check(`${lang}: the API refuses the agent the workspace report`, refused.status === 403, String(refused.status));
    await page.goto("/reports");
    await page.getByLabel(w.whose).selectOption(accepted.user.id);
    await page.waitForFunction((expected) => [...document.querySelectorAll(".card")].some((c) => c.querySelector(".card-label")?.textContent === expected && c.querySelector(".card-value")?.textContent?.trim() === "1"), w.ticketsCreated);
    check(`${lang}: the admin picks the agent and sees their numbers`, true);
    void ticket;
    check(`${lang}: no uncaught errors in the pages`, errors.length === 0, errors.join("\n"));
  }
}
