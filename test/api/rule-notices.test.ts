import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

/**
 * A trigger's notify action (docs/notifications.md "Rules"), group leads, and the notice an
 * automatic assignment gives: real D1, through the API.
 */

type Notice = { kind: string; userId: string; text: string | null; actorName: string | null; ticketId: string };

const noticesOf = async (ticketId: string, kind = "rule") =>
  (await env.DB.prepare("select kind, user_id as userId, text, actor_name as actorName, ticket_id as ticketId from notifications where ticket_id = ? and kind = ? order by user_id, text").bind(ticketId, kind).all<Notice>()).results;
const told = async (ticketId: string, text: string) => (await noticesOf(ticketId)).filter((n) => n.text === text).map((n) => n.userId).sort();
const notesOf = async (token: string, ticketId: string) =>
  ((await call("GET", `/tickets/${ticketId}/messages`, { token })).body.items as { kind: string; bodyText: string }[]).filter((m) => m.kind === "note").map((m) => m.bodyText);

async function newGroup(token: string, name: string, members: string[]) {
  const group = await call("POST", "/groups", { token, body: { name } });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  for (const userId of members) expect((await call("POST", `/groups/${group.body.id}/members`, { token, body: { userId } })).status).toBe(200);
  return group.body as { id: string };
}

const newTrigger = async (token: string, body: Record<string, unknown>) => {
  const res = await call("POST", "/triggers", { token, body: { conditions: { all: [], any: [] }, events: ["ticket_created"], ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
};

const sorted = (...ids: string[]) => [...ids].sort();

describe("a trigger's notify action", () => {
  it("tells the assignee, a person, a group's active members and a group's lead (else its members), in the creating write; a deactivated agent is skipped; the bell shows the words and the rule", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rule Notices");
    const [ann, ben, cy] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben"), await newMember(ws.token, "agent", "Cy")];
    const desk = await newGroup(ws.token, "Desk", [ann.user.id, ben.user.id, cy.user.id]);
    await newTrigger(ws.token, {
      name: "Tell everyone",
      actions: [
        { type: "notify", to: "assignee", text: "For the assignee" },
        { type: "notify", to: "user", id: ben.user.id, text: "For Ben" },
        { type: "notify", to: "group", id: desk.id, text: "For the desk" },
        { type: "notify", to: "group_lead", id: null, text: "For the lead" },
      ],
    });

    const first = await newTicket(ws.token, { groupId: desk.id, assigneeId: ann.user.id });
    expect(await told(first.id, "For the assignee")).toEqual([ann.user.id]);
    expect(await told(first.id, "For Ben")).toEqual([ben.user.id]);
    expect(await told(first.id, "For the desk")).toEqual(sorted(ann.user.id, ben.user.id, cy.user.id));
    // No lead: the group's members, and the history says so.
    expect(await told(first.id, "For the lead")).toEqual(sorted(ann.user.id, ben.user.id, cy.user.id));
    expect((await noticesOf(first.id)).every((n) => n.actorName === "Tell everyone")).toBe(true);
    const notes = await notesOf(ws.token, first.id);
    expect(notes).toContain("Notified Ann: For the assignee");
    expect(notes).toContain("Notified Ann, Ben, Cy (the group has no lead: its members): For the lead");

    // The bell lists the rule's notice with its words and the rule's name.
    const bell = await call("GET", "/notifications", { token: ben.token });
    expect(bell.status).toBe(200);
    expect(bell.body.items).toContainEqual(expect.objectContaining({ kind: "rule", ticketId: first.id, text: "For Ben", actor: { type: "system", id: null, name: "Tell everyone" } }));

    // Ben leads the desk; Cy is deactivated.
    expect((await call("PATCH", `/groups/${desk.id}`, { token: ws.token, body: { leadUserId: ben.user.id } })).body.leadUserId).toBe(ben.user.id);
    expect((await call("PATCH", `/users/${cy.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);
    const second = await newTicket(ws.token, { groupId: desk.id, assigneeId: ann.user.id });
    expect(await told(second.id, "For the lead")).toEqual([ben.user.id]);
    expect(await told(second.id, "For the desk")).toEqual(sorted(ann.user.id, ben.user.id));
    expect(await notesOf(ws.token, second.id)).toContain("Notified Ben: For the lead");

    // Nobody assigned, no group: nobody told, and the history says why.
    const third = await newTicket(ws.token, {});
    expect(await told(third.id, "For the assignee")).toEqual([]);
    expect(await told(third.id, "For the lead")).toEqual([]);
    const why = await notesOf(ws.token, third.id);
    expect(why).toContain("Nobody was notified: the ticket has no assignee. (For the assignee)");
    expect(why).toContain("Nobody was notified: the ticket has no group. (For the lead)");

    // A deactivated person named by the rule: nobody, said in the history.
    await newTrigger(ws.token, { name: "Tell Ann", actions: [{ type: "notify", to: "user", id: ann.user.id, text: "For Ann" }] });
    expect((await call("PATCH", `/users/${ann.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);
    const fourth = await newTicket(ws.token, {});
    expect(await told(fourth.id, "For Ann")).toEqual([]);
    expect(await notesOf(ws.token, fourth.id)).toContain("Nobody was notified: the agent is deactivated or gone. (For Ann)");
  });

  it("a notify to a group's lead may leave the group out; to a group or a person it may not", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace("Rule Notice Shapes");
    const ok = await call("POST", "/triggers", { token: ws.token, body: { name: "Lead", events: ["ticket_created"], conditions: { all: [], any: [] }, actions: [{ type: "notify", to: "group_lead", text: "x" }] } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.actions[0]).toEqual({ type: "notify", to: "group_lead", id: null, text: "x" });
    for (const to of ["group", "user"]) {
      const bad = expectProblem(await call("POST", "/triggers", { token: ws.token, body: { name: "Bad", events: ["ticket_created"], conditions: { all: [], any: [] }, actions: [{ type: "notify", to, text: "x" }] } }), 422, "notify_target_invalid");
      expect(bad.errors).toEqual([expect.objectContaining({ field: "actions.0.id" })]);
    }
  });
});

describe("a group's lead", () => {
  it("is an active agent of the workspace: set and cleared through the API; anyone else is a 422 on leadUserId (another workspace's agent too)", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace("Group Leads");
    const other = await newWorkspace("Other Leads");
    const [ann, gone] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Gone")];
    const theirs = await newMember(other.token, "agent", "Theirs");
    expect((await call("PATCH", `/users/${gone.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);

    const created = await call("POST", "/groups", { token: ws.token, body: { name: "Led", leadUserId: ann.user.id } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.leadUserId).toBe(ann.user.id);
    const plain = await call("POST", "/groups", { token: ws.token, body: { name: "Unled" } });
    expect(plain.body.leadUserId).toBeNull();

    for (const leadUserId of [theirs.user.id, gone.user.id, "usr_nope"]) {
      const problem = expectProblem(await call("PATCH", `/groups/${plain.body.id}`, { token: ws.token, body: { leadUserId } }), 422, "lead_not_found");
      expect(problem.errors).toEqual([expect.objectContaining({ field: "leadUserId", code: "lead_not_found" })]);
      expect(JSON.stringify(problem)).not.toContain("Theirs");
    }
    expectProblem(await call("POST", "/groups", { token: ws.token, body: { name: "Theirs led", leadUserId: theirs.user.id } }), 422, "lead_not_found");
    expect(((await call("GET", "/groups", { token: ws.token })).body.items as { name: string }[]).map((g) => g.name)).not.toContain("Theirs led");

    const cleared = await call("PATCH", `/groups/${created.body.id}`, { token: ws.token, body: { leadUserId: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.leadUserId).toBeNull();
    // An agent cannot set one.
    expectProblem(await call("PATCH", `/groups/${created.body.id}`, { token: ann.token, body: { leadUserId: ann.user.id } }), 403);
  });
});

describe("automatic assignment tells the agent", () => {
  it("in the creating write and in a move into the group: the assigned notice, the group as who assigned it", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace("Assigned Notices");
    const ann = await newMember(ws.token, "agent", "Ann");
    const desk = await newGroup(ws.token, "Round Desk", [ann.user.id]);
    expect((await call("PUT", `/groups/${desk.id}/assignment`, { token: ws.token, body: { method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null } })).status).toBe(200);
    expect((await call("PUT", `/users/${ann.user.id}/availability`, { token: ann.token, body: { available: true } })).status).toBe(200);

    const created = await newTicket(ws.token, { groupId: desk.id });
    expect(created.assigneeId).toBe(ann.user.id);
    expect(await noticesOf(created.id, "assigned")).toEqual([expect.objectContaining({ userId: ann.user.id, actorName: "Round Desk", text: null })]);

    const moved = await newTicket(ws.token, {});
    expect((await call("PATCH", `/tickets/${moved.id}`, { token: ws.token, body: { groupId: desk.id } })).body.assigneeId).toBe(ann.user.id);
    expect(await noticesOf(moved.id, "assigned")).toEqual([expect.objectContaining({ userId: ann.user.id })]);

    const bell = (await call("GET", "/notifications", { token: ann.token })).body.items as { kind: string; ticketId: string }[];
    expect(bell.filter((n) => n.kind === "assigned").map((n) => n.ticketId).sort()).toEqual(sorted(created.id, moved.id));
  });
});
