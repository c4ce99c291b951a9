// The API explains errors in English with a stable code; in Chinese the app shows its own words.
export const title = "Errors in the user's language: a failed sign-in and a field error in Chinese";

export default async function ({ page, check, setLanguage, signUp }) {
  const ws = await signUp("Error Tea");
  await page.goto("/login");
  await setLanguage(page, "zh-CN");
  await page.getByLabel("工作区").fill(ws.slug);
  await page.getByLabel("邮箱").fill(ws.email);
  await page.getByLabel("密码").fill("not the password");
  await page.getByRole("button", { name: "登录" }).last().click();
  const alert = page.getByRole("alert").first();
  await alert.waitFor();
  check("a failed sign-in is explained in Chinese", (await alert.textContent()).includes("工作区、邮箱或密码不正确"), await alert.textContent());

  await page.goto("/signup");
  await page.getByLabel("公司或团队名称").fill("错误茶");
  await page.getByLabel("工作区").fill("x");
  await page.getByLabel("您的姓名").fill("测试");
  await page.getByLabel("邮箱").fill("test@error-tea.example");
  await page.getByLabel("密码").fill("short");
  await page.getByRole("button", { name: "创建您的客服中心" }).last().click();
  await page.locator(".field-error").first().waitFor();
  const fieldErrors = await page.locator(".field-error").allTextContents();
  check("field errors next to the fields are in Chinese", fieldErrors.length > 0 && fieldErrors.every((t) => /[\u4e00-\u9fff]/.test(t)), JSON.stringify(fieldErrors));
  await setLanguage(page, "en");
}
