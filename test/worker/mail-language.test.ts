import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/core/db";
import { runSlaTick } from "../../workers/core/sla/sla-cron";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { deliverEmail, email } from "../helpers/mail";

/**
 * System mail follows one language rule (workers/core/mail/mail-language.ts): the customer's
 * stored language, else the language of their mail, else the workspace default — here through
 * the real email() handler, the reply API and the survey cron.
 */
async function workspace() {
  const ws = await newWorkspace("Acme Tea");
  return { ...ws, address: `${ws.slug}@kefu.localhost` };
}
type Workspace = Awaited<ReturnType<typeof workspace>>;
interface Outbound {
  purpose: string;
  to: string;
  subject: string;
  bodyText: string;
  ticketId: string | null;
}

const outbox = async (ws: Workspace): Promise<Outbound[]> => (await call("GET", "/dev/outbox?limit=200", { token: ws.token })).body.items;
const mailOf = async (ws: Workspace, purpose: string, to: string) => (await outbox(ws)).filter((m) => m.purpose === purpose && m.to === to);

async function receive(ws: Workspace, from: string, subject: string, body: string) {
  const result = await deliverEmail(email({ to: ws.address, from, subject, body }), { from: /<([^>]+)>/.exec(from)?.[1] ?? from, to: ws.address });
  expect(result.error, String(result.error)).toBeNull();
}

describe("the acknowledgement's language", () => {
  it("a customer writing Chinese gets the Chinese acknowledgement, an English writer the English one", async () => {
    const ws = await workspace();
    await receive(ws, "王芳 <wang.fang@example.cn>", "茶壶盖子碎了", "你好，我收到的茶壶盖子碎了，能换一个吗？");
    await receive(ws, "Li Wei <li.wei@example.com>", "My teapot arrived broken", "The lid was cracked.");
    const [zh] = await mailOf(ws, "acknowledgement", "wang.fang@example.cn");
    expect(zh!.subject).toBe("[#1] 我们已收到您的请求：茶壶盖子碎了");
    expect(zh!.bodyText).toContain("王芳，您好：");
    expect(zh!.bodyText).toContain("感谢您联系 Acme Tea。您的请求 #1 已收到");
    const [en] = await mailOf(ws, "acknowledgement", "li.wei@example.com");
    expect(en!.subject).toBe("[#2] We received your request: My teapot arrived broken");
    expect(en!.bodyText).toContain("Hi Li,");
  }, 60_000);

  it("a customer whose stored language is English gets English even when writing Chinese", async () => {
    const ws = await workspace();
    const created = await call("POST", "/customers", { token: ws.token, body: { name: "Zhang Min", emails: ["zhang.min@example.cn"], language: "en" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.language).toBe("en");
    await receive(ws, "Zhang Min <zhang.min@example.cn>", "茶壶盖子碎了", "盖子碎了。");
    const [ack] = await mailOf(ws, "acknowledgement", "zhang.min@example.cn");
    expect(ack!.subject).toBe("[#1] We received your request: 茶壶盖子碎了");
  }, 60_000);

  it("mail that says nothing about its language gets the workspace default", async () => {
    const ws = await workspace();
    await receive(ws, "a@example.net", "12345", "123 456 !!");
    expect((await mailOf(ws, "acknowledgement", "a@example.net"))[0]!.subject).toBe("[#1] We received your request: 12345");
    const set = await call("PATCH", "/workspace", { token: ws.token, body: { defaultLanguage: "zh-CN" } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.defaultLanguage).toBe("zh-CN");
    await receive(ws, "b@example.net", "12345", "123 456 !!");
    expect((await mailOf(ws, "acknowledgement", "b@example.net"))[0]!.subject).toBe("[#2] 我们已收到您的请求：12345");
  }, 60_000);

  it("an address's own Chinese template is sent, placeholders filled; the English one stays as it was", async () => {
    const ws = await workspace();
    const [address] = (await call("GET", "/support-addresses", { token: ws.token })).body.items;
    expect(address.autoAckSubjectZh).toBe("[{{ticket.number}}] 我们已收到您的请求：{{ticket.subject}}");
    const patched = await call("PATCH", `/support-addresses/${address.id}`, {
      token: ws.token,
      body: { autoAckSubjectZh: "收到 {{ticket.number}}：{{ticket.subject}}", autoAckBodyZh: "{{customer.name}}，您好！{{workspace.name}} 已收到。" },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expectProblem(await call("PATCH", `/support-addresses/${address.id}`, { token: ws.token, body: { autoAckBodyZh: "{{customer.nickname}}" } }), 422, "unknown_placeholder");
    expectProblem(await call("PATCH", `/support-addresses/${address.id}`, { token: ws.token, body: { autoAckSubjectZh: "" } }), 422);
    await receive(ws, "王芳 <wang.fang@example.cn>", "退款", "请退款");
    const [ack] = await mailOf(ws, "acknowledgement", "wang.fang@example.cn");
    expect(ack!.subject).toBe("收到 #1：退款");
    expect(ack!.bodyText).toBe("王芳，您好！Acme Tea 已收到。\n");
  }, 60_000);
});

describe("the reply footer's and the survey's language", () => {
  it("follow the requester: Chinese from their mail, English once an agent stores English for them", async () => {
    const ws = await workspace();
    await receive(ws, "王芳 <wang.fang@example.cn>", "茶壶盖子碎了", "你好，盖子碎了。");
    const [ticket] = (await call("GET", "/tickets", { token: ws.token })).body.items;
    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "新的茶壶已寄出。", status: "solved" } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const [zhReply] = await mailOf(ws, "reply", "wang.fang@example.cn");
    expect(zhReply!.bodyText).toContain("工单 #1。如需补充，直接回复此邮件即可。");
    expect(zhReply!.bodyText).not.toContain("Reply to this email");

    await tick(new Date(Date.parse(reply.body.ticket.solvedAt) + 25 * 60 * 60 * 1000));
    const [survey] = await mailOf(ws, "survey", "wang.fang@example.cn");
    expect(survey, "a survey email").toBeDefined();
    expect(survey!.bodyText).toMatch(/\p{Script=Han}/u);

    const patched = await call("PATCH", `/customers/${ticket.requesterId}`, { token: ws.token, body: { language: "en" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.language).toBe("en");
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "One more thing." } });
    const replies = await mailOf(ws, "reply", "wang.fang@example.cn");
    expect(replies).toHaveLength(2);
    expect(replies.some((m) => m.bodyText.includes("Ticket #1. Reply to this email to add to your request."))).toBe(true);
  }, 90_000);
});

describe("the language settings through the API", () => {
  it("refuse bad values with 422, accept null for a customer, and stay in their own workspace", async () => {
    const ws = await workspace();
    const other = await workspace();
    expect((await call("GET", "/workspace", { token: ws.token })).body.defaultLanguage).toBe("en");
    for (const bad of ["fr", "zh", "", null, 1]) {
      expectProblem(await call("PATCH", "/workspace", { token: ws.token, body: { defaultLanguage: bad } }), 422, "validation_failed");
      expectProblem(await call("POST", "/customers", { token: ws.token, body: { name: "X", emails: ["x@example.com"], language: bad === null ? "de" : bad } }), 422, "validation_failed");
    }
    const customer = (await call("POST", "/customers", { token: ws.token, body: { name: "Wang Fang", emails: ["wf@example.cn"] } })).body;
    expect(customer.language).toBeNull();
    expect((await call("PATCH", `/customers/${customer.id}`, { token: ws.token, body: { language: "zh-CN" } })).body.language).toBe("zh-CN");
    expect((await call("PATCH", `/customers/${customer.id}`, { token: ws.token, body: { language: null } })).body.language).toBeNull();
    expectProblem(await call("PATCH", `/customers/${customer.id}`, { token: other.token, body: { language: "en" } }), 404);
    await call("PATCH", "/workspace", { token: ws.token, body: { defaultLanguage: "zh-CN" } });
    expect((await call("GET", "/workspace", { token: other.token })).body.defaultLanguage).toBe("en");
  }, 60_000);

  it("a workspace signed up in Chinese defaults its mail to Chinese", async () => {
    const slug = `zh-${Math.random().toString(36).slice(2, 8)}`;
    const headers = { "CF-Connecting-IP": "203.0.113.78" };
    const signup = await call("POST", "/signup", { headers, body: { tenantName: "茶具店", slug, name: "王芳", email: `owner@${slug}.example`, password: "correct horse battery staple", language: "zh-CN" } });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    expect((await call("GET", "/workspace", { token: signup.body.token })).body.defaultLanguage).toBe("zh-CN");
  }, 30_000);
});

describe("SLA alert mail", () => {
  it("is in each recipient's language (theirs, else the workspace's), with times in the workspace's zone, the app's status names and a link", async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    const channels = {
      mail: { mailer: { send: async (m: { to: string; subject: string; text: string }) => void sent.push(m) }, mailDomain: "kefu.localhost" },
      webhooks: { fetcher: () => Promise.reject(new Error("no webhooks here")), appUrl: "https://kefu.example" },
    };
    const owner = await newWorkspace();
    const agent = await newMember(owner.token, "agent", "Wang Agent");
    expect((await call("PATCH", "/me", { token: agent.token, body: { language: "zh-CN" } })).status).toBe(200);
    const open = Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]);
    const calendar = await call("POST", "/business-calendars", { token: owner.token, body: { name: "Shanghai", timeZone: "Asia/Shanghai", weekly: open, holidays: [], workdays: [] } });
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
    const policy = await call("POST", "/sla-policies", { token: owner.token, body: { name: "Fast", conditions: {}, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const ticket = (await call("POST", "/tickets", { token: owner.token, body: { subject: "茶壶盖子碎了", description: "碎了。", requester: { email: "wf@example.cn" }, assigneeId: agent.user.id } })).body;
    const dueAt = new Date((await call("GET", `/tickets/${ticket.id}/sla`, { token: owner.token })).body.clocks[0].dueAt);
    const shanghai = new Date(dueAt.getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 16);

    await runSlaTick(openDb(env.DB), channels, new Date(dueAt.getTime() + 60_000));
    const toAgent = sent.find((m) => m.to === agent.email)!;
    expect(toAgent.subject).toBe(`[#1] SLA 已超时：首次回复应于 ${shanghai} (Asia/Shanghai) 完成`);
    expect(toAgent.text).toContain("状态：新建，优先级：普通");
    expect(toAgent.text).toContain(`https://kefu.example/tickets/${ticket.id}`);
    const toOwner = sent.find((m) => m.to === owner.email)!;
    expect(toOwner.subject).toBe(`[#1] SLA breached: first reply was due ${shanghai} (Asia/Shanghai)`);
    expect(toOwner.text).toContain("Status: New, priority: Normal");
    expect(toOwner.text).toContain(`Open the ticket: https://kefu.example/tickets/${ticket.id}`);
  }, 60_000);
});

describe("notification email", () => {
  it("to an agent who chose no language is in the workspace's default language", async () => {
    const owner = await newWorkspace("Digest Tea");
    const bo = await newMember(owner.token, "agent", "Bo");
    expect((await call("PATCH", "/workspace", { token: owner.token, body: { defaultLanguage: "zh-CN" } })).status).toBe(200);
    const ticket = await newTicket(owner.token, { subject: "Kettle leaks", assigneeId: bo.user.id });
    await tick(new Date(Date.now() + 3 * 60_000));
    const [mail] = (await outbox({ ...owner, address: "" })).filter((m) => m.purpose === "notification" && m.to === bo.email);
    expect(mail!.subject).toBe(`[Digest Tea] Olivia Owner 把 #${ticket.number} 分配给了你`);
  }, 60_000);
});
