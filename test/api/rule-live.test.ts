import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../workers/core/live/live-events";
import type { ServerMessage } from "../../workers/core/live/live-protocol";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { connect, eventOf, isEvents, type Client } from "../helpers/live-client";

/**
 * What rules do reaches open pages and bells live (docs/notifications.md "Live updates"): a
 * satisfaction rating's, an SLA alert's and an automation's changes publish the ticket's update
 * after they commit, as the API's change does; rule notices and automatic assignment's `assigned`
 * notice ring the bell as a manual assignment's does. Real Worker, D1 and live Durable Object.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;

type Notification = Extract<LiveEvent, { type: "notification" }>;
const bellOf = (userId: string, kind: Notification["kind"], ticketId: string) => (m: ServerMessage): m is Extract<ServerMessage, { type: "events" }> =>
  isEvents(m) && m.events.some((e) => e.type === "notification" && e.kind === kind && e.ticketId === ticketId && e.userIds.includes(userId));
const updateIn = async (client: Client, ticketId: string) => (await client.next(eventOf("ticket.updated", ticketId))).events.find((e) => e.type === "ticket.updated" && e.ticketId === ticketId);

async function newTrigger(token: string, body: Record<string, unknown>) {
  const res = await call("POST", "/triggers", { token, body: { conditions: { all: [], any: [] }, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function roundRobinDesk(token: string, members: string[]) {
  const group = (await call("POST", "/groups", { token, body: { name: `Desk ${Math.random().toString(36).slice(2, 7)}` } })).body as { id: string };
  for (const userId of members) expect((await call("POST", `/groups/${group.id}/members`, { token, body: { userId } })).status).toBe(200);
  expect((await call("PUT", `/groups/${group.id}/assignment`, { token, body: { method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null } })).status).toBe(200);
  return group;
}

const notifyAssignee = (text: string) => ({ type: "notify", to: "assignee", id: null, text });

describe("rule changes reach open pages live", () => {
  it("a satisfaction rating whose trigger raises the priority and tells the assignee", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Live Ratings");
    const agent = await newMember(ws.token, "agent", "Ann");
    await newTrigger(ws.token, { name: "Bad rating", events: ["rating_received"], conditions: { all: [{ field: "rating", op: "is", value: ["bad"] }], any: [] }, actions: [{ type: "set_priority", value: "high" }, notifyAssignee("Call them back")] });
    const ticket = await newTicket(ws.token, { assigneeId: agent.user.id });
    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "Sorted.", status: "solved" } });
    expect(reply.status).toBe(201);
    await tick(new Date(Date.parse(reply.body.ticket.solvedAt) + 24 * HOUR + 1000));
    const mail = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token: ws.token })).body.items as { purpose: string; bodyText: string }[];
    const path = new URL(mail.find((m) => m.purpose === "survey")!.bodyText.match(/https?:\/\/\S+\/survey\/\S+/)![0]).pathname;

    const watcher = await connect(agent.token);
    const answered = await exports.default.fetch(new Request(`https://kefu.test${path}`, { method: "POST", body: new URLSearchParams({ answer: "bad" }) }));
    expect(answered.status).toBe(200);
    expect(await updateIn(watcher, ticket.id)).toMatchObject({ changes: { priority: "high" }, fields: ["priority"], actor: { type: "system", id: null } });
    await watcher.next(bellOf(agent.user.id, "rule", ticket.id));
  });

  it("an SLA warning whose trigger raises the priority and tells the assignee (the cron, no request)", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Live SLA");
    const agent = await newMember(ws.token, "agent", "Ann");
    const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Fast", conditions: {}, warnBeforeMinutes: 10, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
    expect(policy.status).toBe(201);
    await newTrigger(ws.token, { name: "Warned", events: ["sla_warning"], actions: [{ type: "set_priority", value: "high" }, notifyAssignee("Reply soon")] });
    const ticket = await newTicket(ws.token, { assigneeId: agent.user.id });
    const due = new Date((await call("GET", `/tickets/${ticket.id}/sla`, { token: ws.token })).body.clocks[0].dueAt).getTime();

    const watcher = await connect(agent.token);
    await tick(new Date(due - 5 * MINUTE));
    expect(await updateIn(watcher, ticket.id)).toMatchObject({ changes: { priority: "high" }, actor: { type: "system", id: null } });
    await watcher.next(bellOf(agent.user.id, "rule", ticket.id));
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.priority).toBe("high");
  });

  it("an automation's firing (the cron): its change and its notice", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Live Automations");
    const agent = await newMember(ws.token, "agent", "Ann");
    const conditions = { all: [{ field: "hours_since", since: "created", op: "gt", value: 1 }, { field: "tags", op: "contains_any", value: ["chase"] }], any: [] };
    const automation = await call("POST", "/automations", { token: ws.token, body: { name: "Chase", conditions, actions: [{ type: "set_priority", value: "urgent" }, notifyAssignee("Still waiting")] } });
    expect(automation.status, JSON.stringify(automation.body)).toBe(201);
    const ticket = await newTicket(ws.token, { assigneeId: agent.user.id, tags: ["chase"] });

    const watcher = await connect(agent.token);
    await tick(new Date(Date.parse(ticket.createdAt) + 2 * HOUR));
    expect(await updateIn(watcher, ticket.id)).toMatchObject({ changes: { priority: "urgent" }, actor: { type: "system", id: null } });
    await watcher.next(bellOf(agent.user.id, "rule", ticket.id));
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.priority).toBe("urgent");
  });
});

describe("rule notices and automatic assignment ring the bell live", () => {
  it("a trigger's notice on the API's change", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace("Live Trigger Notices");
    const agent = await newMember(ws.token, "agent", "Ann");
    await newTrigger(ws.token, { name: "Urgent", events: ["ticket_updated"], conditions: { all: [{ field: "priority", op: "is", value: ["urgent"] }], any: [] }, actions: [notifyAssignee("Urgent now")] });
    const ticket = await newTicket(ws.token, { assigneeId: agent.user.id });
    const watcher = await connect(agent.token);
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { priority: "urgent" } })).status).toBe(200);
    await watcher.next(bellOf(agent.user.id, "rule", ticket.id));
  });

  it("a new ticket assigned by its group's method; a waiting one the cron assigns once the agent is available", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Live Assigned");
    const agent = await newMember(ws.token, "agent", "Ann");
    const desk = await roundRobinDesk(ws.token, [agent.user.id]);
    const watcher = await connect(agent.token);

    // Unavailable: the ticket waits; the cron gives it to them once they are available.
    const waiting = await newTicket(ws.token, { groupId: desk.id });
    expect(waiting.assigneeId).toBeNull();
    expect((await call("PUT", `/users/${agent.user.id}/availability`, { token: agent.token, body: { available: true } })).status).toBe(200);
    await tick(new Date());
    expect(await updateIn(watcher, waiting.id)).toMatchObject({ changes: { assigneeId: agent.user.id }, actor: { type: "system", id: null } });
    await watcher.next(bellOf(agent.user.id, "assigned", waiting.id));

    // Available: a new ticket in the desk is theirs in its own write.
    const fresh = await newTicket(ws.token, { groupId: desk.id });
    expect(fresh.assigneeId).toBe(agent.user.id);
    await watcher.next(bellOf(agent.user.id, "assigned", fresh.id));
  });
});
