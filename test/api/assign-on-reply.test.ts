import { describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";

/** "Assignment that sticks": reports credit the agent who answered, not "Unassigned". */
describe("a public reply or a solve by an agent on an unassigned ticket assigns it to them", () => {
  const assigneeOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}`, { token })).body.assigneeId as string | null;

  it("a public reply, a reply that solves, and a PATCH that solves each assign the agent; the history says so", async () => {
    const { token } = await newWorkspace();
    const agent = await newMember(token);
    const [a, b, c] = [await newTicket(token), await newTicket(token), await newTicket(token)];

    const reply = await call("POST", `/tickets/${a.id}/messages`, { token: agent.token, body: { kind: "reply", body: "On its way." } });
    expect(reply.status).toBe(201);
    expect(reply.body.ticket.assigneeId).toBe(agent.user.id);
    expect(await assigneeOf(token, a.id)).toBe(agent.user.id);
    const events = (await call("GET", `/tickets/${a.id}/events`, { token })).body.items as { field: string | null; newValue: string | null; actorId: string }[];
    expect(events).toContainEqual(expect.objectContaining({ field: "assigneeId", newValue: agent.user.id, actorId: agent.user.id }));

    expect((await call("POST", `/tickets/${b.id}/messages`, { token: agent.token, body: { kind: "reply", body: "Done.", status: "solved" } })).status).toBe(201);
    expect(await assigneeOf(token, b.id)).toBe(agent.user.id);

    const solved = await call("PATCH", `/tickets/${c.id}`, { token: agent.token, body: { status: "solved" } });
    expect(solved.body).toMatchObject({ status: "solved", assigneeId: agent.user.id });
  });

  it("leaves alone: notes, other status changes, assigned tickets, a change naming an assignee, and customers' replies", async () => {
    const ws = await newWorkspace();
    const agent = await newMember(ws.token);
    const other = await newMember(ws.token, "agent", "Bo Agent");
    const ticket = await newTicket(ws.token);
    await call("POST", `/tickets/${ticket.id}/messages`, { token: agent.token, body: { kind: "note", body: "Looking" } });
    await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { status: "pending" } });
    expect(await assigneeOf(ws.token, ticket.id)).toBeNull();

    const named = await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { status: "solved", assigneeId: other.user.id } });
    expect(named.body.assigneeId).toBe(other.user.id);

    const taken = await newTicket(ws.token, { assigneeId: other.user.id });
    await call("POST", `/tickets/${taken.id}/messages`, { token: agent.token, body: { kind: "reply", body: "Covering for Bo." } });
    expect(await assigneeOf(ws.token, taken.id)).toBe(other.user.id);
  });

  it("a ticket in a group goes only to a member of it; the workspace can turn the rule off", async () => {
    const { token } = await newWorkspace();
    const agent = await newMember(token);
    const group = (await call("POST", "/groups", { token, body: { name: "Wholesale" } })).body;
    const inGroup = await newTicket(token, { groupId: group.id });
    expect((await call("POST", `/tickets/${inGroup.id}/messages`, { token: agent.token, body: { kind: "reply", body: "Hello" } })).status).toBe(201);
    expect(await assigneeOf(token, inGroup.id)).toBeNull();
    expect((await call("POST", `/groups/${group.id}/members`, { token, body: { userId: agent.user.id } })).status).toBeLessThan(300);
    expect((await call("PATCH", `/tickets/${inGroup.id}`, { token: agent.token, body: { status: "solved" } })).body.assigneeId).toBe(agent.user.id);

    expect((await call("GET", "/workspace", { token })).body.assignOnReply).toBe(true);
    const off = await call("PATCH", "/workspace", { token, body: { assignOnReply: false } });
    expect(off.body.assignOnReply).toBe(false);
    const ticket = await newTicket(token);
    await call("POST", `/tickets/${ticket.id}/messages`, { token: agent.token, body: { kind: "reply", body: "Hello" } });
    await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { status: "solved" } });
    expect(await assigneeOf(token, ticket.id)).toBeNull();
    expect((await call("PATCH", "/workspace", { token: agent.token, body: { assignOnReply: true } })).status).toBe(403);
  });
});
