import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

/**
 * Triggers' `assign_by_group_method` and `create_follow_up` (issue 15, docs/rules.md, docs/assignment.md "Rules"),
 * and a trigger that routes a new ticket into a group that assigns automatically: real D1, through the API.
 */

type Event = { type: string; field: string | null; newValue: string | null; actorType: string; reason: string | null };

const newTrigger = async (token: string, body: Record<string, unknown>) => {
  const res = await call("POST", "/triggers", { token, body: { conditions: { all: [], any: [] }, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string };
};
const eventsOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}/events`, { token })).body.items as Event[];
const ticketOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}`, { token })).body;
const available = async (token: string, userId: string) => expect((await call("PUT", `/users/${userId}/availability`, { token, body: { available: true } })).status).toBe(200);

async function assigningGroup(token: string, members: string[], method = "round_robin") {
  const group = (await call("POST", "/groups", { token, body: { name: `Desk ${Math.random().toString(36).slice(2, 7)}` } })).body as { id: string };
  for (const userId of members) expect((await call("POST", `/groups/${group.id}/members`, { token, body: { userId } })).status).toBe(200);
  const put = await call("PUT", `/groups/${group.id}/assignment`, { token, body: { method, cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return group;
}

async function deskWithAgent() {
  const ws = await newWorkspace("Assign By Rule");
  const agent = await newMember(ws.token, "agent", "Ann Agent");
  await available(agent.token, agent.user.id);
  const desk = await assigningGroup(ws.token, [agent.user.id]);
  return { ws, agent, desk };
}

const assignmentRows = (events: Event[]) => events.filter((e) => e.field === "assigneeId" && e.newValue !== null);

describe("triggers assign by the group's method and create follow-up tasks", () => {
  it("a trigger that routes complaints to a group that assigns automatically: assigned in the creating write, by the group's method, once", { timeout: 120_000 }, async () => {
    const { ws, agent, desk } = await deskWithAgent();
    const route = await newTrigger(ws.token, { name: "Complaints to the desk", events: ["ticket_created"], conditions: { all: [{ field: "type", op: "is", value: ["complaint"] }], any: [] }, actions: [{ type: "set_group", groupId: desk.id }] });
    const created = await newTicket(ws.token, { type: "complaint", subject: "The tea was damp" });
    // The API's answer already says so: the same write assigned it.
    expect(created).toMatchObject({ groupId: desk.id, assigneeId: agent.user.id });
    expect(await ticketOf(ws.token, created.id)).toMatchObject({ groupId: desk.id, assigneeId: agent.user.id });
    const events = await eventsOf(ws.token, created.id);
    expect(events).toContainEqual(expect.objectContaining({ field: "groupId", newValue: desk.id, reason: `trigger:${route.id}:Complaints to the desk` }));
    expect(assignmentRows(events)).toEqual([expect.objectContaining({ newValue: agent.user.id, actorType: "system", reason: `assignment:round_robin:${desk.id}` })]);
    // A question is left alone.
    expect((await newTicket(ws.token, { type: "question" })).assigneeId).toBeNull();
  });

  it("the same by email: a trigger routes the mailed ticket into the desk, which assigns it in the mail's own write", { timeout: 120_000 }, async () => {
    const { ws, agent, desk } = await deskWithAgent();
    await newTrigger(ws.token, { name: "Refunds to the desk", events: ["ticket_created"], conditions: { all: [{ field: "text", op: "contains_any", value: ["退款"] }], any: [] }, actions: [{ type: "set_group", groupId: desk.id }] });
    const mailed = await deliverEmail(email({ to: `${ws.slug}@kefu.localhost`, subject: "退货", body: "您好，我想申请退款。" }), { from: "li.wei@example.com", to: `${ws.slug}@kefu.localhost` });
    expect(mailed.error).toBeNull();
    const id = await env.DB.prepare("select id from tickets where tenant_id = ? and subject = '退货'").bind(ws.workspace.id).first<string>("id");
    expect(await ticketOf(ws.token, id!)).toMatchObject({ groupId: desk.id, assigneeId: agent.user.id });
    expect(assignmentRows(await eventsOf(ws.token, id!))).toEqual([expect.objectContaining({ newValue: agent.user.id, reason: `assignment:round_robin:${desk.id}` })]);
  });

  it("assign_by_group_method on a stored ticket: assigned in the update's write with the trigger as the reason; otherwise a note says why not", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Assign Stored");
    const agent = await newMember(ws.token, "agent", "Ann Agent");
    const desk = await assigningGroup(ws.token, [agent.user.id]);
    const off = (await call("POST", "/groups", { token: ws.token, body: { name: "Manual desk" } })).body as { id: string };
    const name = "Urgent: assign now";
    const rule = await newTrigger(ws.token, { name, events: ["ticket_updated"], conditions: { all: [{ field: "priority", op: "is", value: ["urgent"] }], any: [] }, actions: [{ type: "assign_by_group_method" }] });
    const reason = `trigger:${rule.id}:${name}`;
    const notesBy = async (id: string) => (await eventsOf(ws.token, id)).filter((e) => e.reason === reason).map((e) => e.type);
    // A ticket in a group that does not assign automatically: the trigger cannot, and says so.
    const manual = await newTicket(ws.token, { groupId: off.id });
    expect((await call("PATCH", `/tickets/${manual.id}`, { token: ws.token, body: { priority: "urgent" } })).body.assigneeId).toBeNull();
    expect(await notesBy(manual.id)).toEqual(["internal_note"]);

    // Waiting in the desk (nobody was available when it came in), then the agent is there: the trigger assigns it when it turns urgent.
    const waiting = await newTicket(ws.token, { groupId: desk.id });
    expect(waiting.assigneeId).toBeNull();
    await available(agent.token, agent.user.id);
    const urgent = await call("PATCH", `/tickets/${waiting.id}`, { token: ws.token, body: { priority: "urgent" } });
    expect(urgent.body.assigneeId).toBe(agent.user.id);
    expect(await ticketOf(ws.token, waiting.id)).toMatchObject({ assigneeId: agent.user.id });
    expect(assignmentRows(await eventsOf(ws.token, waiting.id))).toEqual([expect.objectContaining({ newValue: agent.user.id, actorType: "system", reason })]);
    expect(await notesBy(waiting.id)).toEqual(["field_change"]);

    // Urgent again later: it keeps its agent, and a note says why.
    await call("PATCH", `/tickets/${waiting.id}`, { token: ws.token, body: { priority: "high" } });
    await call("PATCH", `/tickets/${waiting.id}`, { token: ws.token, body: { priority: "urgent" } });
    expect(assignmentRows(await eventsOf(ws.token, waiting.id))).toHaveLength(1);
    expect(await notesBy(waiting.id)).toEqual(["field_change", "internal_note"]);
  });

  it("a note_added trigger assigns a waiting ticket in the note's write, and the answer says so", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Assign On Note");
    const agent = await newMember(ws.token, "agent", "Ann Agent");
    const desk = await assigningGroup(ws.token, [agent.user.id]);
    const waiting = await newTicket(ws.token, { groupId: desk.id });
    expect(waiting.assigneeId).toBeNull();
    await available(agent.token, agent.user.id);
    const rule = await newTrigger(ws.token, { name: "Noted: assign", events: ["note_added"], actions: [{ type: "assign_by_group_method" }] });
    const noted = await call("POST", `/tickets/${waiting.id}/messages`, { token: ws.token, body: { kind: "note", body: "Looking into it" } });
    expect(noted.status, JSON.stringify(noted.body)).toBe(201);
    expect(noted.body.ticket.assigneeId).toBe(agent.user.id);
    expect(assignmentRows(await eventsOf(ws.token, waiting.id))).toEqual([expect.objectContaining({ newValue: agent.user.id, reason: `trigger:${rule.id}:Noted: assign` })]);
  });

  it("assign_by_group_method on creation, with the trigger as the reason, one history row (the write's own assignment stands aside)", { timeout: 120_000 }, async () => {
    const { ws, agent, desk } = await deskWithAgent();
    const name = "VIP words: assign";
    const rule = await newTrigger(ws.token, { name, events: ["ticket_created"], conditions: { all: [{ field: "text", op: "contains_any", value: ["加急"] }], any: [] }, actions: [{ type: "assign_by_group_method" }] });
    const created = await newTicket(ws.token, { groupId: desk.id, subject: "加急 order", description: "请加急" });
    expect(created.assigneeId).toBe(agent.user.id);
    const rows = assignmentRows(await eventsOf(ws.token, created.id));
    expect(rows).toEqual([expect.objectContaining({ newValue: agent.user.id, actorType: "system", reason: `trigger:${rule.id}:${name}` })]);
    // A ticket the same trigger does not match is assigned by the desk as before.
    const plain = await newTicket(ws.token, { groupId: desk.id, subject: "Normal" });
    expect(assignmentRows(await eventsOf(ws.token, plain.id))).toEqual([expect.objectContaining({ reason: `assignment:round_robin:${desk.id}` })]);
  });

  it("create_follow_up: a 回访 task linked to the ticket, for its assignee, due per the calendar, in the solving write, the trigger as the reason", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Follow Up Trigger");
    const agent = await newMember(ws.token, "agent", "Bo Agent");
    const name = "Solved complaint: 回访";
    const rule = await newTrigger(ws.token, {
      name,
      events: ["ticket_solved"],
      conditions: { all: [{ field: "type", op: "is", value: ["complaint"] }], any: [] },
      actions: [{ type: "create_follow_up", dueInBusinessHours: 4 }],
    });
    const complaint = await newTicket(ws.token, { type: "complaint", subject: "投诉：茶叶受潮", assigneeId: agent.user.id });
    const before = Date.now();
    expect((await call("PATCH", `/tickets/${complaint.id}`, { token: agent.token, body: { status: "solved" } })).status).toBe(200);
    const tasks = await env.DB.prepare("select id, type, status, assignee_id as assigneeId, requester_id as requesterId, due_at as dueAt, subject from tickets where task_of_id = ?")
      .bind(complaint.id)
      .all<{ id: string; type: string; status: string; assigneeId: string; requesterId: string; dueAt: number; subject: string }>();
    expect(tasks.results).toHaveLength(1);
    const task = tasks.results[0]!;
    expect(task).toMatchObject({ type: "task", status: "open", assigneeId: agent.user.id, requesterId: complaint.requesterId });
    expect(task.subject).toContain("投诉：茶叶受潮");
    // No calendar: 4 hours of calendar time.
    expect(task.dueAt).toBeGreaterThanOrEqual(before + 4 * 3_600_000);
    expect(task.dueAt).toBeLessThanOrEqual(Date.now() + 4 * 3_600_000);
    const reason = `trigger:${rule.id}:${name}`;
    expect((await eventsOf(ws.token, complaint.id)).filter((e) => e.reason === reason).map((e) => e.type)).toEqual(["internal_note"]);
    expect((await eventsOf(ws.token, task.id)).filter((e) => e.type === "field_change").every((e) => e.actorType === "system" && e.reason === reason)).toBe(true);
    // Once per event: reopening and solving again makes a second task, a plain update none.
    await call("PATCH", `/tickets/${complaint.id}`, { token: ws.token, body: { priority: "high" } });
    expect(Number(await env.DB.prepare("select count(*) as n from tickets where task_of_id = ?").bind(complaint.id).first("n"))).toBe(1);
  });

  it("create_follow_up on a ticket being created: the task follows the new ticket in the same write", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Follow Up On Create");
    await newTrigger(ws.token, { name: "Every complaint: 回访", events: ["ticket_created"], conditions: { all: [{ field: "type", op: "is", value: ["complaint"] }], any: [] }, actions: [{ type: "create_follow_up", dueInBusinessDays: 1 }] });
    const created = await newTicket(ws.token, { type: "complaint", subject: "Broken lid", requester: { email: "new.person@example.com", name: "New Person" } });
    const task = await env.DB.prepare("select subject, requester_id as requesterId, type from tickets where task_of_id = ?").bind(created.id).first<{ subject: string; requesterId: string; type: string }>();
    expect(task).toMatchObject({ type: "task", requesterId: created.requesterId });
    expect(task!.subject).toBe("回访 Follow up: Broken lid");
  });
});
