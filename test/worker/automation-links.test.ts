import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dueAutomations, runAutomations } from "../../workers/core/automations/automation-cron";
import { openDb } from "../../workers/core/db";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";

/**
 * Automations' apply_macro, call_webhook and assign_by_group_method (issue 15, docs/rules.md
 * "Automations", docs/assignment.md "Rules"): real D1, the automations step as a tick runs it.
 */

const db = openDb(env.DB);
const HOUR = 3_600_000;
const channels = { mail: { mailDomain: "kefu.test" } };
const runStep = async (at: Date) => runAutomations(db, channels, await dueAutomations(db, at), at);

type Event = { type: string; field: string | null; newValue: string | null; actorType: string; reason: string | null };
const eventsOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}/events`, { token })).body.items as Event[];
const ticketOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}`, { token })).body;
const count = async (sql: string, ...params: unknown[]) => Number(await env.DB.prepare(sql).bind(...params).first("n"));

const taggedOlderThanAnHour = (tag: string) => ({ all: [{ field: "hours_since", since: "created", op: "gt", value: 1 }, { field: "tags", op: "contains_any", value: [tag] }], any: [] });

async function newAutomation(token: string, name: string, conditions: unknown, actions: unknown[]) {
  const res = await call("POST", "/automations", { token, body: { name, conditions, actions } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const automation = res.body as { id: string; name: string };
  return { ...automation, reason: `automation:${automation.id}:${name}` };
}

async function assigningGroup(token: string, members: string[]) {
  const group = (await call("POST", "/groups", { token, body: { name: `Desk ${Math.random().toString(36).slice(2, 7)}` } })).body as { id: string };
  for (const userId of members) expect((await call("POST", `/groups/${group.id}/members`, { token, body: { userId } })).status).toBe(200);
  expect((await call("PUT", `/groups/${group.id}/assignment`, { token, body: { method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null } })).status).toBe(200);
  return group;
}
const available = async (token: string, userId: string, on = true) => expect((await call("PUT", `/users/${userId}/availability`, { token, body: { available: on } })).status).toBe(200);

describe("automations apply macros, call webhooks and assign by the group's method", () => {
  it("apply_macro: the shared macro's field actions, the automation as the reason; a macro that is gone leaves a note", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Automation Macro");
    const macro = (await call("POST", "/macros", { token: ws.token, body: { title: "Escalate", shared: true, actions: [{ type: "set_priority", value: "high" }, { type: "add_tags", tags: ["escalated"] }] } })).body as { id: string };
    const gone = (await call("POST", "/macros", { token: ws.token, body: { title: "Soon gone", shared: true, actions: [{ type: "set_type", value: "problem" }] } })).body as { id: string };
    const rule = await newAutomation(ws.token, "Old: escalate", taggedOlderThanAnHour("slow"), [{ type: "apply_macro", macroId: macro.id }, { type: "apply_macro", macroId: gone.id }]);
    expect((await call("DELETE", `/macros/${gone.id}`, { token: ws.token })).status).toBe(204);
    const ticket = await newTicket(ws.token, { tags: ["slow"] });
    const other = await newTicket(ws.token, { subject: "Not slow" });
    const result = await runStep(new Date(Date.now() + 2 * HOUR));
    expect(result.automationsFired).toBe(1);
    expect(await ticketOf(ws.token, ticket.id)).toMatchObject({ priority: "high", tags: ["escalated", "slow"], type: "question" });
    const byRule = (await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === rule.reason);
    expect(byRule.map((e) => [e.type, e.field]).sort()).toEqual([["field_change", "priority"], ["field_change", "tags"], ["internal_note", null]]);
    expect(await ticketOf(ws.token, other.id)).toMatchObject({ priority: "normal", tags: [] });
  });

  it("call_webhook: a delivery of the ticket as the automation left it, naming the automation; once per window", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Automation Webhook");
    const hook = (await call("POST", "/webhooks", { token: ws.token, body: { name: "Ops", url: "https://hooks.example.com/kefu", format: "json", events: ["sla.breach"] } })).body.webhook as { id: string };
    const rule = await newAutomation(ws.token, "Old: tell ops", taggedOlderThanAnHour("ops"), [{ type: "set_priority", value: "urgent" }, { type: "call_webhook", webhookId: hook.id }]);
    const ticket = await newTicket(ws.token, { tags: ["ops"] });
    const at = new Date(Date.now() + 2 * HOUR);
    await runStep(at);
    await runStep(new Date(at.getTime() + 10 * 60_000));
    const rows = await env.DB.prepare("select event, body from webhook_deliveries where webhook_id = ?").bind(hook.id).all<{ event: string; body: string }>();
    expect(rows.results).toHaveLength(1);
    const body = JSON.parse(rows.results[0]!.body);
    expect(rows.results[0]!.event).toBe("ticket.updated");
    expect(body).toMatchObject({ event: "ticket.updated", ticket: { id: ticket.id, priority: "urgent", tags: ["ops"] }, changes: [{ field: "priority", from: "normal", to: "urgent" }], trigger: { id: rule.id, name: "Old: tell ops" } });
  });

  it("assign_by_group_method: by round-robin, each firing of the tick seeing the ones before it, the automation as the reason, one history row each", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Automation Assign");
    const [away, ann, ben] = [await newMember(ws.token, "agent", "Away"), await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben")];
    const desk = await assigningGroup(ws.token, [away.user.id, ann.user.id, ben.user.id]);
    const rule = await newAutomation(ws.token, "Reassign away agents' tickets", taggedOlderThanAnHour("reassign"), [{ type: "set_assignee", assigneeId: null }, { type: "assign_by_group_method" }]);
    const first = await newTicket(ws.token, { groupId: desk.id, assigneeId: away.user.id, tags: ["reassign"] });
    const second = await newTicket(ws.token, { groupId: desk.id, assigneeId: away.user.id, tags: ["reassign"] });
    for (const a of [ann, ben]) await available(a.token, a.user.id);
    expect((await runStep(new Date(Date.now() + 2 * HOUR))).automationsFired).toBe(2);
    const assignees = [(await ticketOf(ws.token, first.id)).assigneeId, (await ticketOf(ws.token, second.id)).assigneeId];
    expect(assignees.sort()).toEqual([ann.user.id, ben.user.id].sort());
    for (const t of [first, second]) {
      const rows = (await eventsOf(ws.token, t.id)).filter((e) => e.field === "assigneeId" && e.newValue !== away.user.id);
      // The removal (null) and the assignment, both the automation's.
      expect(rows.map((e) => [e.newValue === null ? "removed" : "assigned", e.reason])).toEqual([
        ["removed", rule.reason],
        ["assigned", rule.reason],
      ]);
    }
  });

  it("assign_by_group_method: a waiting ticket is assigned once an agent is there; one in a group that does not assign gets a note", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Automation Assign Waiting");
    const ann = await newMember(ws.token, "agent", "Ann");
    const desk = await assigningGroup(ws.token, [ann.user.id]);
    const manual = (await call("POST", "/groups", { token: ws.token, body: { name: "Manual" } })).body as { id: string };
    const rule = await newAutomation(ws.token, "Unassigned an hour: assign", taggedOlderThanAnHour("vip"), [{ type: "assign_by_group_method" }]);
    const waiting = await newTicket(ws.token, { groupId: desk.id, tags: ["vip"] });
    const elsewhere = await newTicket(ws.token, { groupId: manual.id, tags: ["vip"] });
    expect(waiting.assigneeId).toBeNull();
    await available(ann.token, ann.user.id);
    await runStep(new Date(Date.now() + 2 * HOUR));
    expect((await ticketOf(ws.token, waiting.id)).assigneeId).toBe(ann.user.id);
    expect((await eventsOf(ws.token, waiting.id)).filter((e) => e.field === "assigneeId")).toEqual([expect.objectContaining({ newValue: ann.user.id, actorType: "system", reason: rule.reason })]);
    expect((await ticketOf(ws.token, elsewhere.id)).assigneeId).toBeNull();
    expect((await eventsOf(ws.token, elsewhere.id)).filter((e) => e.reason === rule.reason).map((e) => e.type)).toEqual(["internal_note"]);
    expect(await count("select count(*) as n from work_items where tenant_id = ? and kind = 'automation'", ws.workspace.id)).toBe(0);
  });

  it("assign_by_group_method with create_follow_up: the follow-up task is the agent the same firing assigns", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Automation Assign Follow Up");
    const ann = await newMember(ws.token, "agent", "Ann");
    const desk = await assigningGroup(ws.token, [ann.user.id]);
    await newAutomation(ws.token, "Assign and follow up", taggedOlderThanAnHour("callback"), [{ type: "assign_by_group_method" }, { type: "create_follow_up", dueInBusinessDays: 1 }]);
    const waiting = await newTicket(ws.token, { groupId: desk.id, tags: ["callback"] });
    expect(waiting.assigneeId).toBeNull();
    await available(ann.token, ann.user.id);
    await runStep(new Date(Date.now() + 2 * HOUR));
    expect((await ticketOf(ws.token, waiting.id)).assigneeId).toBe(ann.user.id);
    const task = await env.DB.prepare("select assignee_id as assigneeId, group_id as groupId from tickets where task_of_id = ?").bind(waiting.id).first();
    expect(task).toEqual({ assigneeId: ann.user.id, groupId: desk.id });
  });

  it("exactly once: two ticks at once assign the ticket once, with one firing, one history row and one delivery", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Automation Links Once");
    const ann = await newMember(ws.token, "agent", "Ann");
    const desk = await assigningGroup(ws.token, [ann.user.id]);
    const hook = (await call("POST", "/webhooks", { token: ws.token, body: { name: "Ops", url: "https://hooks.example.com/kefu", format: "json", events: ["sla.breach"] } })).body.webhook as { id: string };
    const rule = await newAutomation(ws.token, "Once", taggedOlderThanAnHour("once"), [{ type: "assign_by_group_method" }, { type: "call_webhook", webhookId: hook.id }]);
    const ticket = await newTicket(ws.token, { groupId: desk.id, tags: ["once"] });
    await available(ann.token, ann.user.id);
    const at = new Date(Date.now() + 2 * HOUR);
    const results = await Promise.all([runStep(at), runStep(at)]);
    expect(results.map((r) => r.automationsFired).sort()).toEqual([0, 1]);
    expect(await count("select count(*) as n from automation_firings where automation_id = ?", rule.id)).toBe(1);
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.field === "assigneeId")).toEqual([expect.objectContaining({ newValue: ann.user.id, reason: rule.reason })]);
    expect(await count("select count(*) as n from webhook_deliveries where webhook_id = ?", hook.id)).toBe(1);
  });
});
