import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { users } from "../../schema";
import { assignmentStatements } from "../../workers/core/assignment/assignment-store";
import { openDb, runBatch } from "../../workers/core/db";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { deliverEmail, email } from "../helpers/mail";

/** Automatic assignment through the mail pipeline, the cap's guard in a batch, and the cron's pass (docs/assignment.md). */

const db = openDb(env.DB);
type Event = { field: string | null; newValue: string | null; reason: string | null };

async function assigningGroup(token: string, settings: Record<string, unknown>, members: string[]) {
  const group = (await call("POST", "/groups", { token, body: { name: `Desk ${Math.random().toString(36).slice(2, 7)}` } })).body;
  for (const userId of members) await call("POST", `/groups/${group.id}/members`, { token, body: { userId } });
  const put = await call("PUT", `/groups/${group.id}/assignment`, { token, body: { method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null, ...settings } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  return group.id as string;
}
const setAvailable = (token: string, userId: string, available: boolean) => call("PUT", `/users/${userId}/availability`, { token, body: { available } });
const ticketOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}`, { token })).body;
const eventsOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}/events`, { token })).body.items as Event[];

beforeAll(() => void vi.spyOn(console, "error").mockImplementation(() => undefined));

describe("automatic assignment", () => {
  it("a mailed ticket in the address's round-robin group is assigned in the mail's own write", async () => {
    const ws = await newWorkspace();
    const [a, b] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben")];
    const groupId = await assigningGroup(ws.token, {}, [a.user.id, b.user.id]);
    const [address] = (await call("GET", "/support-addresses", { token: ws.token })).body.items;
    expect((await call("PATCH", `/support-addresses/${address.id}`, { token: ws.token, body: { defaultGroupId: groupId } })).status).toBe(200);
    await setAvailable(a.token, a.user.id, true);
    await setAvailable(b.token, b.user.id, true);
    const to = `${ws.slug}@kefu.localhost`;
    for (const subject of ["One", "Two", "Three"]) expect((await deliverEmail(email({ to, subject, from: `Li <li.${subject}@example.com>` }), { from: `li.${subject}@example.com`, to })).error).toBeNull();
    const listed = (await call("GET", `/tickets?groupId=${groupId}&sort=created_at&order=asc`, { token: ws.token })).body.items as { id: string; assigneeId: string | null }[];
    expect(listed).toHaveLength(3);
    const ids = listed.map((t) => t.id);
    const assignees = listed.map((t) => t.assigneeId);
    expect(new Set(assignees)).toEqual(new Set([a.user.id, b.user.id]));
    expect(assignees[0]).not.toBe(assignees[1]);
    expect(assignees[2]).toBe(assignees[0]);
    expect(await eventsOf(ws.token, ids[0]!)).toContainEqual(expect.objectContaining({ field: "assigneeId", reason: `assignment:round_robin:${groupId}` }));
  });

  it("the cap's guard: two writes planned on the same read, only the first gets the agent, the history follows the ticket", async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const groupId = await assigningGroup(ws.token, { method: "least_open", cap: 1 }, [a.user.id]);
    const [t1, t2] = [await newTicket(ws.token, { groupId }), await newTicket(ws.token, { groupId })];
    const scope = { db, tenantId: ws.workspace.id as string };
    const choice = { userId: a.user.id as string, reason: `assignment:least_open:${groupId}`, group: { groupId, cap: 1 } };
    const first = assignmentStatements(scope, t1.id, choice, new Date());
    const second = assignmentStatements(scope, t2.id, choice, new Date());
    expect(first.assignedFrom(await runBatch(db, first.statements))).toBe(a.user.id);
    expect(second.assignedFrom(await runBatch(db, second.statements))).toBeNull();
    expect((await ticketOf(ws.token, t2.id)).assigneeId).toBeNull();
    expect((await eventsOf(ws.token, t2.id)).some((e) => e.field === "assigneeId")).toBe(false);
    expect((await eventsOf(ws.token, t1.id)).filter((e) => e.field === "assigneeId")).toHaveLength(1);
  });

  it("the cron serves waiting tickets VIP and urgent first, up to the cap, once an agent is available", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const a = await newMember(ws.token);
    const groupId = await assigningGroup(ws.token, { method: "least_open", cap: 2 }, [a.user.id]);
    const vip = (await call("POST", "/customers", { token: ws.token, body: { name: "Very Important", emails: ["vip@example.com"], tier: "vip" } })).body;
    const old = await newTicket(ws.token, { groupId, subject: "Oldest" });
    const vipTicket = await newTicket(ws.token, { groupId, subject: "VIP", requester: { id: vip.id } });
    const urgent = await newTicket(ws.token, { groupId, subject: "Urgent", priority: "urgent" });
    for (const t of [old, vipTicket, urgent]) expect(t.assigneeId).toBeNull();
    await tick(new Date());
    expect((await ticketOf(ws.token, old.id)).assigneeId).toBeNull(); // nobody available yet
    await setAvailable(a.token, a.user.id, true);
    await tick(new Date());
    const after = await Promise.all([old, vipTicket, urgent].map((t) => ticketOf(ws.token, t.id)));
    expect(after.map((t) => t.assigneeId)).toEqual([null, a.user.id, a.user.id]);
    expect(await eventsOf(ws.token, vipTicket.id)).toContainEqual(expect.objectContaining({ field: "assigneeId", reason: `assignment:least_open:${groupId}` }));
    // A solve frees a place: the next tick gives it the oldest.
    await call("PATCH", `/tickets/${urgent.id}`, { token: a.token, body: { status: "solved" } });
    await tick(new Date());
    expect((await ticketOf(ws.token, old.id)).assigneeId).toBe(a.user.id);
  });

  it("an agent away longer than the group's return time has their unanswered tickets returned to the pool and given to an available agent", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const [a, b] = [await newMember(ws.token, "agent", "Ann"), await newMember(ws.token, "agent", "Ben")];
    const groupId = await assigningGroup(ws.token, { returnToPoolMinutes: 30 }, [a.user.id, b.user.id]);
    await setAvailable(a.token, a.user.id, true);
    const mine = await newTicket(ws.token, { groupId });
    const answered = await newTicket(ws.token, { groupId });
    expect([mine.assigneeId, answered.assigneeId]).toEqual([a.user.id, a.user.id]);
    await call("POST", `/tickets/${answered.id}/messages`, { token: a.token, body: { kind: "reply", body: "On it" } });
    await setAvailable(a.token, a.user.id, false);
    // Make Ann's time away start after her tickets last changed (the same millisecond otherwise).
    await db.update(users).set({ availableChangedAt: new Date(Date.now() + 1000) }).where(eq(users.id, a.user.id));
    await setAvailable(b.token, b.user.id, true);
    await tick(new Date(Date.now() + 20 * 60_000));
    expect((await ticketOf(ws.token, mine.id)).assigneeId).toBe(a.user.id);
    await tick(new Date(Date.now() + 31 * 60_000));
    expect((await ticketOf(ws.token, mine.id)).assigneeId).toBe(b.user.id);
    expect((await ticketOf(ws.token, answered.id)).assigneeId).toBe(a.user.id);
    const events = await eventsOf(ws.token, mine.id);
    expect(events).toContainEqual(expect.objectContaining({ field: "assigneeId", newValue: null, reason: `assignment:returned:${groupId}` }));
    expect(events).toContainEqual(expect.objectContaining({ field: "assigneeId", newValue: b.user.id, reason: `assignment:round_robin:${groupId}` }));
  });
});
