// The admin actions, each clicked in the browser with a check on what it visibly did: webhooks
// (create against a local receiver, secret shown once, edit with a field error, send test with a
// verified signature, rotate, deactivate, delete), API tokens (create, use, revoke), team (invite,
// accept in a second browser, role changes, deactivate), groups (create, member in and out,
// delete), a business calendar deleted, SLA policies (two presets, reorder, deactivate, delete;
// the ticket's "why" in both languages), spam (block list in and out) and quarantine (a message
// postal-mime refuses, re-processed and quarantined again), and the skip link from the keyboard.
// Every settings page is photographed at 1280 and 375 px.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";

export const title = "Admin actions: webhooks, API tokens, team, groups, calendars, SLA policies, spam and quarantine, skip link";

const origin = (base) => base.replace("localhost", "127.0.0.1");

/** A message nested `depth` multiparts deep: postal-mime refuses more than 256 levels. */
function deeplyNested(from, to, id, depth) {
  const open = [];
  const close = [];
  for (let i = 1; i < depth; i++) {
    open.push(`--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`);
    close.unshift(`\r\n--b${i - 1}--\r\n`);
  }
  const head = [`From: ${from}`, `To: ${to}`, "Subject: Deeply nested", `Message-ID: <${id}>`, `Date: ${new Date().toUTCString()}`, "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b0"', "", ""].join("\r\n");
  return `${head}${open.join("")}--b${depth - 1}\r\nContent-Type: text/plain\r\n\r\nhello from the bottom\r\n--b${depth - 1}--\r\n${close.join("")}`;
}

export default async function ({ page, context, base, check, newContext, signUp, signInContext, api, call, screenshots, setLanguage }) {
  const ws = await signUp("Admin Tea");
  await signInContext(context, ws.token);

  // A local receiver for the webhook: collects every request.
  const hits = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      hits.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = receiver.address().port;
  try {
    await screenshotsOfEmptyPages();
    await webhooks();
    await tokens();
    await team();
    await calendars();
    await sla();
    await spam();
    await skipLink();
  } finally {
    receiver.close();
  }

  async function screenshotsOfEmptyPages() {
    for (const name of ["settings", "settings/addresses", "settings/surveys", "settings/macros"]) {
      await page.goto(`/${name}`);
      await page.locator("main h1").first().waitFor();
      await page.locator(".loading").first().waitFor({ state: "detached" }).catch(() => undefined);
      await screenshots(page, `admin-${name.replace("settings/", "")}`);
    }
  }

  /** Verifies a Kefu-Signature header `t=…,v1=…` over `${t}.${body}` with the secret. */
  function signatureValid(hit, secret) {
    const header = String(hit.headers["kefu-signature"] ?? "");
    const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
    const v1 = [...header.matchAll(/(?:^|,)v1=([0-9a-f]+)/g)].map((m) => m[1]);
    if (!t || v1.length === 0) return false;
    const expected = createHmac("sha256", secret).update(`${t}.${hit.body}`).digest("hex");
    return v1.includes(expected);
  }

  async function webhooks() {
    await page.goto("/settings/webhooks");
    await page.getByText("No webhooks yet.").waitFor();
    check("webhooks: the empty state says there are none", true);
    await page.getByLabel("Name").fill("Ops alerts");
    await page.getByLabel("URL").fill(`http://127.0.0.1:${port}/hook`);
    await page.getByRole("button", { name: "Add webhook" }).click();
    const shown = page.locator(".secret-once").filter({ hasText: "Signing secret of “Ops alerts”" });
    await shown.waitFor();
    const secret = (await shown.locator("code").textContent()).trim();
    check("webhooks: created, its signing secret shown once with “Copy it now”", secret.length >= 16 && (await shown.textContent()).includes("Copy it now"), secret);
    await shown.getByRole("button", { name: "I have stored it" }).click();
    await page.reload();
    const card = page.locator("article").filter({ has: page.getByRole("heading", { name: /^Ops alerts/ }) });
    await card.waitFor();
    check("webhooks: the secret is not shown again after a reload", (await page.getByText(secret).count()) === 0);

    // Edit: a bad URL is refused next to the field; then name, URL, format and events change.
    await card.getByRole("button", { name: "Edit" }).click();
    const form = card.locator("form.webhook-edit");
    await form.getByLabel("URL").fill("http://example.com/hook");
    await form.getByRole("button", { name: "Save" }).click();
    const urlError = form.locator(".field").filter({ has: page.getByLabel("URL") }).locator(".field-error");
    await urlError.waitFor();
    check("webhooks: editing to a plain-http URL is refused next to the URL field", /https/i.test(await urlError.textContent()), await urlError.textContent());
    await form.getByLabel("Name").fill("Ops alerts (edited)");
    await form.getByLabel("URL").fill(`http://127.0.0.1:${port}/edited`);
    await form.getByLabel("Format").selectOption("slack");
    await form.getByRole("checkbox", { name: "SLA warning" }).uncheck();
    await form.getByRole("button", { name: "Save" }).click();
    const edited = page.locator("article").filter({ has: page.getByRole("heading", { name: "Ops alerts (edited)" }) });
    await edited.getByText("Webhook saved.").waitFor();
    const editedText = await edited.textContent();
    check(
      "webhooks: the edit shows the new name, URL, format and events",
      editedText.includes(`127.0.0.1:${port}/edited`) && editedText.includes("Slack") && editedText.includes("SLA breach") && !editedText.includes("SLA warning"),
      editedText,
    );
    const stored = (await call("GET", "/webhooks", ws.token)).items[0];
    check("webhooks: the API has the edit", stored.name === "Ops alerts (edited)" && stored.format === "slack" && stored.events.join() === "sla.breach", JSON.stringify(stored));

    // Send test: the receiver gets a signed POST.
    await edited.getByRole("button", { name: "Send test" }).click();
    await edited.getByText(/Test delivery: sent \(HTTP 200\)/).waitFor();
    const test = hits.find((h) => h.url === "/edited");
    check("webhooks: “Send test” says it was sent (HTTP 200)", true);
    check("webhooks: the receiver got a POST with Kefu-Event and Kefu-Signature t=…,v1=…", test?.method === "POST" && Boolean(test.headers["kefu-event"]) && /^t=\d+,v1=[0-9a-f]{64}/.test(String(test.headers["kefu-signature"])), JSON.stringify(test?.headers));
    check("webhooks: the signature verifies with the secret shown (HMAC-SHA-256 of t.body)", test && signatureValid(test, secret), test?.headers["kefu-signature"]);

    // Rotate: a new secret shown once; the next test is signed with it.
    await edited.getByRole("button", { name: "Rotate secret" }).click();
    await edited.getByRole("button", { name: "Yes, rotate secret" }).click();
    const rotated = edited.locator(".secret-once").filter({ hasText: "The new signing secret" });
    await rotated.waitFor();
    const newSecret = (await rotated.locator("code").textContent()).trim();
    check("webhooks: rotating shows a new secret once", newSecret.length >= 16 && newSecret !== secret);
    const before = hits.length;
    await edited.getByRole("button", { name: "Send test" }).click();
    for (let i = 0; i < 300 && hits.length === before; i++) await page.waitForTimeout(100); // up to 30 s
    const second = hits[hits.length - 1];
    check("webhooks: after rotation the test is signed with the new secret, not the old", hits.length > before && signatureValid(second, newSecret) && !signatureValid(second, secret));
    await rotated.getByRole("button", { name: "I have stored it" }).click();

    await edited.getByRole("button", { name: "Deactivate" }).click();
    await edited.getByText("Inactive", { exact: true }).waitFor();
    check("webhooks: deactivated, the card says Inactive and offers Activate", (await edited.getByRole("button", { name: "Activate" }).count()) === 1);
    await screenshots(page, "admin-webhooks");
    await edited.getByRole("button", { name: "Delete" }).click();
    await edited.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByText("No webhooks yet.").waitFor();
    check("webhooks: deleted, the list is empty again", (await call("GET", "/webhooks", ws.token)).items.length === 0);
  }

  async function tokens() {
    await page.goto("/settings/tokens");
    await page.getByText("No tokens yet.").waitFor();
    await page.getByLabel("Name").fill("Order system");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.locator(".secret-once").filter({ hasText: "Your new token “Order system”" });
    await shown.waitFor();
    const token = (await shown.locator("code").textContent()).trim();
    check("API tokens: created, the secret shown once", token.startsWith("kefu_"), token);
    check("API tokens: the secret works as a Bearer token", (await api("GET", "/tickets", token)).status === 200);
    await shown.getByRole("button", { name: "I have stored it" }).click();
    const row = page.getByRole("row").filter({ hasText: "Order system" });
    check("API tokens: the list shows the token's start, not the secret", (await row.textContent()).includes(token.split("_")[1]) && !(await row.textContent()).includes(token));
    await screenshots(page, "admin-tokens");
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await row.getByText("Revoked").waitFor();
    check("API tokens: revoked, the row says so and the token stops working", (await api("GET", "/tickets", token)).status === 401);
  }

  async function team() {
    await page.goto("/settings/team");
    const invitations = page.locator("section").filter({ has: page.getByRole("heading", { name: "Invitations" }) });
    await invitations.getByLabel("Email").fill("ada@admin-tea.example");
    await invitations.getByRole("button", { name: "Send invitation" }).click();
    const shown = invitations.locator(".secret-once");
    await shown.waitFor();
    const link = (await shown.locator("code").textContent()).trim();
    check("team: the invitation's accept link is shown", /\/accept-invitation\?token=/.test(link), link);

    const agentContext = await newContext();
    const agentPage = await agentContext.newPage();
    await agentPage.goto(new URL(link).pathname + new URL(link).search);
    await agentPage.getByLabel("Your name").fill("Ada Agent");
    await agentPage.getByLabel("Password").fill("ada's long password");
    await agentPage.getByRole("button", { name: "Join" }).click();
    await agentPage.getByText("Ada Agent").first().waitFor();
    check("team: the invitation is accepted in a second browser, which is signed in as the agent", (await agentPage.getByRole("button", { name: "Sign out" }).count()) === 1);

    await page.reload();
    const row = page.getByRole("row").filter({ hasText: "Ada Agent" });
    await row.waitFor();
    check("team: the new agent is listed as an agent", (await row.getByLabel("Role of Ada Agent").inputValue()) === "agent");
    check("team: the invitation shows as accepted", (await invitations.getByText("Accepted").count()) === 1);
    const userId = (await call("GET", "/users", ws.token)).items.find((u) => u.name === "Ada Agent").id;
    const roleNow = async () => (await call("GET", "/users", ws.token)).items.find((u) => u.id === userId).role;
    await row.getByLabel("Role of Ada Agent").selectOption("admin");
    for (let i = 0; i < 300 && (await roleNow()) !== "admin"; i++) await page.waitForTimeout(100); // up to 30 s
    await page.reload();
    check("team: the role changed to admin (kept after a reload)", (await page.getByRole("row").filter({ hasText: "Ada Agent" }).getByLabel("Role of Ada Agent").inputValue()) === "admin");
    await page.getByRole("row").filter({ hasText: "Ada Agent" }).getByLabel("Role of Ada Agent").selectOption("agent");
    for (let i = 0; i < 300 && (await roleNow()) !== "agent"; i++) await page.waitForTimeout(100);
    check("team: and back to agent", (await roleNow()) === "agent");

    // Groups: create, a member in and out, delete. (A new workspace starts with Tier 1 and Tier 2.)
    const groups = page.locator("section").filter({ has: page.getByRole("heading", { name: "Groups" }) });
    const groupsBefore = (await call("GET", "/groups", ws.token)).items.length;
    await groups.getByLabel("New group").fill("Billing team");
    await groups.getByRole("button", { name: "Create group" }).click();
    const card = groups.locator("article").filter({ has: page.getByRole("heading", { name: "Billing team" }) });
    await card.waitFor();
    check("groups: created, with no members yet", (await card.getByText("No members yet.").count()) === 1);
    await card.getByLabel("Add member: Billing team").selectOption({ label: "Ada Agent" });
    await card.getByRole("button", { name: "Add member" }).click();
    await card.getByRole("button", { name: "Remove Ada Agent" }).waitFor();
    check("groups: the agent is a member", (await card.getByText("No members yet.").count()) === 0);
    // The group's lead (told by rules that notify the lead): chosen on the card.
    await card.getByLabel("Lead", { exact: true }).selectOption({ label: "Ada Agent" });
    const leadNow = async () => (await call("GET", "/groups", ws.token)).items.find((g) => g.name === "Billing team")?.leadUserId ?? null;
    for (let i = 0; i < 300 && !(await leadNow()); i++) await page.waitForTimeout(100);
    check("groups: the agent leads the group", (await leadNow()) !== null);
    await card.getByLabel("Lead", { exact: true }).waitFor();
    check("groups: the card shows the lead", (await card.getByLabel("Lead", { exact: true }).inputValue()) === (await leadNow()));
    await screenshots(page, "admin-team");
    await card.getByRole("button", { name: "Remove Ada Agent" }).click();
    await card.getByText("No members yet.").waitFor();
    check("groups: the member is removed", true);
    await card.getByRole("button", { name: "Delete" }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await card.waitFor({ state: "detached" });
    check("groups: deleted", (await call("GET", "/groups", ws.token)).items.length === groupsBefore);

    // Deactivate: the badge says so and the agent's browser is signed out.
    const agentRow = page.getByRole("row").filter({ hasText: "Ada Agent" });
    await agentRow.getByRole("button", { name: "Deactivate" }).click();
    await agentRow.getByRole("button", { name: "Yes, deactivate" }).click();
    await agentRow.getByText("Deactivated").waitFor();
    check("team: deactivated, the row says Deactivated and offers Reactivate", (await agentRow.getByRole("button", { name: "Reactivate" }).count()) === 1);
    await agentPage.goto("/tickets");
    await agentPage.getByRole("button", { name: "Sign in" }).last().waitFor();
    check("team: the deactivated agent's browser is back at the sign-in page", true);
  }

  async function calendars() {
    await page.goto("/settings/calendars");
    await page.getByRole("button", { name: "New calendar" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const card = page.locator("article").filter({ has: page.getByRole("heading", { name: "Office hours" }) });
    await card.waitFor();
    await screenshots(page, "admin-calendars");
    // The first calendar is the workspace default, which cannot be deleted: count round the clock first.
    await card.getByRole("button", { name: "Count round the clock instead" }).click();
    await page.getByText("No default calendar").waitFor();
    await card.getByRole("button", { name: "Delete" }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await page.getByText("No business calendars yet.").waitFor();
    check("calendars: a calendar is deleted, the empty state returns", (await call("GET", "/business-calendars", ws.token)).items.length === 0);
  }

  async function sla() {
    await page.goto("/settings/sla");
    for (const name of ["Every email answered within 24 hours", "VIP customers: first reply within 1 business hour"]) {
      const preset = page.getByRole("listitem").filter({ hasText: name });
      await preset.getByRole("button", { name: "Add this policy" }).click();
      await preset.getByText("Added.").waitFor();
    }
    const order = async () => (await page.locator(".policy-list > li strong").allTextContents()).map((s) => s.trim());
    await page.locator(".policy-list > li").nth(1).waitFor();
    const first = await order();
    check("SLA: two presets added, VIP placed first", first[0]?.startsWith("VIP") && first[1]?.startsWith("Every email"), JSON.stringify(first));
    await page.getByRole("button", { name: "Move down: VIP customers: first reply within 1 business hour" }).click();
    await page.getByText("Order saved.").waitFor();
    await page.waitForFunction(() => document.querySelector(".policy-list > li strong")?.textContent?.startsWith("Every email"));
    check("SLA: “move down” puts VIP second, on the page and in the API", (await call("GET", "/sla-policies", ws.token)).items[1].name.startsWith("VIP"), JSON.stringify(await order()));

    // The ticket page explains the match in the user's language.
    const sent = await fetch(`${origin(base)}/cdn-cgi/handler/email?from=li@customer.example&to=${ws.slug}@kefu.localhost`, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: ["From: Li <li@customer.example>", `To: ${ws.slug}@kefu.localhost`, "Subject: Why this deadline", `Message-ID: <why-${Date.now()}@customer.example>`, "Content-Type: text/plain", "", "Hello", ""].join("\r\n"),
    });
    check("SLA: an email reaches the built-in address", sent.status === 200, await sent.text());
    const ticket = (await call("GET", "/tickets", ws.token)).items.find((t) => t.subject === "Why this deadline");
    await page.goto(`/tickets/${ticket.id}`);
    const explain = page.locator(".sla-explain");
    await explain.locator("summary").click();
    await explain.getByText("Channel is Email").waitFor();
    check("SLA: the ticket says why the policy applies, in English", true);
    await setLanguage(page, "zh-CN");
    await explain.getByText("渠道为邮件").waitFor();
    check("SLA: … and in Chinese (渠道为邮件)", true);
    await screenshots(page, "ticket-sla-why-zh");
    await setLanguage(page, "en");

    await page.goto("/settings/sla");
    const vip = page.locator(".policy-list > li").filter({ hasText: "VIP customers" });
    await vip.getByRole("button", { name: "Deactivate" }).click();
    await vip.getByText("Inactive", { exact: true }).waitFor();
    check("SLA: deactivated, the policy says Inactive", (await vip.getByRole("button", { name: "Activate" }).count()) === 1);
    await screenshots(page, "admin-sla");
    await vip.getByRole("button", { name: "Delete" }).click();
    await vip.getByRole("button", { name: "Yes, delete" }).click();
    await page.waitForFunction(() => document.querySelectorAll(".policy-list > li").length === 1);
    check("SLA: deleted, one policy left", (await call("GET", "/sla-policies", ws.token)).items.length === 1);
  }

  async function spam() {
    await page.goto("/settings/spam");
    await page.getByText("Nobody is blocked.").waitFor();
    await page.getByLabel("Address or @domain").fill("spammer@junk.example");
    await page.getByRole("button", { name: "Block", exact: true }).click();
    await page.getByRole("button", { name: "Unblock spammer@junk.example" }).waitFor();
    check("spam: an address is on the block list", (await call("GET", "/spam-settings", ws.token)).blockList.includes("spammer@junk.example"));
    await page.getByRole("button", { name: "Unblock spammer@junk.example" }).click();
    await page.getByText("Nobody is blocked.").waitFor();
    check("spam: and removed from it", (await call("GET", "/spam-settings", ws.token)).blockList.length === 0);

    const raw = deeplyNested("deep@customer.example", `${ws.slug}@kefu.localhost`, `deep-${Date.now()}@customer.example`, 300);
    const delivered = await fetch(`${origin(base)}/cdn-cgi/handler/email?from=deep@customer.example&to=${ws.slug}@kefu.localhost`, { method: "POST", headers: { "content-type": "message/rfc822" }, body: raw });
    await delivered.text();
    const quarantined = (await call("GET", "/inbound-messages?status=quarantined", ws.token)).items;
    check("quarantine: a message nested 300 MIME levels deep is quarantined with its raw bytes", quarantined.length === 1 && quarantined[0].rawSize >= raw.length - 10, JSON.stringify(quarantined).slice(0, 500));
    await page.reload();
    const row = page.locator(".inbound-list > li").first();
    await row.waitFor();
    await screenshots(page, "admin-spam");
    await row.getByRole("button", { name: "Re-process" }).click();
    const result = row.getByRole("status");
    await result.waitFor();
    check("quarantine: re-processing says it was quarantined again", /quarantined again/i.test(await result.textContent()), await result.textContent());
  }

  async function skipLink() {
    await page.goto("/settings/team");
    await page.locator("main h1").first().waitFor();
    await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    check("keyboard: the first Tab reaches “Skip to content”", focused === "Skip to content", focused);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(100);
    const after = await page.evaluate(() => ({ id: document.activeElement?.id, inMain: Boolean(document.activeElement?.closest("main")), path: location.pathname }));
    check("keyboard: Enter moves focus into main, on the same page", (after.id === "main" || after.inMain) && after.path === "/settings/team", JSON.stringify(after));
  }
}
