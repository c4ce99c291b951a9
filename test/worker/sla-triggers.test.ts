import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/core/db";
import { runSlaTick } from "../../workers/core/sla/sla-cron";
import { call, newTicket, newWorkspace } from "../helpers/api";

/** sla_warning and sla_breach (issue 15, docs/rules.md): the cron's alerts raise them to triggers, once per alert, behind a failure boundary. */
const db = openDb(env.DB);
const sent: { to: string; subject: string }[] = [];
const mail = { mailer: { send: async (m: { to: string; subject: string }) => void sent.push({ to: m.to, subject: m.subject }) }, mailDomain: "kefu.localhost" };
const channels = { mail, webhooks: { fetcher: () => Promise.reject(new Error("no webhooks in these tests")), appUrl: "http://localhost:8787" } };
const minutes = (n: number) => n * 60_000;
type Event = { type: string; field: string | null; newValue: string | null; actorType: string; reason: string | null };

const eventsOf = async (token: string, ticketId: string) => (await call("GET", `/tickets/${ticketId}/events`, { token })).body.items as Event[];
const ticketOf = async (token: string, ticketId: string) => (await call("GET", `/tickets/${ticketId}`, { token })).body;
const firedCount = async (id: string) => (await env.DB.prepare("select fired_count as n from triggers where id = ?").bind(id).first<{ n: number }>())!.n;
const deliveries = async (webhookId: string) =>
  (await env.DB.prepare("select event, body from webhook_deliveries where webhook_id = ? order by created_at, id").bind(webhookId).all<{ event: string; body: string }>()).results;

async function newTrigger(token: string, body: Record<string, unknown>) {
  const res = await call("POST", "/triggers", { token, body: { conditions: { all: [], any: [] }, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
}

async function webhook(token: string, body: Record<string, unknown>) {
  const res = await call("POST", "/webhooks", { token, body: { name: "Hook", url: "https://hooks.example.com/kefu", format: "json", ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.webhook as { id: string };
}

/** A workspace with a 30-minute first-reply target, warned 10 minutes before, and a ticket under it: its deadline. */
async function ticketUnderSla(name: string) {
  const ws = await newWorkspace(name);
  const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Fast", conditions: {}, warnBeforeMinutes: 10, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
  expect(policy.status).toBe(201);
  return { ws, due: async (ticketId: string) => new Date((await call("GET", `/tickets/${ticketId}/sla`, { token: ws.token })).body.clocks[0].dueAt).getTime() };
}

describe("SLA alerts raise sla_warning and sla_breach", () => {
  it("triggers run once per alert (two runs at once), in the history with the trigger as the reason; subscribers get one payload per alert; call_webhook posts the trigger's", { timeout: 120_000 }, async () => {
    const { ws, due: dueOf } = await ticketUnderSla("SLA Triggers");
    const subscriber = await webhook(ws.token, { events: ["sla.warning", "sla.breach", "ticket.created"] });
    const slack = await webhook(ws.token, { url: "https://hooks.slack.example/services/T0/B0/X", format: "slack", events: ["sla.breach"] });
    const pager = await webhook(ws.token, { url: "https://pager.example.com/kefu", events: ["ticket.solved"] });
    const warned = await newTrigger(ws.token, { name: "Warned", events: ["sla_warning"], actions: [{ type: "add_tags", tags: ["sla_warned"] }, { type: "add_note", body: "First reply due soon: {{ticket.subject}}" }] });
    const breached = await newTrigger(ws.token, {
      name: "Breached",
      events: ["sla_breach"],
      conditions: { all: [{ field: "tags", op: "contains_any", value: ["sla_warned"] }], any: [] },
      actions: [{ type: "set_priority", value: "urgent" }, { type: "add_tags", tags: ["sla_breached"] }, { type: "call_webhook", webhookId: pager.id }],
    });
    const ticket = await newTicket(ws.token);
    const due = await dueOf(ticket.id);
    const before = await deliveries(subscriber.id); // ticket.created

    await Promise.all([runSlaTick(db, channels, new Date(due - minutes(5))), runSlaTick(db, channels, new Date(due - minutes(5)))]);
    await runSlaTick(db, channels, new Date(due - minutes(4)));
    expect(await firedCount(warned.id)).toBe(1);
    expect((await ticketOf(ws.token, ticket.id)).tags).toEqual(["sla_warned"]);
    const warnedRows = (await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === `trigger:${warned.id}:Warned`);
    expect(warnedRows.map((e) => [e.type, e.actorType, e.field])).toEqual([
      ["field_change", "system", "tags"],
      ["internal_note", "system", null],
    ]);
    const notes = (await call("GET", `/tickets/${ticket.id}/messages`, { token: ws.token })).body.items.filter((m: { kind: string }) => m.kind === "note");
    expect(notes.map((m: { bodyText: string }) => m.bodyText)).toEqual(["First reply due soon: Tea arrived broken"]);

    const [a, b] = await Promise.all([runSlaTick(db, channels, new Date(due + minutes(1))), runSlaTick(db, channels, new Date(due + minutes(1)))]);
    await runSlaTick(db, channels, new Date(due + minutes(2)));
    expect(a.breaches + b.breaches).toBe(1);
    expect(await firedCount(breached.id)).toBe(1);
    expect(await firedCount(warned.id)).toBe(1);
    expect(await ticketOf(ws.token, ticket.id)).toMatchObject({ priority: "urgent", tags: ["sla_breached", "sla_warned"] });
    const breachedRows = (await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === `trigger:${breached.id}:Breached`);
    expect(breachedRows.map((e) => [e.type, e.field, e.newValue])).toEqual([
      ["field_change", "priority", "urgent"],
      ["field_change", "tags", '["sla_breached","sla_warned"]'],
    ]);

    // The subscriber: the ticket's creation, then one alert payload each (with the deadline), none from the hook besides.
    const posted = (await deliveries(subscriber.id)).slice(before.length);
    expect(posted.map((d) => d.event)).toEqual(["sla.warning", "sla.breach"]);
    const breach = JSON.parse(posted[1]!.body);
    expect(breach).toMatchObject({ event: "sla.breach", ticket: { id: ticket.id, priority: "urgent" }, sla: { metric: "first_reply", dueAt: new Date(due).toISOString() } });
    expect((await deliveries(slack.id)).map((d) => d.event)).toEqual(["sla.breach"]);
    // The trigger's call: the ticket-event payload, naming the trigger and what it changed.
    const called = await deliveries(pager.id);
    expect(called.map((d) => d.event)).toEqual(["sla.breach"]);
    expect(JSON.parse(called[0]!.body)).toMatchObject({
      event: "sla.breach",
      ticket: { id: ticket.id, number: ticket.number, priority: "urgent" },
      changes: [{ field: "priority", from: "normal", to: "urgent" }, { field: "tags" }],
      trigger: { id: breached.id, name: "Breached" },
    });
  });

  it("a workspace's broken trigger does not stop its alert nor another workspace's triggers; the failure is where its admins see it", { timeout: 120_000 }, async () => {
    const broken = await ticketUnderSla("SLA Broken Trigger");
    const fine = await ticketUnderSla("SLA Fine Trigger");
    const bad = await newTrigger(broken.ws.token, { name: "Tag breaches", events: ["sla_breach"], actions: [{ type: "add_tags", tags: ["breached"] }] });
    await newTrigger(fine.ws.token, { name: "Tag breaches", events: ["sla_breach"], actions: [{ type: "add_tags", tags: ["breached"] }] });
    // Stored data the API would refuse (an old version's, a hand edit): evaluating it throws.
    await env.DB.prepare("update triggers set conditions = ? where id = ?").bind(JSON.stringify({ all: [{ field: "no_such_field" }], any: [] }), bad.id).run();
    const brokenTicket = await newTicket(broken.ws.token);
    const fineTicket = await newTicket(fine.ws.token);
    const at = Math.max(await broken.due(brokenTicket.id), await fine.due(fineTicket.id)) + minutes(1);
    sent.length = 0;

    const result = await runSlaTick(db, channels, new Date(at));
    expect(result.breaches).toBeGreaterThanOrEqual(2);
    expect((await ticketOf(fine.ws.token, fineTicket.id)).tags).toEqual(["breached"]);
    expect((await ticketOf(broken.ws.token, brokenTicket.id)).tags).toEqual([]);
    // The broken workspace's alert still went out, once.
    expect(sent.filter((m) => m.to === broken.ws.email && m.subject.includes("SLA breached"))).toHaveLength(1);
    const alerts = await env.DB.prepare("select kind from sla_alerts where ticket_id = ?").bind(brokenTicket.id).all<{ kind: string }>();
    expect(alerts.results.map((r) => r.kind)).toContain("breach");
    const failures = (await call("GET", "/background-failures", { token: broken.ws.token })).body.items;
    expect(failures).toEqual([expect.objectContaining({ kind: "sla_alert", itemId: `${brokenTicket.id}/triggers`, ticketNumber: brokenTicket.number, error: expect.stringContaining("Triggers on sla_breach did not run") })]);
    expect((await call("GET", "/background-failures", { token: fine.ws.token })).body.items).toEqual([]);

    // A later tick does not run them again for the same alert, nor raise it twice.
    await runSlaTick(db, channels, new Date(at + minutes(1)));
    expect(sent.filter((m) => m.to === broken.ws.email && m.subject.includes("SLA breached"))).toHaveLength(1);
  });
});
