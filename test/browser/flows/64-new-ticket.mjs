// An agent opens tickets from the app, in English and Chinese: a phone call from a customer found
// by searching (their words as the first message), and a reply to a new customer entered inline
// (the first message is a public reply: it goes out by email, the outbox shows it), with the walk-in channel.
// Runs alone: `node test/browser/run.mjs new-ticket`.
export const title = "New ticket from the app: a phone call from a found customer, and a walk-in with an outbound reply to a new one";

const WORDS = {
  en: {
    newTicket: "New ticket",
    requester: "Requester",
    newCustomer: "New customer",
    name: "Name",
    email: "Email",
    channel: "Channel",
    asReply: "A reply to the customer (sent by email)",
    subject: "Subject",
    customerWords: "What the customer said",
    replyText: "Your reply",
    priority: "Priority",
    high: "High",
    tags: "Tags",
    create: "Create ticket",
    known: "Li Wei",
    call: { subject: "Phoned: parcel a week late", body: "The parcel has not arrived after a week." },
    reply: { subject: "Your Dragon Well order", body: "The tin you asked about in the shop is back in stock in May." },
    newName: "Walk In",
    walkIn: "Walk-in",
    via: "via Walk-in",
  },
  "zh-CN": {
    newTicket: "新建工单",
    requester: "请求人",
    newCustomer: "新建客户",
    name: "姓名",
    email: "邮箱",
    channel: "渠道",
    asReply: "给客户的回复（通过邮件发送）",
    subject: "主题",
    customerWords: "客户所说的内容",
    replyText: "您的回复",
    priority: "优先级",
    high: "高",
    tags: "标签",
    create: "创建工单",
    known: "李伟",
    call: { subject: "来电：包裹晚到一周", body: "包裹一周了还没到。" },
    reply: { subject: "您的龙井订单", body: "您在店里问到的那款茶五月到货。" },
    newName: "到店客人",
    walkIn: "到访",
    via: "来自到访",
  },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Phone Tea" : "电话茶");
    const known = await call("POST", "/customers", ws.token, { name: w.known, emails: [`li.wei.${lang}@example.com`] });
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto("/tickets");

    // A phone call: the customer is found by name; their words are the first message.
    await tab.getByRole("link", { name: w.newTicket }).click();
    await tab.waitForURL(/\/tickets\/new$/);
    await tab.getByLabel(w.requester).fill(w.known.slice(0, 2));
    await tab.getByRole("option", { name: new RegExp(w.known) }).click();
    await tab.locator(`[data-requester="${known.id}"]`).waitFor();
    await tab.getByLabel(w.subject).fill(w.call.subject);
    await tab.getByLabel(w.customerWords).fill(w.call.body);
    await tab.getByLabel(w.priority).selectOption({ label: w.high });
    await tab.getByLabel(w.tags).fill("parcel");
    await screenshots(tab, `new-ticket-call-${lang}`, [1280, 375]);
    await tab.getByRole("button", { name: w.create }).click();
    await tab.waitForURL(/\/tickets\/tkt_/, { timeout: 15_000 });
    const callId = new URL(tab.url()).pathname.split("/").pop();
    const called = await call("GET", `/tickets/${callId}`, ws.token);
    check(`${lang}: the call is a phone ticket for the customer found, high priority, tagged, assigned to the agent`, called.channel === "phone" && called.requesterId === known.id && called.priority === "high" && called.tags.join() === "parcel" && called.assigneeId === ws.user.id, JSON.stringify(called));
    const callMessages = (await call("GET", `/tickets/${callId}/messages`, ws.token)).items;
    check(`${lang}: its first message is the customer's words`, callMessages.length === 1 && callMessages[0].kind === "customer" && callMessages[0].authorCustomerId === known.id, JSON.stringify(callMessages));
    await tab.getByText(w.call.body).first().waitFor({ timeout: 15_000 });

    // A walk-in: a new customer entered inline; the first message is a reply, mailed to them.
    await tab.goto("/tickets/new");
    await tab.getByRole("button", { name: w.newCustomer }).click();
    await tab.getByLabel(w.name, { exact: true }).fill(w.newName);
    const address = `walk.in.${lang.toLowerCase()}@example.com`;
    await tab.getByLabel(w.email, { exact: true }).fill(address);
    await tab.getByLabel(w.channel).selectOption({ label: w.walkIn });
    await tab.getByLabel(w.asReply).check();
    await tab.getByLabel(w.subject).fill(w.reply.subject);
    await tab.getByLabel(w.replyText).fill(w.reply.body);
    await tab.getByRole("button", { name: w.create }).click();
    await tab.waitForURL(/\/tickets\/tkt_/, { timeout: 15_000 });
    const replyId = new URL(tab.url()).pathname.split("/").pop();
    const replied = await call("GET", `/tickets/${replyId}`, ws.token);
    const customer = await call("GET", `/customers/${replied.requesterId}`, ws.token);
    check(`${lang}: the walk-in ticket has the walk-in channel`, replied.channel === "walk_in", replied.channel);
    await tab.getByText(w.via).first().waitFor({ timeout: 15_000 });
    check(`${lang}: the ticket page says where it came from ("${w.via}")`, true);
    check(`${lang}: the new customer was created with the address`, customer.name === w.newName && customer.emails.join() === address, JSON.stringify(customer));
    const outbox = (await call("GET", `/dev/outbox?ticketId=${replyId}`, ws.token)).items;
    check(`${lang}: the first reply went to them by email (in the outbox)`, outbox.length === 1 && outbox[0].to === address && outbox[0].bodyText.includes(w.reply.body) && outbox[0].subject.includes(w.reply.subject), JSON.stringify(outbox));
    await tab.getByText(w.reply.body).first().waitFor({ timeout: 15_000 });
    await screenshots(tab, `new-ticket-reply-${lang}`, [1280]);
    await context.close();
  }
}
