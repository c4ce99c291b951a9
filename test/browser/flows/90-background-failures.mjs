// One workspace's bad data: its admin sees why its deadlines are stuck, in English and Chinese,
// and the warning goes once the cause is fixed.
export const title = "Background failures: a calendar with no open hours (an old row) is shown to the admin, then fixed";

const ALL_DAY = Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]);

export default async function ({ page, context, check, call, signUp, signInContext, setLanguage, sql, runCron, screenshots }) {
  const ws = await signUp("Stuck Tea");
  const calendar = await call("POST", "/business-calendars", ws.token, { name: "Office", timeZone: "Asia/Shanghai", weekly: ALL_DAY, holidays: [], workdays: [] });
  await call("POST", "/sla-policies", ws.token, { name: "Business day", calendarId: calendar.id, conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: true } } } });
  // Saved before Kefu refused calendars without open hours.
  sql(`update business_calendars set weekly = '${JSON.stringify(Array.from({ length: 7 }, () => []))}' where id = '${calendar.id}'`);
  const ticket = await call("POST", "/tickets", ws.token, { subject: "Kettle leaks", description: "Hello", requester: { email: "li.wei@example.com" } });
  check("the workspace still takes tickets", ticket.number === 1, JSON.stringify(ticket));
  await runCron();

  await signInContext(context, ws.token);
  await page.goto("/settings");
  const panel = page.locator(".background-failures");
  await panel.waitFor();
  const shown = await panel.textContent();
  check("the admin sees which work fails, on which ticket, and why", shown.includes("SLA deadlines") && shown.includes("Ticket #1") && shown.includes("no open hours"), shown);
  await screenshots(page, "background-failures");
  await page.getByRole("link", { name: "Ticket #1" }).click();
  const blocked = page.locator(".sla-panel .notice.error");
  await blocked.waitFor();
  check("the ticket says why it has no deadline", (await blocked.textContent()).includes("no usable open hours"), await blocked.textContent());

  await setLanguage(page, "zh-CN");
  await page.goto("/settings");
  await page.locator(".background-failures").waitFor();
  check("in Chinese too", (await page.locator(".background-failures h2").textContent()).includes("后台任务失败"));
  await setLanguage(page, "en");

  await call("PATCH", `/business-calendars/${calendar.id}`, ws.token, { weekly: ALL_DAY });
  await runCron(Date.now() + 5 * 60_000);
  await page.goto("/settings");
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.waitForLoadState("networkidle");
  check("the warning is gone once the calendar is fixed", (await page.locator(".background-failures").count()) === 0);
}
