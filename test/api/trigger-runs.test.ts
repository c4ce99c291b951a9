import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

/** Triggers run inside the core writes (issue 15, docs/rules.md): real D1, through the API and email(). */
type Event = { type: string; field: string | null; oldValue: string | null; newValue: string | null; actorType: string; reason: string | null; messageId: string | null };

const newTrigger = async (token: string, body: Record<string, unknown>) => {
  const res = await call("POST", "/triggers", { token, body: { conditions: { all: [], any: [] }, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
};
const eventsOf = async (token: string, ticketId: string) => (await call("GET", `/tickets/${ticketId}/events`, { token })).body.items as Event[];
const ticketOf = async (token: string, ticketId: string) => (await call("GET", `/tickets/${ticketId}`, { token })).body;
const triggerRow = (id: string) => env.DB.prepare("select fired_count as firedCount, last_fired_at as lastFiredAt from triggers where id = ?").bind(id).first<{ firedCount: number; lastFiredAt: number | null }>();
const tier2Of = async (token: string) => ((await call("GET", "/groups", { token })).body.items as { id: string; name: string }[]).find((g) => g.name === "Tier 2")!;

async function refundWorkspace() {
  const ws = await newWorkspace("Trigger Runs");
  const tier2 = await tier2Of(ws.token);
  const refund = await newTrigger(ws.token, {
    name: "Refunds to Tier 2",
    events: ["ticket_created"],
    conditions: { all: [{ field: "text", op: "contains_any", value: ["退款", "refund"] }], any: [] },
    actions: [
      { type: "set_group", groupId: tier2.id },
      { type: "set_priority", value: "urgent" },
      { type: "add_tags", tags: ["refund"] },
    ],
  });
  return { ws, tier2, refund };
}

describe("triggers run in the write that raised their event", () => {
  it("ticket created (API and email): 退款 routes to Tier 2 as urgent with a tag; the history names the trigger; others are left alone", { timeout: 120_000 }, async () => {
    const { ws, tier2, refund } = await refundWorkspace();
    const reason = `trigger:${refund.id}:Refunds to Tier 2`;

    const viaApi = await newTicket(ws.token, { subject: "订单问题", description: "我想申请退款谢谢" });
    expect(viaApi).toMatchObject({ groupId: tier2.id, priority: "urgent", tags: ["refund"] });
    expect(await ticketOf(ws.token, viaApi.id)).toMatchObject({ groupId: tier2.id, priority: "urgent", tags: ["refund"] });
    const history = await eventsOf(ws.token, viaApi.id);
    const byTrigger = history.filter((e) => e.reason === reason);
    expect(byTrigger.map((e) => [e.type, e.actorType, e.field, e.newValue])).toEqual([
      ["field_change", "system", "priority", "urgent"],
      ["field_change", "system", "groupId", tier2.id],
      ["field_change", "system", "tags", '["refund"]'],
    ]);

    const plain = await newTicket(ws.token, { subject: "Lid", description: "The lid was refunded? No: cracked." });
    expect(plain).toMatchObject({ groupId: null, priority: "normal", tags: [] });
    expect((await eventsOf(ws.token, plain.id)).some((e) => e.reason?.startsWith("trigger:"))).toBe(false);

    const mailed = await deliverEmail(email({ to: `${ws.slug}@kefu.localhost`, subject: "退货", body: "您好，我想申请退款，谢谢。" }), { from: "li.wei@example.com", to: `${ws.slug}@kefu.localhost` });
    expect(mailed.error).toBeNull();
    const list = (await call("GET", "/tickets?q=%E9%80%80%E8%B4%A7", { token: ws.token })).body.items as { id: string }[];
    const fromMail = await ticketOf(ws.token, list[0]!.id);
    expect(fromMail).toMatchObject({ channel: "email", groupId: tier2.id, priority: "urgent", tags: ["refund"] });
    expect((await eventsOf(ws.token, fromMail.id)).filter((e) => e.reason === reason)).toHaveLength(3);

    // The customer writes again (the ticket's number in the subject): a customer_replied trigger runs.
    const again = await newTrigger(ws.token, { name: "Customer wrote again", events: ["customer_replied"], actions: [{ type: "add_tags", tags: ["wrote_again"] }] });
    const reply = await deliverEmail(email({ to: `${ws.slug}@kefu.localhost`, subject: `Re: [#${fromMail.number}] 退货`, body: "还没有收到回复。" }), { from: "li.wei@example.com", to: `${ws.slug}@kefu.localhost` });
    expect(reply.error).toBeNull();
    expect((await ticketOf(ws.token, fromMail.id)).tags).toEqual(["refund", "wrote_again"]);
    expect(await triggerRow(again.id)).toMatchObject({ firedCount: 1 });

    expect(await triggerRow(refund.id)).toMatchObject({ firedCount: 2 });
    expect((await triggerRow(refund.id))!.lastFiredAt).not.toBeNull();
  });

  it("an inactive trigger does not fire; an updated trigger fires once per event; a chain stops after 5 passes", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Trigger Chains");
    const off = await newTrigger(ws.token, { name: "Off", active: false, events: ["ticket_created", "ticket_updated"], actions: [{ type: "add_tags", tags: ["off"] }] });
    // Fires on every update and changes the ticket (which raises ticket_updated again): still once per event.
    const bump = await newTrigger(ws.token, { name: "Count updates", events: ["ticket_updated"], conditions: { all: [{ field: "changed", changed: "type" }], any: [] }, actions: [{ type: "add_tags", tags: ["typed"] }] });
    // Seven links, each waiting for the tag of the one before: only five passes run.
    for (let k = 6; k >= 0; k--)
      await newTrigger(ws.token, {
        name: `Link ${k}`,
        events: k === 0 ? ["ticket_created"] : ["ticket_updated"],
        conditions: { all: k === 0 ? [] : [{ field: "tags", op: "contains_any", value: [`step${k - 1}`] }], any: [] },
        actions: [{ type: "add_tags", tags: [`step${k}`] }],
      });
    const ticket = await newTicket(ws.token);
    expect(ticket.tags).toEqual(["step0", "step1", "step2", "step3", "step4"]);
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.reason?.startsWith(`trigger:${off.id}`))).toEqual([]);

    const patched = await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { type: "incident" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.tags).toContain("typed");
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.reason?.startsWith(`trigger:${bump.id}:`))).toHaveLength(1);
    expect(await triggerRow(bump.id)).toMatchObject({ firedCount: 1 });
    expect(await triggerRow(off.id)).toMatchObject({ firedCount: 0 });
  });

  it("agent replied and note added; solved and reopened", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Trigger Events");
    const replied = await newTrigger(ws.token, { name: "Answered", events: ["agent_replied"], actions: [{ type: "add_tags", tags: ["answered"] }] });
    const noted = await newTrigger(ws.token, { name: "Noted", events: ["note_added"], conditions: { all: [{ field: "body", op: "contains_any", value: ["escalate"] }], any: [] }, actions: [{ type: "set_priority", value: "high" }] });
    const solved = await newTrigger(ws.token, { name: "On solve", events: ["ticket_solved"], actions: [{ type: "add_note", body: "Solved #{{ticket.number}}: call {{customer.first_name}} back." }] });
    const reopened = await newTrigger(ws.token, { name: "On reopen", events: ["ticket_reopened"], actions: [{ type: "set_priority", value: "urgent" }] });
    const ticket = await newTicket(ws.token);

    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "A new lid is on its way." } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect((await ticketOf(ws.token, ticket.id)).tags).toEqual(["answered"]);
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "note", body: "Please escalate this one" } });
    expect((await ticketOf(ws.token, ticket.id)).priority).toBe("high");

    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "solved" } })).status).toBe(200);
    const notes = (await eventsOf(ws.token, ticket.id)).filter((e) => e.type === "internal_note" && e.reason === `trigger:${solved.id}:On solve`);
    expect(notes).toHaveLength(1);
    const messages = (await call("GET", `/tickets/${ticket.id}/messages`, { token: ws.token })).body.items as { id: string; kind: string; bodyText: string }[];
    expect(messages.find((m) => m.id === notes[0]!.messageId)).toMatchObject({ kind: "note", bodyText: `Solved #${ticket.number}: call Li back.` });
    expect((await ticketOf(ws.token, ticket.id)).priority).toBe("high");

    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "open" } })).body.priority).toBe("urgent");
    for (const t of [replied, noted, solved, reopened]) expect(await triggerRow(t.id)).toMatchObject({ firedCount: 1 });
  });

  it("call_webhook records a delivery; a webhook subscribed to ticket.created gets every new ticket", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Trigger Hooks");
    const hook = await call("POST", "/webhooks", { token: ws.token, body: { name: "Ops", url: "https://hooks.example.com/kefu", format: "json", events: ["sla.breach"] } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const slack = await call("POST", "/webhooks", { token: ws.token, body: { name: "Slack", url: "https://hooks.example.com/slack", format: "slack", events: ["ticket.created"] } });
    expect(slack.status, JSON.stringify(slack.body)).toBe(201);
    const trigger = await newTrigger(ws.token, { name: "Tell ops about VIP words", events: ["ticket_created"], conditions: { all: [{ field: "subject", op: "contains_any", value: ["urgent"] }], any: [] }, actions: [{ type: "call_webhook", webhookId: hook.body.webhook.id }] });

    const ticket = await newTicket(ws.token, { subject: "URGENT: lid" });
    const rows = (await env.DB.prepare("select webhook_id as webhookId, event, body from webhook_deliveries where tenant_id = ? order by webhook_id").bind(ws.workspace.id).all<{ webhookId: string; event: string; body: string }>()).results;
    const ops = rows.find((r) => r.webhookId === hook.body.webhook.id)!;
    expect(ops.event).toBe("ticket.created");
    expect(JSON.parse(ops.body)).toMatchObject({ event: "ticket.created", ticket: { id: ticket.id, subject: "URGENT: lid" }, trigger: { id: trigger.id, name: "Tell ops about VIP words" } });
    const toSlack = rows.find((r) => r.webhookId === slack.body.webhook.id)!;
    expect(JSON.parse(toSlack.body).text).toBe("New ticket: URGENT: lid");

    // Not subscribed to updates, and the trigger does not match: no more deliveries.
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { priority: "high" } });
    await newTicket(ws.token, { subject: "Calm" });
    const after = (await env.DB.prepare("select count(*) as n from webhook_deliveries where tenant_id = ?").bind(ws.workspace.id).first<{ n: number }>())!.n;
    expect(after).toBe(3);
  });

  it("a mail action is recorded in the history beside the trigger's other actions (test/api/rule-mail.test.ts has the mail)", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Trigger Gaps");
    const mailer = await newTrigger(ws.token, {
      name: "Mail the customer",
      events: ["ticket_created"],
      actions: [{ type: "email_requester", subject: { en: "We got it" }, body: { en: "Hello {{customer.name}}" } }, { type: "add_tags", tags: ["mailed"] }],
    });
    const ticket = await newTicket(ws.token);
    expect(ticket.tags).toEqual(["mailed"]);
    const note = (await eventsOf(ws.token, ticket.id)).find((e) => e.type === "internal_note" && e.reason === `trigger:${mailer.id}:Mail the customer`)!;
    const messages = (await call("GET", `/tickets/${ticket.id}/messages`, { token: ws.token })).body.items as { id: string; bodyText: string }[];
    expect(messages.find((m) => m.id === note.messageId)!.bodyText).toBe("Emailed the requester (li.wei@example.com): We got it");
  });
});
