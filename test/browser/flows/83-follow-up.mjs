// The follow-up (回访) after a solved complaint, in English and Chinese: an admin adds the preset
// "follow up a solved complaint in 2 business days" on the Automations page; the agent the
// complaint is assigned to solves it on its page; the cron runs after that; the agent finds the
// follow-up task in their list with its due date (a badge, not red), opens it, sees "Follow-up
// task of #N · due …", follows the link to the complaint, which lists its follow-up task. Days
// later (the browser's clock moved past the due date) the badge is red and says overdue.
// Runs alone (it runs the cron): `node test/browser/run.mjs follow-up`.
export const title = "Follow-up (回访): a preset added in a few clicks; a solved complaint gets a task in the agent's list with its due date, linked to the complaint; red once overdue";

const WORDS = {
  en: {
    timeZone: "America/New_York",
    preset: "Preset",
    presetName: "Follow up (回访) a solved complaint in 2 business days",
    add: "Add",
    added: "Automation added.",
    status: "Status",
    solved: "Solved",
    properties: "Properties",
    save: "Save",
    saved: "Saved.",
    badge: (date) => `Follow-up · due ${date}`,
    overdue: (date) => `Follow-up · overdue, due ${date}`,
    banner: (ref) => `Follow-up task (回访) of ${ref} · due`,
    followUps: "Follow-up tasks (回访)",
    complaint: { subject: "The tea arrived damp", description: "The whole box of Longjing was damp and mouldy." },
    customer: { email: "li.wei@example.com", name: "Li Wei" },
  },
  "zh-CN": {
    timeZone: "Asia/Shanghai",
    preset: "预设",
    presetName: "投诉解决后 2 个工作日内回访",
    add: "添加",
    added: "已添加自动化规则。",
    status: "状态",
    solved: "已解决",
    properties: "属性",
    save: "保存",
    saved: "已保存。",
    badge: (date) => `回访 · ${date} 截止`,
    overdue: (date) => `回访 · 已逾期，${date} 截止`,
    banner: (ref) => `回访任务，对应工单 ${ref} · 截止`,
    followUps: "回访任务",
    complaint: { subject: "投诉：茶叶受潮", description: "整盒龙井都受潮发霉了。" },
    customer: { email: "wang.fang@example.com", name: "王芳" },
  },
};

const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

export default async function ({ newContext, check, call, signUp, addAgent, signInContext, screenshots, runCron }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Follow Up Tea" : "回访茶");
    const agent = await addAgent(ws, { email: `agent-${lang}-${Date.now().toString(36)}@follow-up.example`, name: lang === "en" ? "Ada Agent" : "李娜" });
    const complaint = await call("POST", "/tickets", ws.token, { ...w.complaint, type: "complaint", assigneeId: agent.user.id, requester: w.customer });

    // The admin adds the preset: choose it, Add.
    const admin = await newContext({ locale: lang, timezoneId: w.timeZone });
    await signInContext(admin, ws.token);
    const adminPage = await admin.newPage();
    await adminPage.goto("/settings/automations");
    await adminPage.getByLabel(w.preset, { exact: true }).selectOption({ label: w.presetName });
    await adminPage.getByRole("button", { name: w.add, exact: true }).click();
    await adminPage.getByText(w.added).waitFor();
    await adminPage.locator(`li[data-automation="${w.presetName}"]`).waitFor();
    const automations = (await call("GET", "/automations", ws.token)).items;
    check(
      `${lang}: the 回访 preset is added, named in the admin's language, active`,
      automations.length === 1 && automations[0].name === w.presetName && automations[0].active && automations[0].actions[0]?.type === "create_follow_up",
      JSON.stringify(automations),
    );
    await screenshots(adminPage, `follow-up-preset-${lang}`, [1280]);
    await admin.close();

    // The agent solves the complaint on its page.
    const context = await newContext({ locale: lang, timezoneId: w.timeZone });
    await signInContext(context, agent.token);
    const page = await context.newPage();
    await page.goto(`/tickets/${complaint.id}`);
    await page.getByText(w.complaint.description).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll("select")].some((s) => s.value === "new"));
    const properties = page.locator("form").filter({ has: page.getByRole("heading", { name: w.properties }) });
    await properties.getByLabel(w.status, { exact: true }).selectOption({ label: w.solved });
    await properties.getByRole("button", { name: w.save, exact: true }).click();
    await page.getByText(w.saved).waitFor();
    const solved = await call("GET", `/tickets/${complaint.id}`, agent.token);
    check(`${lang}: the complaint is solved`, solved.status === "solved", JSON.stringify(solved));

    // The cron runs after that (the automation's condition: solved more than 0 hours ago).
    const cron = await runCron(Date.parse(solved.solvedAt) + 2 * 60_000);
    check(`${lang}: the cron ran`, cron.status === 200, cron.text);
    const [task] = (await call("GET", `/tickets?taskOfId=${complaint.id}`, agent.token)).items;
    check(`${lang}: one follow-up task, assigned to the agent, with a due date`, task?.type === "task" && task.assigneeId === agent.user.id && Boolean(task.dueAt), JSON.stringify(task));
    const dueDate = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: w.timeZone }).format(new Date(task.dueAt));

    // The agent's own list shows it with its due date, not red.
    await page.goto("/tickets");
    const row = page.locator("tr").filter({ has: page.getByRole("link", { name: task.subject }) });
    await row.waitFor();
    const badge = row.locator(".task-due");
    check(`${lang}: the list shows the task's due date: “${w.badge(dueDate)}”`, (await text(badge)) === w.badge(dueDate), await text(badge));
    check(`${lang}: …not red while it is not due yet`, !(await badge.evaluate((b) => b.classList.contains("danger"))));
    check(`${lang}: …and no badge on tickets that are not tasks`, (await page.locator(".task-due").count()) === 1, String(await page.locator(".task-due").count()));
    await screenshots(page, `follow-up-list-${lang}`, [1280, 375]);

    // It opens the task: the banner links to the complaint and gives the due date.
    await row.getByRole("link", { name: task.subject }).click();
    await page.waitForURL(new RegExp(`/tickets/${task.id}$`));
    const banner = page.locator("[data-follow-up]");
    await banner.getByRole("link", { name: complaint.ref }).waitFor();
    const bannerText = await text(banner);
    check(`${lang}: the task says “${w.banner(complaint.ref)} …” with its due date`, bannerText.startsWith(w.banner(complaint.ref)) && (await banner.locator("time").getAttribute("datetime")) === task.dueAt, bannerText);
    await screenshots(page, `follow-up-task-${lang}`, [1280, 375]);

    // …and follows the link to the complaint, which lists its follow-up task.
    await banner.getByRole("link", { name: complaint.ref }).click();
    await page.waitForURL(new RegExp(`/tickets/${complaint.id}$`));
    const panel = page.locator("[data-follow-ups]");
    await panel.getByRole("link", { name: `${task.ref} ${task.subject}` }).waitFor();
    check(`${lang}: the complaint lists its follow-up task under “${w.followUps}”`, (await text(panel.getByRole("heading"))) === w.followUps && (await text(panel.locator(".task-due"))) === w.badge(dueDate), await text(panel));
    await screenshots(page, `follow-up-complaint-${lang}`, [1280]);
    await context.close();

    // Past the due date (the browser's clock a day after it), the badge is red and says overdue.
    const later = await newContext({ locale: lang, timezoneId: w.timeZone });
    await signInContext(later, agent.token);
    const laterPage = await later.newPage();
    await laterPage.clock.install({ time: Date.parse(task.dueAt) + 24 * 3_600_000 });
    await laterPage.goto("/tickets");
    const overdue = laterPage.locator("tr").filter({ has: laterPage.getByRole("link", { name: task.subject }) }).locator(".task-due");
    await overdue.waitFor();
    check(`${lang}: once overdue the badge is red: “${w.overdue(dueDate)}”`, (await text(overdue)) === w.overdue(dueDate) && (await overdue.evaluate((b) => b.classList.contains("danger"))), await text(overdue));
    await screenshots(laterPage, `follow-up-overdue-${lang}`, [1280]);
    await later.close();
  }
}
