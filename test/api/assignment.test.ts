import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

/** Automatic assignment per group (issue 15, docs/assignment.md). */

type Event = { field: string | null; newValue: string | null; reason: string | null; actorType: string };

async function assigningGroup(token: string, settings: Record<string, unknown> = {}, members: string[] = []) {
  const group = (await call("POST", "/groups", { token, body: { name: `Desk ${Math.random().toString(36).slice(2, 7)}` } })).body;
  for (const userId of members) expect((await call("POST", `/groups/${group.id}/members`, { token, body: { userId } })).status).toBe(200);
  const put = await call("PUT", `/groups/${group.id}/assignment`, { token, body: { method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null, ...settings } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return group as { id: string };
}

const available = async (token: string, userId: string, on = true) => expect((await call("PUT", `/users/${userId}/availability`, { token, body: { available: on } })).status).toBe(200);
const assigneeOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}`, { token })).body.assigneeId as string | null;
const eventsOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}/events`, { token })).body.items as Event[];

describe("automatic assignment when a ticket lands in a group", () => {
  it("round-robin spreads new tickets between the available members, in the creating write, with the reason in the history", async () => {
    const ws = await newWorkspace();
    const [a, b, away] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben"), await newMember(ws.token, "agent", "Cy")];
    const group = await assigningGroup(ws.token, {}, [a.user.id, b.user.id, away.user.id]);
    await available(a.token, a.user.id);
    await available(b.token, b.user.id);
    const created = [await newTicket(ws.token, { groupId: group.id }), await newTicket(ws.token, { groupId: group.id }), await newTicket(ws.token, { groupId: group.id }), await newTicket(ws.token, { groupId: group.id })];
    const assignees = created.map((t) => t.assigneeId);
    expect(assignees.filter((id) => id === a.user.id)).toHaveLength(2);
    expect(assignees.filter((id) => id === b.user.id)).toHaveLength(2);
    expect(assignees[0]).not.toBe(assignees[1]);
    for (const t of created) expect(await assigneeOf(ws.token, t.id)).toBe(t.assigneeId);
    const events = await eventsOf(ws.token, created[0].id);
    expect(events).toContainEqual(expect.objectContaining({ field: "assigneeId", newValue: assignees[0], actorType: "system", reason: `assignment:round_robin:${group.id}` }));
  });

  it("nobody available, a group that is off, a ticket created with an assignee: nothing is assigned", async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const group = await assigningGroup(ws.token, {}, [a.user.id]);
    expect((await newTicket(ws.token, { groupId: group.id })).assigneeId).toBeNull();
    await available(a.token, a.user.id);
    const off = await assigningGroup(ws.token, { method: "off" }, [a.user.id]);
    expect((await newTicket(ws.token, { groupId: off.id })).assigneeId).toBeNull();
    const owner = ws.user.id;
    await call("POST", `/groups/${group.id}/members`, { token: ws.token, body: { userId: owner } });
    expect((await newTicket(ws.token, { groupId: group.id, assigneeId: owner })).assigneeId).toBe(owner);
  });

  it("a ticket waiting in the group makes a new one queue behind it (the cron serves the queue in order)", async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const group = await assigningGroup(ws.token, {}, [a.user.id]);
    const waiting = await newTicket(ws.token, { groupId: group.id });
    expect(waiting.assigneeId).toBeNull();
    await available(a.token, a.user.id);
    expect((await newTicket(ws.token, { groupId: group.id })).assigneeId).toBeNull();
  });

  it("least open gives the agent with fewer new and open tickets and never more than the cap", async () => {
    const ws = await newWorkspace();
    const [a, b] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben")];
    const group = await assigningGroup(ws.token, { method: "least_open", cap: 2 }, [a.user.id, b.user.id]);
    await available(a.token, a.user.id);
    await available(b.token, b.user.id);
    // Ann already works on one ticket of another group.
    await call("POST", `/groups/${group.id}/members`, { token: ws.token, body: { userId: a.user.id } });
    await newTicket(ws.token, { assigneeId: a.user.id });
    const first = await newTicket(ws.token, { groupId: group.id });
    expect(first.assigneeId).toBe(b.user.id);
    const rest = [await newTicket(ws.token, { groupId: group.id }), await newTicket(ws.token, { groupId: group.id })];
    expect(rest.map((t) => t.assigneeId).sort()).toEqual([a.user.id, b.user.id].sort());
    expect((await eventsOf(ws.token, first.id)).some((e) => e.reason === `assignment:least_open:${group.id}`)).toBe(true);
    // Both at the cap now: the next waits.
    expect((await newTicket(ws.token, { groupId: group.id })).assigneeId).toBeNull();
  });

  it("six creates at once with a cap of one: one is assigned, and the answers and the history agree with what was stored", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const group = await assigningGroup(ws.token, { method: "least_open", cap: 1 }, [a.user.id]);
    await available(a.token, a.user.id);
    const body = { subject: "Race", description: "At once", requester: { email: "race@example.com" }, groupId: group.id };
    const results = await Promise.all(Array.from({ length: 6 }, () => call("POST", "/tickets", { token: ws.token, body })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const mine = (await call("GET", `/tickets?assigneeId=${a.user.id}`, { token: ws.token })).body.items as unknown[];
    expect(mine).toHaveLength(1);
    // The responses agree with what was stored, and only the assigned one has the history's change.
    const said = results.filter((r) => r.body.assigneeId === a.user.id);
    expect(said).toHaveLength(1);
    for (const r of results) expect((await eventsOf(ws.token, r.body.id)).some((e) => e.field === "assigneeId")).toBe(r.body.assigneeId !== null);
  });

  it("a ticket moved into the group, or whose assignee is removed there, is assigned in the same change", async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const group = await assigningGroup(ws.token, {}, [a.user.id]);
    await available(a.token, a.user.id);
    const ticket = await newTicket(ws.token);
    const moved = await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { groupId: group.id } });
    expect(moved.status).toBe(200);
    expect(moved.body.assigneeId).toBe(a.user.id);
    expect(await assigneeOf(ws.token, ticket.id)).toBe(a.user.id);
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === `assignment:round_robin:${group.id}`)).toHaveLength(1);
  });

  it("skills: a Chinese-speaking requester's ticket goes to the agent who handles Chinese; a skill tag to the agent with it", async () => {
    const ws = await newWorkspace();
    const [en, zh] = [await newMember(ws.token, "agent", "Emma"), await newMember(ws.token, "agent", "Zhang")];
    const group = await assigningGroup(ws.token, { skills: "tags_and_languages" }, [en.user.id, zh.user.id]);
    expect((await call("PUT", `/users/${en.user.id}/skills`, { token: ws.token, body: { tags: ["Refund"], languages: ["en"] } })).body).toEqual({ tags: ["refund"], languages: ["en"] });
    await call("PUT", `/users/${zh.user.id}/skills`, { token: ws.token, body: { tags: [], languages: ["zh-CN", "en"] } });
    await available(en.token, en.user.id);
    await available(zh.token, zh.user.id);
    const customer = (await call("POST", "/customers", { token: ws.token, body: { name: "王芳", emails: ["wang@example.cn"], language: "zh-CN" } })).body;
    for (let i = 0; i < 3; i++) expect((await newTicket(ws.token, { groupId: group.id, requester: { id: customer.id } })).assigneeId).toBe(zh.user.id);
    for (let i = 0; i < 2; i++) expect((await newTicket(ws.token, { groupId: group.id, tags: ["refund"] })).assigneeId).toBe(en.user.id);
  });

  it("outside the group's business hours nobody receives a ticket", async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const allDay = Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]);
    const closed = await call("POST", "/business-calendars", { token: ws.token, body: { name: "Closed today", timeZone: "UTC", weekly: allDay, holidays: [today, tomorrow], workdays: [] } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    const group = await assigningGroup(ws.token, { calendarId: closed.body.id }, [a.user.id]);
    await available(a.token, a.user.id);
    expect((await newTicket(ws.token, { groupId: group.id })).assigneeId).toBeNull();
  });
});

describe("assignment settings, availability and skills (API)", () => {
  it("availability: an agent turns their own on and off; another agent may not; an admin may", async () => {
    const ws = await newWorkspace();
    const [a, b] = [await newMember(ws.token), await newMember(ws.token, "agent", "Bo")];
    expect((await call("GET", `/users/${a.user.id}/availability`, { token: a.token })).body).toEqual({ available: false, since: null });
    const on = await call("PUT", `/users/${a.user.id}/availability`, { token: a.token, body: { available: true } });
    expect(on.body).toMatchObject({ available: true, since: expect.any(String) });
    expectProblem(await call("PUT", `/users/${a.user.id}/availability`, { token: b.token, body: { available: false } }), 403, "forbidden");
    expect((await call("PUT", `/users/${a.user.id}/availability`, { token: ws.token, body: { available: false } })).body.available).toBe(false);
    expectProblem(await call("PUT", `/users/${b.user.id}/skills`, { token: b.token, body: { tags: ["x"], languages: [] } }), 403);
  });

  it("bad input is a 422 with the field; a calendar or group of another workspace is not found", async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace("Other Co");
    const group = (await call("POST", "/groups", { token: ws.token, body: { name: "Desk" } })).body;
    const base = { method: "least_open", cap: 3, skills: "none", calendarId: null, returnToPoolMinutes: 30 };
    for (const bad of [{ ...base, method: "random" }, { ...base, cap: 0 }, { ...base, skills: "all" }, { ...base, returnToPoolMinutes: -1 }, { ...base, extra: 1 }, { method: "off" }])
      expectProblem(await call("PUT", `/groups/${group.id}/assignment`, { token: ws.token, body: bad }), 422);
    const allDay = Array.from({ length: 7 }, () => [{ start: "09:00", end: "17:00" }]);
    const theirs = (await call("POST", "/business-calendars", { token: other.token, body: { name: "Theirs", timeZone: "UTC", weekly: allDay, holidays: [], workdays: [] } })).body;
    const problem = expectProblem(await call("PUT", `/groups/${group.id}/assignment`, { token: ws.token, body: { ...base, calendarId: theirs.id } }), 422, "calendar_not_found");
    expect(problem.errors?.[0]?.field).toContain("calendarId");
    expect((await call("PUT", `/groups/${group.id}/assignment`, { token: ws.token, body: base })).body).toEqual(base);
    expect((await call("GET", `/groups/${group.id}/assignment`, { token: ws.token })).body).toEqual(base);
    // Another workspace's group and user: 404, as if they did not exist.
    expectProblem(await call("GET", `/groups/${group.id}/assignment`, { token: other.token }), 404);
    expectProblem(await call("PUT", `/groups/${group.id}/assignment`, { token: other.token, body: base }), 404);
    expectProblem(await call("PUT", `/users/${ws.user.id}/availability`, { token: other.token, body: { available: true } }), 404);
    expectProblem(await call("PUT", `/users/${ws.user.id}/skills`, { token: other.token, body: { tags: [], languages: [] } }), 404);
    expectProblem(await call("PUT", `/users/${ws.user.id}/availability`, { token: ws.token, body: { available: "yes" } }), 422);
    expectProblem(await call("PUT", `/users/${ws.user.id}/skills`, { token: ws.token, body: { tags: [], languages: ["fr"] } }), 422);
    // An agent may read but not change a group's assignment.
    const agent = await newMember(ws.token);
    expect((await call("GET", `/groups/${group.id}/assignment`, { token: agent.token })).status).toBe(200);
    expectProblem(await call("PUT", `/groups/${group.id}/assignment`, { token: agent.token, body: base }), 403);
  });
});
