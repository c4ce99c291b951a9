// Accounts: "Forgot password?" → the email in the dev outbox → the reset page → sign in with the
// new password; then the profile page changes the password. In English and in Chinese.
// Then two-factor sign-in is turned on there and used at the next sign-in.
// Run alone: node test/browser/run.mjs accounts
import { base32Decode, totpCode } from "../../../workers/core/auth/totp.ts";

/** The authenticator app: the code for the key, `stepsAhead` 30-second steps from now. */
const code = (key, stepsAhead = 0) => totpCode(base32Decode(key), new Date(Date.now() + stepsAhead * 30_000));
export const title = "Accounts: forgot password by email, reset, sign in, change the password on the profile page (English and Chinese)";

const WORDS = {
  en: {
    forgot: "Forgot password?",
    workspace: "Workspace",
    email: "Email",
    password: "Password",
    send: "Send reset link",
    sent: "If that account exists",
    newPassword: "New password",
    hint: "At least 10 characters",
    reset: "Set new password",
    done: "Your password is changed",
    signIn: "Sign in",
    profile: "Your profile",
    current: "Current password",
    change: "Change password",
    changed: "Password changed.",
    subject: /^Reset your Kefu password/,
    turnOn: "Turn on",
    code: "Code",
    confirm: "Confirm",
    recovery: "Your recovery codes",
    continue: "Continue",
    verify: "Verify",
    twoFactorOn: "On: after your password",
  },
  "zh-CN": {
    forgot: "忘记密码？",
    workspace: "工作区",
    email: "邮箱",
    password: "密码",
    send: "发送重置链接",
    sent: "如果该账号存在",
    newPassword: "新密码",
    hint: "至少 10 个字符",
    reset: "设置新密码",
    done: "密码已更改",
    signIn: "登录",
    profile: "个人资料",
    current: "当前密码",
    change: "修改密码",
    changed: "密码已修改",
    subject: /重置/,
    turnOn: "开启",
    code: "验证码",
    confirm: "确认",
    recovery: "您的恢复码",
    continue: "继续",
    verify: "验证",
    twoFactorOn: "已开启",
  },
};

export default async function ({ check, signUp, call, setLanguage, screenshots, newContext }) {
  for (const locale of ["en", "zh-CN"]) {
    const w = WORDS[locale];
    const ws = await signUp(locale === "en" ? "Account Tea" : "Account Cha");
    // Anyone already signed in elsewhere is signed out by the reset.
    const elsewhere = ws.token;
    const context = await newContext();
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(String(error)));
    await tab.goto("/login");
    await setLanguage(tab, locale);
    await tab.getByRole("link", { name: w.forgot }).click();
    await tab.getByLabel(w.workspace).fill(ws.slug);
    await tab.getByLabel(w.email, { exact: true }).fill(ws.email);
    await tab.getByRole("button", { name: w.send }).click();
    await tab.getByText(w.sent).waitFor();
    check(`${locale}: the request answers without saying whether the account exists`, true);

    const mail = (await call("GET", "/dev/outbox", ws.token)).items.find((m) => m.purpose === "password_reset");
    check(`${locale}: the reset email is in the dev outbox, in the page's language`, mail && w.subject.test(mail.subject), JSON.stringify(mail?.subject));
    const link = new URL(/https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mail.bodyText)[0]);
    await tab.goto(`${link.pathname}${link.search}`);
    const hint = await tab.locator(".hint").first().textContent();
    check(`${locale}: the password hint states the server's rule (10 characters)`, hint.includes(w.hint), hint);
    await tab.getByLabel(w.newPassword).fill("short");
    await tab.getByRole("button", { name: w.reset }).click();
    await tab.locator(".field-error").first().waitFor();
    check(`${locale}: a too-short password is refused next to its field`, (await tab.locator(".field-error").count()) === 1);
    await tab.getByLabel(w.newPassword).fill("a reset long password");
    await tab.getByRole("button", { name: w.reset }).click();
    await tab.getByText(w.done).waitFor();
    await screenshots(tab, `accounts-reset-${locale}`);
    const old = await fetch(`${new URL(tab.url()).origin}/api/v1/me`, { headers: { authorization: `Bearer ${elsewhere}` } });
    check(`${locale}: the reset signed out the other sessions`, old.status === 401, String(old.status));

    // The link works once.
    await tab.goto(`${link.pathname}${link.search}`);
    await tab.getByLabel(w.newPassword).fill("another long password");
    await tab.getByRole("button", { name: w.reset }).click();
    await tab.locator(".field-error").first().waitFor();
    const used = await tab.locator(".field-error").first().textContent();
    check(`${locale}: a used link is refused, in words of the page's language`, locale === "en" ? used.includes("not valid") : used.includes("无效"), used);

    await tab.goto("/login");
    await tab.getByLabel(w.workspace).fill(ws.slug);
    await tab.getByLabel(w.email, { exact: true }).fill(ws.email);
    await tab.getByLabel(w.password, { exact: true }).fill("a reset long password");
    await tab.getByRole("button", { name: w.signIn }).last().click();
    await tab.locator(".topbar").waitFor();
    check(`${locale}: signed in with the new password`, true);

    await tab.locator(".topbar a.user-name").click();
    await tab.getByRole("heading", { level: 1, name: w.profile }).waitFor();
    await tab.getByLabel(w.current).fill("a reset long password");
    await tab.getByLabel(w.newPassword).fill("a profile long password");
    await tab.getByRole("button", { name: w.change }).click();
    await tab.getByText(w.changed).waitFor();
    await screenshots(tab, `accounts-profile-${locale}`);
    const signIn = await fetch(`${new URL(tab.url()).origin}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ workspace: ws.slug, email: ws.email, password: "a profile long password" }),
    });
    check(`${locale}: the profile's new password signs in`, signIn.status === 200, String(signIn.status));
    // The page stays signed in (its session was renewed by the change).
    await tab.reload();
    await tab.getByRole("heading", { level: 1, name: w.profile }).waitFor();
    check(`${locale}: the page that changed the password stays signed in`, true);

    // Two-factor sign-in: a key, a confirming code, ten recovery codes; then the next sign-in asks for a code.
    await tab.getByRole("button", { name: w.turnOn }).click();
    const key = (await tab.locator(".authenticator-key code").textContent()).replace(/\s/g, "");
    await tab.getByLabel(w.code).fill(await code(key));
    await tab.getByRole("button", { name: w.confirm }).click();
    await tab.getByText(w.recovery).waitFor();
    check(`${locale}: turning two-factor on shows ten recovery codes once`, (await tab.locator(".recovery-codes li").count()) === 10);
    await screenshots(tab, `accounts-recovery-codes-${locale}`);
    await tab.getByRole("button", { name: w.continue }).click();
    await tab.getByText(w.twoFactorOn).waitFor();
    const second = await (await newContext()).newPage();
    await second.goto("/login");
    await setLanguage(second, locale);
    await second.getByLabel(w.workspace).fill(ws.slug);
    await second.getByLabel(w.email, { exact: true }).fill(ws.email);
    await second.getByLabel(w.password, { exact: true }).fill("a profile long password");
    await second.getByRole("button", { name: w.signIn }).last().click();
    await second.getByLabel(w.code).waitFor();
    check(`${locale}: with two-factor on, the password alone gives no session`, (await second.locator(".topbar").count()) === 0);
    // The confirming code is spent; the next step's code signs in.
    await second.getByLabel(w.code).fill(await code(key, 1));
    await second.getByRole("button", { name: w.verify }).click();
    await second.locator(".topbar").waitFor();
    check(`${locale}: the code from the authenticator signs in`, true);

    check(`${locale}: no uncaught errors in the page`, errors.length === 0, errors.join("\n"));
    await context.close();
  }
}
