import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { dueAutomations, runAutomations } from "../../workers/core/automations/automation-cron";
import { openDb } from "../../workers/core/db";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";
import { planProblems, type PlanRow } from "../helpers/query-plan";
import { deliverEmail, email } from "../helpers/mail";

/** Mail from rules (docs/rules.md "Mail from rules"): triggers and automations, real D1, the outbox as the dev outbox shows it. */
type Outbound = { id: string; ticketId: string; purpose: string; from: string; to: string; subject: string; bodyText: string; messageId: string; inReplyTo: string | null; references: string[]; headers: Record<string, string>; status: string; nextAttemptAt: string | null; createdAt: string };
type Event = { type: string; reason: string | null; messageId: string | null };

const db = openDb(env.DB);
const HOUR = 3_600_000;

const newTrigger = async (token: string, body: Record<string, unknown>) => {
  const res = await call("POST", "/triggers", { token, body: { conditions: { all: [], any: [] }, events: ["ticket_created"], ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
};
const outbox = async (token: string, ticketId: string) => ((await call("GET", `/dev/outbox?ticketId=${ticketId}`, { token })).body.items as Outbound[]).filter((m) => m.purpose.startsWith("rule_"));
/** The ticket's notes written by the rule with this reason, oldest first. */
async function ruleNotes(token: string, ticketId: string, reason: string) {
  const events = ((await call("GET", `/tickets/${ticketId}/events`, { token })).body.items as Event[]).filter((e) => e.type === "internal_note" && e.reason === reason);
  const messages = (await call("GET", `/tickets/${ticketId}/messages`, { token })).body.items as { id: string; bodyText: string }[];
  return events.map((e) => messages.find((m) => m.id === e.messageId)!.bodyText);
}
const setLanguage = (token: string, language: "en" | "zh-CN") => call("PATCH", "/me", { token, body: { language } });
const tier2Of = async (token: string) => ((await call("GET", "/groups", { token })).body.items as { id: string; name: string }[]).find((g) => g.name === "Tier 2")!;

const greeting = {
  subject: { en: "We got your request: {{ticket.subject}}", "zh-CN": "我们已收到您的请求：{{ticket.subject}}" },
  body: { en: "Hello {{customer.first_name}}, {{workspace.name}} is on it.", "zh-CN": "{{customer.name}}，您好！{{workspace.name}} 正在处理。" },
};
const alert = {
  subject: { en: "New ticket: {{ticket.subject}}", "zh-CN": "新工单：{{ticket.subject}}" },
  body: { en: "From {{customer.email}} (rule {{agent.name}}).", "zh-CN": "来自 {{customer.email}}（规则 {{agent.name}}）。" },
};

describe("mail from triggers", () => {
  it("email_requester on ticket_created: the requester's language, placeholders, threaded into their mail, recorded with the ticket's write, handed to the mailer right after it (no cron)", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Mail");
    const trigger = await newTrigger(ws.token, { name: "Greet", actions: [{ type: "email_requester", ...greeting }] });
    const reason = `trigger:${trigger.id}:Greet`;

    // A customer who writes in Chinese gets the Chinese text, answering their own message.
    const to = `${ws.slug}@kefu.localhost`;
    const delivered = await deliverEmail(email({ from: "王芳 <wang.fang@example.com>", to, subject: "茶壶破了", body: "您好，茶壶盖子碎了。", messageId: "first.wang@mail.example.com" }), { from: "wang.fang@example.com", to });
    expect(delivered.error).toBeNull();
    const ticketId = ((await call("GET", "/tickets?q=%E8%8C%B6%E5%A3%B6", { token: ws.token })).body.items as { id: string }[])[0]!.id;
    const [zh] = await outbox(ws.token, ticketId);
    expect(zh).toMatchObject({
      purpose: "rule_mail",
      to: "wang.fang@example.com",
      from: `Rule Mail <${to}>`,
      subject: "我们已收到您的请求：茶壶破了",
      bodyText: "王芳，您好！Rule Mail 正在处理。",
      inReplyTo: "first.wang@mail.example.com",
      references: ["first.wang@mail.example.com"],
      // Sent right after the mail was filed (the email handler's waitUntil), no cron tick.
      status: "sent",
      nextAttemptAt: null,
    });
    expect(zh!.headers["Auto-Submitted"]).toBe("auto-generated");
    expect(await ruleNotes(ws.token, ticketId, reason)).toEqual(["Emailed the requester (wang.fang@example.com): 我们已收到您的请求：茶壶破了"]);

    // Through the API, an English requester: the English text; the built-in address sends it.
    const api = await newTicket(ws.token, { subject: "Lid cracked", requester: { email: "Mei.Lin@Example.com", name: "Mei Lin" } });
    const [en] = await outbox(ws.token, api.id);
    expect(en).toMatchObject({ to: "mei.lin@example.com", subject: "We got your request: Lid cracked", bodyText: "Hello Mei, Rule Mail is on it.", inReplyTo: null });
    // A known customer, named by id: their stored name (the read's columns keep their names).
    const again = await newTicket(ws.token, { subject: "Lid again", requester: { id: api.requesterId } });
    expect((await outbox(ws.token, again.id))[0]).toMatchObject({ to: "mei.lin@example.com", bodyText: "Hello Mei, Rule Mail is on it." });

    // Through the API too: sent right after the create's commit (after the answer, the request's waitUntil), without the cron.
    for (const id of [api.id, again.id]) await vi.waitFor(async () => expect((await outbox(ws.token, id))[0]).toMatchObject({ status: "sent", nextAttemptAt: null }), { timeout: 10_000, interval: 50 });
  });

  it("a change, a reply and a bulk change hand their trigger's mail to the mailer right after the commit too (no cron)", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Mail Now");
    const ticket = await newTicket(ws.token, { subject: "Kettle", requester: { email: "kai@example.com", name: "Kai" } });
    await newTrigger(ws.token, { name: "On change", events: ["ticket_updated", "agent_replied"], actions: [{ type: "email_requester", subject: { en: "Update on {{ticket.subject}}" }, body: { en: "News." } }] });
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { priority: "high" } })).status).toBe(200);
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "Looking." } })).status).toBe(201);
    await vi.waitFor(async () => expect((await outbox(ws.token, ticket.id)).map((m) => m.status)).toEqual(["sent", "sent"]), { timeout: 10_000, interval: 50 });
    // A bulk change (updateTickets): each ticket's mail too.
    const other = await newTicket(ws.token, { subject: "Teapot", requester: { email: "kai@example.com" } });
    const bulk = await call("POST", "/bulk/tickets", { token: ws.token, body: { ids: [ticket.id, other.id], change: { priority: "low" } } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBeLessThan(300);
    await vi.waitFor(async () => expect([...(await outbox(ws.token, ticket.id)), ...(await outbox(ws.token, other.id))].map((m) => m.status)).toEqual(["sent", "sent", "sent", "sent"]), { timeout: 10_000, interval: 50 });
  });

  it("a reply event threads the trigger's mail into the conversation; a requester without an address gets a note instead", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Mail Thread");
    const ticket = await newTicket(ws.token, { subject: "Where is my order?" });
    const trigger = await newTrigger(ws.token, { name: "Ack replies", events: ["agent_replied"], actions: [{ type: "email_requester", subject: { en: "Re: {{ticket.subject}} (#{{ticket.number}})" }, body: { en: "A summary follows." } }] });
    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "It ships today." } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const mails = await outbox(ws.token, ticket.id);
    const agentReply = ((await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token: ws.token })).body.items as Outbound[]).find((m) => m.purpose === "reply")!;
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: `Re: Where is my order? (#${ticket.number})`, inReplyTo: agentReply.messageId });
    expect(mails[0]!.headers["Thread-Index"]).toBeTruthy();

    // The requester's addresses are gone: no mail, a note saying so.
    await env.DB.prepare("delete from customer_emails where tenant_id = ? and customer_id = ?").bind(ws.workspace.id, ticket.requesterId).run();
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "Tracking number follows." } });
    expect(await outbox(ws.token, ticket.id)).toHaveLength(1);
    expect((await ruleNotes(ws.token, ticket.id, `trigger:${trigger.id}:Ack replies`)).at(-1)).toBe("The email was not sent: the requester has no email address.");
  });

  it("email_agent in the agent's own language; email_group to every active member once; deactivated people are skipped", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Mail Team");
    const zhAgent = await newMember(ws.token, "agent", "Zhang Wei");
    const enAgent = await newMember(ws.token, "agent", "Ada Agent");
    const gone = await newMember(ws.token, "agent", "Gone Agent");
    expect((await setLanguage(zhAgent.token, "zh-CN")).status).toBe(200);
    expect((await setLanguage(enAgent.token, "en")).status).toBe(200);
    const tier2 = await tier2Of(ws.token);
    for (const member of [zhAgent, enAgent, gone]) expect((await call("POST", `/groups/${tier2.id}/members`, { token: ws.token, body: { userId: member.user.id } })).status).toBe(200);
    const trigger = await newTrigger(ws.token, {
      name: "Tell the team",
      actions: [
        { type: "email_agent", userId: zhAgent.user.id, ...alert },
        { type: "email_group", groupId: tier2.id, ...alert },
        { type: "email_agent", userId: gone.user.id, ...alert },
      ],
    });
    expect((await call("PATCH", `/users/${gone.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);

    const ticket = await newTicket(ws.token, { subject: "Broken lid", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    const mails = await outbox(ws.token, ticket.id);
    expect(mails.every((m) => m.purpose === "rule_notice" && m.inReplyTo === null && m.references.length === 0)).toBe(true);
    expect(mails.every((m) => m.from === `Rule Mail Team (Kefu) <${ws.slug}@kefu.localhost>`)).toBe(true);
    const byRecipient = mails.map((m) => [m.to, m.subject, m.bodyText]).sort();
    expect(byRecipient).toEqual(
      [
        [zhAgent.email, "新工单：Broken lid", "来自 li.wei@example.com（规则 Tell the team）。"],
        [zhAgent.email, "新工单：Broken lid", "来自 li.wei@example.com（规则 Tell the team）。"],
        [enAgent.email, "New ticket: Broken lid", "From li.wei@example.com (rule Tell the team)."],
      ].sort(),
    );
    expect(await ruleNotes(ws.token, ticket.id, `trigger:${trigger.id}:Tell the team`)).toEqual([
      `Emailed Zhang Wei (${zhAgent.email}): 新工单：Broken lid`,
      `Emailed the group “Tier 2”:\n- Ada Agent (${enAgent.email}): New ticket: Broken lid\n- Zhang Wei (${zhAgent.email}): 新工单：Broken lid`,
      "The email was not sent: the agent is deactivated or gone.",
    ]);
  });
});

describe("mail from automations", () => {
  it("email_agent and email_group from the cron: each in their language, the automation as the reason; a group without active members leaves a note", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Mail Cron");
    const zhAgent = await newMember(ws.token, "agent", "Zhang Wei");
    await setLanguage(zhAgent.token, "zh-CN");
    const tier2 = await tier2Of(ws.token);
    await call("POST", `/groups/${tier2.id}/members`, { token: ws.token, body: { userId: zhAgent.user.id } });
    await call("POST", `/groups/${tier2.id}/members`, { token: ws.token, body: { userId: ws.user.id } });
    const empty = (await call("POST", "/groups", { token: ws.token, body: { name: "Nobody here" } })).body as { id: string };
    const automation = (
      await call("POST", "/automations", {
        token: ws.token,
        body: {
          name: "Stale pending",
          conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 48 }], any: [] },
          actions: [
            { type: "email_agent", userId: zhAgent.user.id, ...alert },
            { type: "email_group", groupId: tier2.id, ...alert },
            { type: "email_group", groupId: empty.id, ...alert },
          ],
        },
      })
    ).body as { id: string };
    const ticket = await newTicket(ws.token, { subject: "Waiting", requester: { email: "mei@example.com", name: "Mei" } });
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "pending" } });

    const at = new Date(Date.now() + 49 * HOUR);
    const usage = newUsage();
    const recorded = openDb(recordingD1(env.DB, usage));
    expect((await runAutomations(recorded, { mail: { mailDomain: "kefu.localhost" } }, await dueAutomations(db, at), at)).automationsFired).toBe(1);
    // The firing's mail reads go through indexes (no scan of a growing table, no range as wide as the workspace).
    const problems: string[] = [];
    for (const { sql, params } of usage.sql) problems.push(...planProblems(sql, (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<PlanRow>()).results));
    expect(usage.sql.some(({ sql }) => sql.includes('from "group_members"'))).toBe(true);
    expect(problems).toEqual([]);
    const mails = await outbox(ws.token, ticket.id);
    expect(mails.map((m) => [m.to, m.subject]).sort()).toEqual(
      [
        [zhAgent.email, "新工单：Waiting"],
        [zhAgent.email, "新工单：Waiting"],
        [ws.email, "New ticket: Waiting"],
      ].sort(),
    );
    expect(mails.find((m) => m.to === ws.email)!.bodyText).toBe("From mei@example.com (rule Stale pending).");
    const notes = await ruleNotes(ws.token, ticket.id, `automation:${automation.id}:Stale pending`);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toBe("The email was not sent: the group “Nobody here” has no active members.");
  });

  it("email_requester from the cron: the requester's language, threaded, recorded as rule mail", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Mail Remind");
    const to = `${ws.slug}@kefu.localhost`;
    await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "pending_reminder_3d" } });
    await deliverEmail(email({ from: "李伟 <li.wei@example.com>", to, subject: "退货", body: "我想退货。", messageId: "ask.li@mail.example.com" }), { from: "li.wei@example.com", to });
    const ticketId = ((await call("GET", "/tickets?q=%E9%80%80%E8%B4%A7", { token: ws.token })).body.items as { id: string }[])[0]!.id;
    await call("PATCH", `/tickets/${ticketId}`, { token: ws.token, body: { status: "pending" } });
    await tick(new Date(Date.now() + 73 * HOUR));
    const [mail] = await outbox(ws.token, ticketId);
    expect(mail).toMatchObject({ purpose: "rule_mail", to: "li.wei@example.com", subject: "仍在等待您的回复：退货", inReplyTo: "ask.li@mail.example.com" });
  });
});
