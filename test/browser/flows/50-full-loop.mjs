// The whole loop a new workspace goes through, in the browser: sign up, add a support address,
// set business hours and an SLA preset, an email arrives, the ticket shows its deadline, the
// agent replies with a macro (a standard reply), the dev outbox shows the mail threaded, the ticket is
// solved, the cron sends the survey, the customer rates through the link, and the rating shows
// on the ticket and in the report.
export const title = "The whole loop: setup → email → deadline → macro → solve → survey → rating in ticket and report";

export default async function ({ page, check, sendEmail, runCron, screenshots, call }) {
  const stamp = Date.now().toString(36);
  const address = `support@loop-${stamp}.example`;

  await page.goto("/signup");
  await page.getByLabel("Company or team name").fill("Loop Tea");
  await page.getByLabel("Your name").fill("Lena Loop");
  await page.getByLabel("Email").fill(`lena@loop-${stamp}.example`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create your helpdesk" }).click();
  await page.waitForURL("**/setup");
  check("sign-up lands on the setup checklist", new URL(page.url()).pathname === "/setup");
  await screenshots(page, "loop-setup");

  await page.goto("/settings/addresses");
  await page.getByLabel("Address", { exact: true }).fill(address);
  await page.getByLabel("Name shown to customers").fill("Loop Tea Support");
  await page.getByRole("button", { name: "Add address" }).click();
  await page.getByText(`Added ${address}`).waitFor();
  check("a support address is added, with its forwarding instructions", (await page.getByText(address).count()) > 0);

  await page.goto("/settings/calendars");
  await page.getByRole("button", { name: "New calendar" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // The workspace's first calendar becomes its default by itself.
  await page.getByText("As your first calendar it is now the workspace default").waitFor();
  await page.locator(".badge", { hasText: "Workspace default" }).waitFor();
  check("business hours are set as the workspace default", true);

  await page.goto("/settings/sla");
  const preset = page.getByRole("listitem").filter({ hasText: "Every email answered within 24 hours" });
  await preset.getByRole("button", { name: "Add this policy" }).click();
  await preset.getByText("Added.").waitFor();
  check("the SLA preset is added", true);

  await page.goto("/settings/macros");
  await page.getByRole("button", { name: "New macro" }).click();
  await page.getByLabel("Title").fill("Shipping soon");
  await page.getByRole("textbox", { name: "Text", exact: true }).fill("Hello {{customer.first_name}}, your order ships tomorrow.");
  await page.getByLabel("Shared with the workspace").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Shipping soon").first().waitFor();
  check("a shared macro (a standard reply) is saved", true);

  const messageId = `loop-${stamp}@customer.example`;
  // The shop's mail server forwards what reaches the new address to the address Kefu showed
  // (a custom address receives mail only once forwarding proves the shop owns it).
  const { forwardTo } = (await call("GET", "/support-addresses", await tokenOf(page))).items.find((a) => a.address === address);
  const delivered = await sendEmail({ from: "li.wei@customer.example", fromName: "Li Wei", to: address, envelopeTo: forwardTo, subject: "Where is my order?", id: messageId, body: "Hello, my order 1234 has not arrived yet." });
  check("an email forwarded from the new address is accepted", delivered.status === 200, `${delivered.status} ${delivered.text}`);

  await page.goto("/tickets?view=all");
  await page.getByRole("link", { name: "Where is my order?" }).click();
  await page.getByRole("heading", { name: /Where is my order\?/ }).waitFor();
  const slaPanel = page.locator("section, aside").filter({ has: page.getByRole("heading", { name: "SLA deadlines" }) }).last();
  const deadline = slaPanel.locator(".badge", { hasText: /First reply · Due in/ }).first();
  await deadline.waitFor();
  check("the ticket shows its first-reply deadline as a countdown", /First reply · Due in \d+ hours/.test(await deadline.textContent()), await deadline.textContent());
  await screenshots(page, "loop-ticket");

  await page.getByLabel("Macro", { exact: true }).selectOption({ label: "Shipping soon" });
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  const body = page.getByLabel("Message", { exact: true });
  await page.waitForFunction(() => [...document.querySelectorAll("textarea")].some((t) => t.value.includes("ships tomorrow")));
  check("the macro's text is inserted with the customer's first name", (await body.inputValue()).includes("Hello Li, your order ships tomorrow."), await body.inputValue());
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.getByText("Reply sent to li.wei@customer.example").waitFor();
  check("the reply is sent to the customer", true);

  const ticketPath = new URL(page.url()).pathname;
  await page.goto("/outbox");
  const reply = page.locator('li.mail[data-purpose="reply"]').first();
  await reply.waitFor();
  const replyText = await reply.textContent();
  check("the dev outbox shows the reply threaded to the customer's email", replyText.includes(`<${messageId}>`) && replyText.includes("Re: [#1] Where is my order?"), replyText.slice(0, 400));

  await page.goto(ticketPath);
  // Wait until the page shows the ticket as it now is (the reply opened it), so the change below
  // is made to the loaded form, not to one the load is about to reset.
  await page.getByText("Hello Li, your order ships tomorrow.").waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll("select")].some((s) => s.value === "open"));
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Solved" });
  await page.locator("form").filter({ has: page.getByRole("heading", { name: "Properties" }) }).getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Saved.").waitFor();
  const ticket = (await call("GET", "/tickets?status=solved", await tokenOf(page))).items[0];
  check("the ticket is solved", ticket?.status === "solved", JSON.stringify(ticket));

  const cron = await runCron(Date.parse(ticket.solvedAt) + 25 * 3600 * 1000);
  check("a cron tick a day later runs", cron.status === 200, cron.text);
  await page.goto("/outbox");
  const survey = page.locator('li.mail[data-purpose="survey"]').first();
  await survey.waitFor();
  await survey.locator("summary", { hasText: "Body" }).click();
  const good = survey.locator("pre a", { hasText: "answer=good" }).first();
  const link = await good.getAttribute("href");
  check("the survey email links each answer", Boolean(link && link.includes("/survey/")), link);

  await page.goto(link);
  await page.getByText("Thank you! Your answer is recorded.").waitFor();
  check("opening the link and the page's one click record the rating", true);
  await screenshots(page, "loop-survey");

  await page.goto(`/tickets/${ticket.id}`);
  const csat = page.locator("section, aside").filter({ has: page.getByRole("heading", { name: "Customer satisfaction" }) }).last();
  await csat.getByText("Good").first().waitFor();
  check("the rating shows on the ticket", (await csat.textContent()).includes("Good"), await csat.textContent());

  await page.goto("/reports");
  await page.getByText("1 of 1 (100%)").first().waitFor();
  check("the report counts the answered survey", (await page.getByText("1 of 1 (100%)").count()) > 0);
  await screenshots(page, "loop-report");
}

/** The session token the browser holds (the API helpers take a Bearer token). */
async function tokenOf(page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === "kefu_session")?.value;
}
