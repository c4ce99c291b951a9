// Sign up through the UI, then switch the language to Simplified Chinese and back.
export const title = "Sign-up through the UI; language switch";

export default async function ({ page, check, screenshots, setLanguage }) {
  const slug = `ui-signup-${Date.now().toString(36)}`;
  await page.goto("/signup");
  await page.getByLabel("Company or team name").fill("Browser Tea House");
  await page.getByLabel("Workspace").fill(slug);
  await page.getByLabel("Your name").fill("Bai Lin");
  await page.getByLabel("Email").fill(`bai@${slug}.example`);
  await page.getByLabel("Password").fill("a long browser password");
  await screenshots(page, "signup", [1280]);
  await page.getByRole("button", { name: "Create your helpdesk" }).click();
  const workspaceName = page.locator(".topbar .workspace-name");
  await workspaceName.waitFor();
  check("sign-up through the form signs the owner in", (await workspaceName.textContent()) === "Browser Tea House" && (await page.locator(".topbar .user-name").textContent()) === "Bai Lin");

  await page.goto("/reports");
  const heading = page.getByRole("heading", { level: 1 });
  const nav = page.locator("#nav");
  check("the app speaks English first (en-US browser)", (await heading.textContent()) === "Reports" && (await nav.textContent()).includes("Work"), await nav.textContent());

  await setLanguage(page, "zh-CN");
  await page.getByRole("heading", { level: 1, name: "报表" }).waitFor();
  const navZh = await nav.textContent();
  check("switching to 简体中文 changes the nav and the heading", navZh.includes("工作") && navZh.includes("报表") && !navZh.includes("Reports"), navZh);
  check("the page's language follows (lang=zh-CN)", (await page.evaluate(() => document.documentElement.lang)) === "zh-CN");
  check("the top bar is translated too", (await page.getByRole("button", { name: "退出登录" }).count()) === 1);
  await page.getByText("新建工单", { exact: true }).first().waitFor();
  await screenshots(page, "reports-empty-zh");

  await page.reload();
  await page.getByRole("heading", { level: 1 }).waitFor();
  check("after a reload the app stays in Chinese", (await page.getByRole("heading", { level: 1 }).textContent()) === "报表" && (await nav.textContent()).includes("工作"));

  await setLanguage(page, "en");
  await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
  check("switching back to English", (await nav.textContent()).includes("Work") && (await page.evaluate(() => document.documentElement.lang)) === "en");

  // Sign out, then back in through the sign-in form.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.getByLabel("Workspace").fill(slug);
  await page.getByLabel("Email").fill(`bai@${slug}.example`);
  await page.getByLabel("Password").fill("a long browser password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await workspaceName.waitFor();
  check("sign out, and back in through the sign-in form", (await workspaceName.textContent()) === "Browser Tea House");
}
