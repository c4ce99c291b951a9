import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";

/**
 * An automation's notify action in the cron (docs/notifications.md "Rules"), the VIP preset telling
 * a group's lead, the digest mail carrying the rule's words, and the notice the cron's automatic
 * assignment gives.
 */

const MINUTE = 60_000;
type Notice = { userId: string; text: string | null; actorName: string | null };
const told = async (ticketId: string, text: string) =>
  (await env.DB.prepare("select user_id as userId from notifications where ticket_id = ? and kind = 'rule' and text = ?").bind(ticketId, text).all<{ userId: string }>()).results.map((r) => r.userId).sort();
const ruleNotices = async (ticketId: string) => (await env.DB.prepare("select user_id as userId, text, actor_name as actorName from notifications where ticket_id = ? and kind = 'rule'").bind(ticketId).all<Notice>()).results;
const notesOf = async (token: string, ticketId: string) =>
  ((await call("GET", `/tickets/${ticketId}/messages`, { token })).body.items as { kind: string; bodyText: string }[]).filter((m) => m.kind === "note").map((m) => m.bodyText);
const sorted = (...ids: string[]) => [...ids].sort();

/** An automation that fires on a ticket tagged `tag` once it is an hour old. */
async function hourOldAutomation(token: string, name: string, tag: string, actions: unknown[]) {
  const conditions = { all: [{ field: "tags", op: "contains_any", value: [tag] }, { field: "hours_since", since: "created", op: "gt", value: 1 }], any: [] };
  const automation = await call("POST", "/automations", { token, body: { name, conditions, actions } });
  expect(automation.status, JSON.stringify(automation.body)).toBe(201);
  return automation.body as { id: string };
}

async function newGroup(token: string, name: string, members: string[], leadUserId: string | null = null) {
  const group = await call("POST", "/groups", { token, body: { name, ...(leadUserId ? { leadUserId } : {}) } });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  for (const userId of members) expect((await call("POST", `/groups/${group.body.id}/members`, { token, body: { userId } })).status).toBe(200);
  return group.body as { id: string };
}

describe("automations notify", () => {
  it("the VIP preset tells the group's lead once; a group without a lead, its members; the digest mail carries the words and the rule", { timeout: 180_000 }, async () => {
    const ws = await newWorkspace("Cron Notices");
    const [ann, ben] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben")];
    const led = await newGroup(ws.token, "Led Desk", [ann.user.id, ben.user.id], ann.user.id);
    const unled = await newGroup(ws.token, "Unled Desk", [ann.user.id, ben.user.id]);
    // Added without a group: it watches every VIP ticket and tells the lead of the ticket's group.
    const preset = await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "vip_unassigned_30m" } });
    expect(preset.status, JSON.stringify(preset.body)).toBe(201);
    expect(preset.body.actions).toEqual([expect.objectContaining({ type: "notify", to: "group_lead", id: null })]);
    const text = preset.body.actions[0].text as string;
    const vip = (await call("POST", "/customers", { token: ws.token, body: { name: "Very Important", emails: ["vip@example.com"], tier: "vip" } })).body;
    const inLed = await newTicket(ws.token, { groupId: led.id, requester: { id: vip.id } });
    const inUnled = await newTicket(ws.token, { groupId: unled.id, requester: { id: vip.id } });
    const standard = await newTicket(ws.token, { groupId: led.id });
    const start = Date.now();

    await tick(new Date(start + 20 * MINUTE));
    expect(await told(inLed.id, text)).toEqual([]);
    await tick(new Date(start + 31 * MINUTE));
    expect(await told(inLed.id, text)).toEqual([ann.user.id]);
    expect(await told(inUnled.id, text)).toEqual(sorted(ann.user.id, ben.user.id));
    expect(await told(standard.id, text)).toEqual([]);
    expect((await ruleNotices(inLed.id))[0]!.actorName).toBe(preset.body.name);
    expect(await notesOf(ws.token, inLed.id)).toContain(`Notified Ann: ${text}`);
    expect(await notesOf(ws.token, inUnled.id)).toContain(`Notified Ann, Ben (the group has no lead: its members): ${text}`);
    // Later ticks: the same window, no second notice.
    await tick(new Date(start + 45 * MINUTE));
    expect(await told(inLed.id, text)).toEqual([ann.user.id]);

    // The digest (quiet for 2 minutes) lists the rule's notice with its name and words.
    const mail = await env.DB.prepare("select subject, body_text as bodyText from outbound_messages where tenant_id = ? and purpose = 'notification' and to_address = ?").bind(ws.workspace.id, ben.email).all<{ subject: string; bodyText: string }>();
    expect(mail.results.map((m) => m.bodyText).join("\n")).toContain(`Rule “${preset.body.name}” on #${inUnled.number}: ${text}`);
  });

  it("tells the assignee, a person, a group; nobody assigned or a deactivated person: nobody, said in the history", { timeout: 180_000 }, async () => {
    const ws = await newWorkspace("Cron Targets");
    const [ann, ben, cy] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben"), await newMember(ws.token, "agent", "Cy")];
    const desk = await newGroup(ws.token, "Desk", [ann.user.id, ben.user.id, cy.user.id]);
    const automation = await hourOldAutomation(ws.token, "Hour old", "watch", [
      { type: "notify", to: "assignee", text: "Assignee, look" },
      { type: "notify", to: "user", id: cy.user.id, text: "Cy, look" },
      { type: "notify", to: "group", id: desk.id, text: "Desk, look" },
    ]);
    const assigned = await newTicket(ws.token, { groupId: desk.id, assigneeId: ben.user.id, tags: ["watch"] });
    const nobody = await newTicket(ws.token, { tags: ["watch"] });
    expect((await call("PATCH", `/users/${cy.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);

    await tick(new Date(Date.now() + 61 * MINUTE));
    expect(await told(assigned.id, "Assignee, look")).toEqual([ben.user.id]);
    expect(await told(assigned.id, "Desk, look")).toEqual(sorted(ann.user.id, ben.user.id));
    expect(await told(assigned.id, "Cy, look")).toEqual([]);
    expect(await notesOf(ws.token, assigned.id)).toContain("Nobody was notified: the agent is deactivated or gone. (Cy, look)");
    expect(await told(nobody.id, "Assignee, look")).toEqual([]);
    expect(await notesOf(ws.token, nobody.id)).toContain("Nobody was notified: the ticket has no assignee. (Assignee, look)");
    const events = (await call("GET", `/tickets/${nobody.id}/events`, { token: ws.token })).body.items as { type: string; reason: string | null }[];
    expect(events.filter((e) => e.reason === `automation:${automation.id}:Hour old`).map((e) => e.type)).toEqual(["internal_note", "internal_note", "internal_note"]);
  });
});

describe("an automation's effects see the ticket as its own changes leave it", () => {
  it("set assignee + notify assignee tells the new assignee; set group + notify group_lead tells the new group's lead; the follow-up task is the new assignee's", { timeout: 180_000 }, async () => {
    const ws = await newWorkspace("Cron Hand Over");
    const [ann, ben, cy] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben"), await newMember(ws.token, "agent", "Cy")];
    const first = await newGroup(ws.token, "First Line", [ann.user.id], ann.user.id);
    const second = await newGroup(ws.token, "Second Line", [ben.user.id, cy.user.id], cy.user.id);
    await hourOldAutomation(ws.token, "Hand over", "handover", [
      { type: "set_group", groupId: second.id },
      { type: "set_assignee", assigneeId: ben.user.id },
      { type: "notify", to: "assignee", text: "Yours now" },
      { type: "notify", to: "group_lead", text: "Your desk has it" },
      { type: "create_follow_up", dueInBusinessDays: 2 },
    ]);
    const ticket = await newTicket(ws.token, { groupId: first.id, assigneeId: ann.user.id, tags: ["handover"] });

    await tick(new Date(Date.now() + 61 * MINUTE));
    const after = (await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body;
    expect([after.groupId, after.assigneeId]).toEqual([second.id, ben.user.id]);
    // Before: the previous assignee (Ann) and the old group's lead (Ann) were told.
    expect(await told(ticket.id, "Yours now")).toEqual([ben.user.id]);
    expect(await told(ticket.id, "Your desk has it")).toEqual([cy.user.id]);
    expect(await notesOf(ws.token, ticket.id)).toEqual(expect.arrayContaining(["Notified Ben: Yours now", "Notified Cy: Your desk has it"]));
    const task = await env.DB.prepare("select assignee_id as assigneeId, group_id as groupId from tickets where task_of_id = ?").bind(ticket.id).first<{ assigneeId: string; groupId: string }>();
    expect(task).toEqual({ assigneeId: ben.user.id, groupId: second.id });
  });
});

describe("the cron's automatic assignment tells the agent", () => {
  it("a waiting ticket given to an agent once they are available: the assigned notice, once", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Cron Assigned");
    const ann = await newMember(ws.token, "agent", "Ann");
    const desk = await newGroup(ws.token, "Queue Desk", [ann.user.id]);
    expect((await call("PUT", `/groups/${desk.id}/assignment`, { token: ws.token, body: { method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null } })).status).toBe(200);
    const waiting = await newTicket(ws.token, { groupId: desk.id });
    expect(waiting.assigneeId).toBeNull();
    await tick(new Date());
    expect((await call("PUT", `/users/${ann.user.id}/availability`, { token: ann.token, body: { available: true } })).status).toBe(200);
    await tick(new Date());
    expect((await call("GET", `/tickets/${waiting.id}`, { token: ws.token })).body.assigneeId).toBe(ann.user.id);
    const notices = (await env.DB.prepare("select user_id as userId, actor_name as actorName from notifications where ticket_id = ? and kind = 'assigned'").bind(waiting.id).all()).results;
    expect(notices).toEqual([{ userId: ann.user.id, actorName: "Queue Desk" }]);
    const bell = (await call("GET", "/notifications", { token: ann.token })).body.items as { kind: string; ticketId: string }[];
    expect(bell).toContainEqual(expect.objectContaining({ kind: "assigned", ticketId: waiting.id }));
  });
});
