// Admin gaps (issue 13), in English and in Chinese: a business calendar gets the mainland China
// 2026 public holidays (ranges and make-up working days) and an .ics file's holidays with the
// import buttons, a malformed .ics is refused in the user's language; the audit log page lists
// what was done, filtered by kind; a customer's data is exported as a JSON download from the
// customer page, and erased after typing their email. Issue 14: the support addresses page's
// "a reply with a new subject starts a new ticket" switch (off by default) is turned on and saved.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const title = "Admin gaps: holiday ranges and imports, the audit log page, customer export and erasure";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "holidays");

const WORDS = {
  en: {
    newCalendar: "New calendar",
    importChina: "Import China public holidays 2026",
    imported: "Imported 7 holiday entries and 6 make-up working days",
    notPublished: "China 2027: not published yet",
    importFile: "Import .ics",
    badIcs: "This is not an iCalendar (.ics) file",
    save: "Save",
    audit: "Audit log",
    kind: "Kind",
    calendars: "Business calendars",
    webhooks: "Webhooks",
    created: "Created · Business calendars",
    nothing: "Nothing recorded yet.",
    exportButton: "Export data (JSON)",
    eraseButton: "Erase personal data…",
    eraseNow: "Erase now",
    erased: "Erased:",
    exported: "Exported · Customer data",
    newSubjectTitle: "Replies on a new subject",
    newSubject: "A reply with a new subject starts a new ticket",
    newSubjectHint: "it starts a new ticket linked to the old one",
    saved: "Saved.",
  },
  "zh-CN": {
    newCalendar: "新建日历",
    importChina: "导入 2026 年中国法定节假日",
    imported: "已导入 7 项节假日和 6 个调休上班日",
    notPublished: "中国 2027 年：尚未公布",
    importFile: "导入 .ics",
    badIcs: "这不是含全天事件的 iCalendar",
    save: "保存",
    audit: "审计日志",
    kind: "类型",
    calendars: "工作日历",
    webhooks: "Webhook",
    created: "创建 · 工作日历",
    nothing: "暂无记录。",
    exportButton: "导出数据（JSON）",
    eraseButton: "删除个人数据…",
    eraseNow: "立即删除",
    erased: "已删除：",
    exported: "导出 · 客户数据",
    newSubjectTitle: "主题不同的回复",
    newSubject: "主题不同的回复另建新工单",
    newSubjectHint: "会新建一个工单，并关联到原工单",
    saved: "已保存。",
  },
};

export default async function ({ page, context, check, signUp, signInContext, call, screenshots, setLanguage }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Holiday Tea" : "节假日茶");
    await context.clearCookies();
    await signInContext(context, ws.token);
    await page.goto("/settings/calendars");
    if (lang === "zh-CN") await setLanguage(page, "zh-CN");
    else await setLanguage(page, "en");

    // ---- Calendar: import China 2026 and an .ics file, save.
    await page.getByRole("button", { name: w.newCalendar }).click();
    await page.getByRole("button", { name: w.importChina }).click();
    await page.getByRole("status").filter({ hasText: w.imported }).waitFor();
    check(`${lang}: the 2027 schedule is shown as not published`, await page.getByText(w.notPublished).isVisible());
    check(`${lang}: the Spring Festival shows as one range`, (await page.locator(".date-list li").filter({ hasText: "–" }).count()) === 7);
    await page.getByLabel(w.importFile).setInputFiles(join(FIXTURES, "malformed.ics"));
    await page.getByRole("alert").filter({ hasText: w.badIcs }).waitFor();
    check(`${lang}: a malformed .ics is refused in the user's language`, true);
    await page.getByLabel(w.importFile).setInputFiles(join(FIXTURES, "holidays-2026.ics"));
    await page.getByRole("status").filter({ hasText: lang === "en" ? "Imported" : "已导入" }).waitFor();
    await screenshots(page, `admin-gaps-calendar-${lang}`);
    await page.getByRole("button", { name: w.save, exact: true }).click();
    await page.locator(".calendar-editor").waitFor({ state: "detached" });
    const [saved] = (await call("GET", "/business-calendars", ws.token)).items;
    const has = (h) => saved.holidays.some((x) => JSON.stringify(x) === JSON.stringify(h));
    check(
      `${lang}: the saved calendar holds the official ranges, the .ics ones and the make-up Saturdays`,
      has({ start: "2026-02-15", end: "2026-02-23" }) && has({ start: "2026-10-01", end: "2026-10-07" }) && saved.holidays.some((h) => typeof h === "string" && h.endsWith("-12-25")) && saved.workdays.some((d) => d.date === "2026-02-14"),
      JSON.stringify(saved),
    );

    // ---- Customer page: export (a download) and erase (type the email).
    const email = `li.wei.${lang}@customer.example`;
    const customer = await call("POST", "/customers", ws.token, { name: lang === "en" ? "Li Wei" : "李伟", emails: [email] });
    await page.goto(`/customers/${customer.id}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: w.exportButton }).click()]);
    const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
    check(`${lang}: the export downloads as customer-<id>.json with the customer in it`, download.suggestedFilename() === `customer-${customer.id}.json` && exported.customer.id === customer.id, download.suggestedFilename());
    await page.getByRole("button", { name: w.eraseButton }).click();
    const eraseNow = page.getByRole("button", { name: w.eraseNow });
    check(`${lang}: erasure waits for the email to be typed`, await eraseNow.isDisabled());
    await page.locator(".erase-confirm input").fill(email);
    await eraseNow.click();
    await page.getByRole("status").filter({ hasText: w.erased }).waitFor();
    check(`${lang}: the customer's addresses are gone after erasure`, (await call("GET", `/customers/${customer.id}`, ws.token)).emails.length === 0);

    // ---- Audit log page: what was done, filtered by kind.
    await page.goto("/settings/audit");
    await page.getByRole("heading", { name: w.audit }).waitFor();
    await page.getByRole("cell", { name: w.created }).waitFor();
    check(`${lang}: the audit log shows the calendar's creation and the export`, await page.getByRole("cell", { name: w.exported }).isVisible());
    await screenshots(page, `admin-gaps-audit-${lang}`);
    await page.getByLabel(w.kind).selectOption({ label: w.webhooks });
    await page.getByText(w.nothing).waitFor();
    await page.getByLabel(w.kind).selectOption({ label: w.calendars });
    await page.getByRole("cell", { name: w.created }).waitFor();
    check(`${lang}: filtering by kind narrows the list`, (await page.locator(".audit-table tbody tr").count()) === 1);

    // ---- Support addresses: the new-subject switch, off by default, turned on and saved.
    await page.goto("/settings/addresses");
    const newSubject = page.getByRole("form", { name: w.newSubjectTitle });
    const box = newSubject.getByLabel(w.newSubject);
    await box.waitFor();
    check(`${lang}: a reply with a new subject threads by default (the switch is off)`, !(await box.isChecked()));
    check(`${lang}: the switch explains what turning it on does`, await newSubject.getByText(w.newSubjectHint).isVisible());
    await box.check();
    await newSubject.getByRole("button", { name: w.save }).click();
    await newSubject.getByRole("status").filter({ hasText: w.saved }).waitFor();
    await screenshots(page, `admin-gaps-new-subject-${lang}`);
    check(`${lang}: the workspace now starts a new ticket for a new subject`, (await call("GET", "/workspace", ws.token)).newSubjectNewTicket === true);
  }
  await setLanguage(page, "en");
}
