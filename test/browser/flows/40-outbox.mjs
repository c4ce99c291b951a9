// The dev outbox: an invitation and a threaded reply show up, with clickable links.
export const title = "Dev outbox: sent email, threading headers, clickable links";

export default async function ({ context, page, newContext, check, signUp, signInContext, call, sendEmail, screenshots, setLanguage }) {
  const ws = await signUp("Outbox Tea");
  const invitation = await call("POST", "/invitations", ws.token, { email: "new.agent@outbox.example", role: "agent" });
  const inboundId = `browser-${Date.now()}@customer.example`;
  const delivered = await sendEmail({ from: "li.na@customer.example", fromName: "李娜", to: ws.workspace.supportAddress, subject: "包裹什么时候到？", id: inboundId, body: "你好，我的订单号是 1234。" });
  check("an email to the support address is accepted", delivered.status === 200, `${delivered.status} ${delivered.text}`);
  const [ticket] = (await call("GET", "/tickets", ws.token)).items;
  await call("POST", `/tickets/${ticket.id}/messages`, ws.token, { kind: "reply", body: "您好，包裹明天送到。Track it at https://track.example/p/1234." });

  await signInContext(context, ws.token);
  await page.goto("/");
  const navLink = page.locator("#nav").getByRole("link", { name: "Dev outbox" });
  await navLink.waitFor();
  check("the nav shows the dev outbox where the Worker runs with DEV_OUTBOX=on", (await navLink.count()) === 1);
  await navLink.click();
  await page.getByRole("heading", { level: 1, name: "Dev outbox" }).waitFor();
  const mails = page.locator("li.mail");
  await mails.first().waitFor();
  const purposes = await mails.evaluateAll((items) => items.map((i) => i.dataset.purpose));
  check("every email is listed, newest first (reply, acknowledgement, invitation)", JSON.stringify(purposes) === JSON.stringify(["reply", "acknowledgement", "invitation"]), JSON.stringify(purposes));

  const reply = page.locator('li.mail[data-purpose="reply"]');
  const replyText = await reply.textContent();
  check("the reply shows its recipient, subject and threading headers", replyText.includes("li.na@customer.example") && replyText.includes("Re: [#1] 包裹什么时候到？") && replyText.includes(`<${inboundId}>`), replyText.slice(0, 600));
  await reply.locator("summary", { hasText: "Body" }).click();
  const trackLink = reply.locator("pre a", { hasText: "https://track.example/p/1234" });
  check("links in the body are clickable (trailing full stop left out)", (await trackLink.getAttribute("href")) === "https://track.example/p/1234");

  const invite = page.locator('li.mail[data-purpose="invitation"]');
  await invite.locator("summary", { hasText: "Body" }).click();
  const acceptLink = invite.locator("pre a").first();
  const acceptHref = await acceptLink.getAttribute("href");
  check("the invitation's accept link is a link", acceptHref === invitation.acceptUrl, `${acceptHref} vs ${invitation.acceptUrl}`);
  await screenshots(page, "outbox");

  // Follow it, as the invited person would: the accept page opens in a new tab.
  const [tab] = await Promise.all([context.waitForEvent("page"), acceptLink.click()]);
  await tab.waitForLoadState();
  await tab.getByRole("button", { name: "Join" }).waitFor();
  check("following the link opens the invitation page", new URL(tab.url()).pathname === "/accept-invitation");
  await tab.close();

  await setLanguage(page, "zh-CN");
  await page.getByRole("heading", { level: 1, name: "开发发件箱" }).waitFor();
  check("in Chinese: purposes and labels are translated", (await page.locator('li.mail[data-purpose="invitation"] .badge').first().textContent()) === "邀请");
  await screenshots(page, "outbox-zh");

  await outboxOff({ newContext, check, signInContext }, ws.token);
}

// Where the Worker runs without DEV_OUTBOX the endpoint answers 404 (stood in for here by
// answering the browser's request with the Worker's 404): no nav entry, and the page says why.
async function outboxOff({ newContext, check, signInContext }, token) {
  const context = await newContext();
  await signInContext(context, token);
  await context.route("**/api/v1/dev/outbox*", (route) => route.fulfill({ status: 404, contentType: "application/problem+json", body: JSON.stringify({ code: "not_found", detail: "Dev outbox not found" }) }));
  const page = await context.newPage();
  await page.goto("/reports");
  await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
  await page.waitForLoadState("networkidle");
  check("without DEV_OUTBOX the nav has no outbox entry", (await page.locator("#nav").getByRole("link", { name: "Dev outbox" }).count()) === 0);
  await page.goto("/outbox");
  await page.getByText("only available in local development").waitFor();
  check("…and the page says it is only available in local development", true);
}
