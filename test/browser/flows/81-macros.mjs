// Macros, in English and Chinese: an agent builds a personal macro "Refund received" on the Macros
// page (text with placeholders; priority → high, tag refund), then applies it from a ticket's
// composer: the preview shows the text with the customer's name filled and the field changes,
// Apply puts the text into the message and changes the ticket, the agent sends the reply, and the
// ticket's history names the macro. Runs alone: `node test/browser/run.mjs macros`.
export const title = "Macros: an agent builds one, previews it on a ticket (text filled, priority → high, tag refund), applies it, sends the reply; the history names the macro";

const WORDS = {
  en: {
    page: "Macros",
    add: "+ New macro",
    title: "Title",
    macroTitle: "Refund received",
    text: "Text",
    macroText: "Hi {{customer.first_name}}, we received your refund request for {{ticket.number}}.",
    expectText: (ref) => `Hi Li, we received your refund request for ${ref}.`,
    addAction: "+ Add action",
    action: "Action",
    value: "Value",
    tags: "Tags",
    save: "Save",
    uses: "used 0 times",
    picker: "Macro",
    preview: "Preview",
    apply: "Apply",
    priority: "Priority: Normal → High",
    tagsChange: "Tags: + refund",
    message: "Message",
    send: "Send reply",
    sent: "Reply sent to",
    history: "History",
    reason: "(macro “Refund received”)",
    usedOnce: "used once",
    customer: { email: "li.wei@example.com", name: "Li Wei" },
    ticket: { subject: "Refund for order 1042", description: "Please refund the broken teapot." },
  },
  "zh-CN": {
    page: "宏",
    add: "+ 新建宏",
    title: "标题",
    macroTitle: "已收到退款申请",
    text: "文本",
    macroText: "{{customer.name}}，您好：我们已收到您的退款申请（{{ticket.number}}）。",
    expectText: (ref) => `王芳，您好：我们已收到您的退款申请（${ref}）。`,
    addAction: "+ 添加动作",
    action: "动作",
    value: "取值",
    tags: "标签",
    save: "保存",
    uses: "已使用 0 次",
    picker: "宏",
    preview: "预览",
    apply: "应用",
    priority: "优先级：普通 → 高",
    tagsChange: "标签：+ refund",
    message: "内容",
    send: "发送回复",
    sent: "回复已发送至",
    history: "历史记录",
    reason: "（宏“已收到退款申请”）",
    usedOnce: "已使用 1 次",
    customer: { email: "wang.fang@example.com", name: "王芳" },
    ticket: { subject: "订单 1042 退款", description: "茶壶碎了，请退款。" },
  },
};

export default async function ({ newContext, check, call, signUp, addAgent, signInContext, screenshots, openHistory }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Macro Tea" : "宏茶");
    const agent = await addAgent(ws, { email: `agent-${lang}-${Date.now().toString(36)}@macro.example`, name: lang === "en" ? "Ada Agent" : "李娜" });
    const ticket = await call("POST", "/tickets", ws.token, { ...w.ticket, requester: w.customer });

    const context = await newContext({ locale: lang });
    await signInContext(context, agent.token);
    const page = await context.newPage();

    // The agent builds a personal macro on the Macros page (in their navigation).
    await page.goto("/tickets");
    await page.getByRole("link", { name: w.page, exact: true }).first().click();
    await page.getByRole("heading", { name: w.page, level: 1 }).waitFor();
    await page.getByRole("button", { name: w.add }).click();
    const form = page.locator("form.macro-form");
    await form.getByLabel(w.title, { exact: true }).fill(w.macroTitle);
    await form.getByRole("textbox", { name: w.text, exact: true }).fill(w.macroText);
    await form.getByRole("button", { name: w.addAction }).click();
    await form.locator('[data-action="0"]').getByLabel(w.value, { exact: true }).selectOption("high");
    await form.getByRole("button", { name: w.addAction }).click();
    await form.locator('[data-action="1"]').getByLabel(w.action, { exact: true }).selectOption("add_tags");
    await form.locator('[data-action="1"]').getByLabel(w.tags, { exact: true }).fill("refund");
    await screenshots(page, `macros-editor-${lang}`, [1280, 375]);
    await form.getByRole("button", { name: w.save, exact: true }).click();
    await form.waitFor({ state: "detached" });
    const card = page.locator(`article[data-macro="${w.macroTitle}"]`);
    check(`${lang}: the macro is listed with its usage`, ((await card.locator(".macro-uses").textContent()) ?? "") === w.uses, await card.locator(".macro-uses").textContent());
    const [saved] = (await call("GET", "/macros", agent.token)).items;
    check(
      `${lang}: it was saved as built, personal`,
      saved?.title === w.macroTitle && saved.shared === false && saved.replyText === w.macroText && JSON.stringify(saved.actions) === JSON.stringify([{ type: "set_priority", value: "high" }, { type: "add_tags", tags: ["refund"] }]),
      JSON.stringify(saved),
    );

    // On the ticket: choose it, preview, apply.
    await page.goto(`/tickets/${ticket.id}`);
    const composer = page.locator(".composer");
    await composer.getByLabel(w.picker, { exact: true }).selectOption({ label: `${w.macroTitle}${lang === "en" ? " (personal)" : "（个人）"}` });
    await composer.getByRole("button", { name: w.preview, exact: true }).click();
    const preview = composer.locator(".macro-preview");
    await preview.waitFor();
    const previewText = await preview.locator(".macro-preview-text").textContent();
    check(`${lang}: the preview shows the text with the customer's name filled`, previewText === w.expectText(ticket.ref), previewText);
    const changes = (await preview.locator(".macro-changes li").allTextContents()).map((s) => s.replace(/\s+/g, " ").trim());
    check(`${lang}: …and the changes: priority → high, tag refund`, changes.includes(w.priority) && changes.includes(w.tagsChange), JSON.stringify(changes));
    check(`${lang}: …and nothing has changed yet`, (await call("GET", `/tickets/${ticket.id}`, agent.token)).priority === "normal");
    await screenshots(page, `macros-preview-${lang}`, [1280, 375]);
    await preview.getByRole("button", { name: w.apply, exact: true }).click();
    await preview.waitFor({ state: "detached" });
    const body = composer.getByLabel(w.message, { exact: true });
    check(`${lang}: Apply puts the text into the message (not sent)`, (await body.inputValue()).includes(w.expectText(ticket.ref)), await body.inputValue());
    const applied = await call("GET", `/tickets/${ticket.id}`, agent.token);
    check(`${lang}: …and changes the ticket: priority high, tag refund`, applied.priority === "high" && applied.tags.includes("refund"), JSON.stringify(applied));
    check(`${lang}: …with no message sent yet`, (await call("GET", `/tickets/${ticket.id}/messages`, agent.token)).items.length === 1);

    // The agent sends it.
    await composer.getByRole("button", { name: w.send }).click();
    await page.getByText(w.sent).first().waitFor();
    const messages = (await call("GET", `/tickets/${ticket.id}/messages`, agent.token)).items;
    check(`${lang}: the reply is sent with the macro's text`, messages.some((m) => m.kind === "reply" && m.bodyText.includes(w.expectText(ticket.ref))), JSON.stringify(messages.map((m) => m.bodyText)));

    // The history names the macro on its changes.
    const history = await openHistory(page);
    const lines = history.locator("ol.events li");
    await lines.filter({ hasText: w.reason }).first().waitFor();
    const named = (await lines.filter({ hasText: w.reason }).allTextContents()).join(" | ");
    check(`${lang}: the history names the macro on the priority and tags changes`, (await lines.filter({ hasText: w.reason }).count()) === 2, named);
    await screenshots(page, `macros-history-${lang}`, [1280, 375]);
    const [used] = (await call("GET", "/macros", agent.token)).items;
    check(`${lang}: the macro counts one use`, used?.usageCount === 1, JSON.stringify(used));
    await context.close();
  }
}
