import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

let owner: Awaited<ReturnType<typeof newWorkspace>>;
let ada: Awaited<ReturnType<typeof newMember>>;
let bo: Awaited<ReturnType<typeof newMember>>;

const inbox = async (token: string, query = "") => {
  const res = await call("GET", `/notifications${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: { id: string; kind: string; ticketId: string; ticketNumber: number; ticketSubject: string; actor: { type: string; id: string | null; name: string | null }; readAt: string | null }[]; nextCursor: string | null; unreadCount: number };
};
const about = async (token: string, ticketId: string) => (await inbox(token, "?limit=100")).items.filter((n) => n.ticketId === ticketId);

beforeAll(async () => {
  owner = await newWorkspace("Notice Tea");
  ada = await newMember(owner.token, "agent", "Ada Agent");
  bo = await newMember(owner.token, "agent", "Bo 王");
});

describe("who is told", () => {
  it("a new unassigned ticket tells every agent but its creator; an assignment tells the assignee alone", async () => {
    const ticket = await newTicket(owner.token, { subject: "Kettle leaks" });
    expect((await about(ada.token, ticket.id)).map((n) => n.kind)).toEqual(["new_ticket"]);
    expect((await about(bo.token, ticket.id)).map((n) => n.kind)).toEqual(["new_ticket"]);
    expect(await about(owner.token, ticket.id)).toEqual([]);

    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { assigneeId: ada.user.id } })).status).toBe(200);
    const [assigned] = await about(ada.token, ticket.id);
    expect(assigned).toMatchObject({ kind: "assigned", ticketNumber: ticket.number, ticketSubject: "Kettle leaks", actor: { type: "agent", id: owner.user.id, name: "Olivia Owner" }, readAt: null });
    expect((await about(bo.token, ticket.id)).map((n) => n.kind)).toEqual(["new_ticket"]);
  });

  it("assigning a ticket to oneself tells nobody", async () => {
    const ticket = await newTicket(owner.token);
    const before = (await about(ada.token, ticket.id)).length;
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ada.token, body: { assigneeId: ada.user.id } })).status).toBe(200);
    expect(await about(ada.token, ticket.id)).toHaveLength(before);
  });

  it("a new ticket in a group tells the group's members only", async () => {
    const group = await call("POST", "/groups", { token: owner.token, body: { name: "Kettles" } });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    expect((await call("POST", `/groups/${group.body.id}/members`, { token: owner.token, body: { userId: bo.user.id } })).status).toBe(200);
    const ticket = await newTicket(owner.token, { groupId: group.body.id });
    expect((await about(bo.token, ticket.id)).map((n) => n.kind)).toEqual(["new_ticket"]);
    expect(await about(ada.token, ticket.id)).toEqual([]);
  });

  it("a ticket moved into a group with nobody assigned tells the group's members but the mover; with an assignee, the assignee alone", async () => {
    const group = await call("POST", "/groups", { token: owner.token, body: { name: "Moved here" } });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    for (const member of [ada, bo]) expect((await call("POST", `/groups/${group.body.id}/members`, { token: owner.token, body: { userId: member.user.id } })).status).toBe(200);
    const ticket = await newTicket(owner.token, { assigneeId: owner.user.id });
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ada.token, body: { groupId: group.body.id, assigneeId: null } })).status).toBe(200);
    expect((await about(bo.token, ticket.id)).map((n) => n.kind)).toEqual(["new_ticket"]);
    expect(await about(ada.token, ticket.id)).toEqual([]);

    const other = await newTicket(owner.token, { assigneeId: owner.user.id });
    expect((await call("PATCH", `/tickets/${other.id}`, { token: owner.token, body: { groupId: group.body.id, assigneeId: ada.user.id } })).status).toBe(200);
    expect((await about(ada.token, other.id)).map((n) => n.kind)).toEqual(["assigned"]);
    expect(await about(bo.token, other.id)).toEqual([]);
  });

  it("an internal note tells the agents it mentions, by name or address, not its writer", async () => {
    const ticket = await newTicket(owner.token, { assigneeId: owner.user.id });
    const note = await call("POST", `/tickets/${ticket.id}/messages`, { token: ada.token, body: { kind: "note", body: `@Bo 王请看 and @${ada.email}, cc @owner@nowhere` } });
    expect(note.status).toBe(201);
    expect((await about(bo.token, ticket.id)).map((n) => n.kind)).toEqual(["mention"]);
    expect(await about(ada.token, ticket.id)).toEqual([]);
    // A public reply mentions nobody.
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token: ada.token, body: { kind: "reply", body: "@Bo 王" } })).status).toBe(201);
    expect(await about(bo.token, ticket.id)).toHaveLength(1);
  });

  it("a customer's emailed reply tells the ticket's assignee", async () => {
    const to = `${owner.slug}@kefu.localhost`;
    await deliverEmail(email({ to, subject: "Notice by mail", messageId: "notice-mail-1@example.com" }), { from: "li.wei@example.com", to });
    const created = (await inbox(ada.token, "?limit=100")).items.find((n) => n.ticketSubject === "Notice by mail");
    expect(created).toMatchObject({ kind: "new_ticket", actor: { type: "customer", name: expect.any(String) } });
    const ticketId = created!.ticketId;
    expect((await call("PATCH", `/tickets/${ticketId}`, { token: owner.token, body: { assigneeId: bo.user.id } })).status).toBe(200);
    await deliverEmail(email({ to, subject: `Re: [#${created!.ticketNumber}] Notice by mail`, body: "Any news?" }), { from: "li.wei@example.com", to });
    expect((await about(bo.token, ticketId)).map((n) => n.kind).sort()).toEqual(["assigned", "customer_replied", "new_ticket"]);
    expect((await about(ada.token, ticketId)).map((n) => n.kind)).toEqual(["new_ticket"]);
  });
});

describe("the bell", () => {
  it("pages newest first with a cursor and counts the unread", async () => {
    const ws = await newWorkspace("Bell Tea");
    const agent = await newMember(ws.token);
    for (let i = 0; i < 3; i++) await newTicket(ws.token, { subject: `Bell ${i}` });
    const first = await inbox(agent.token, "?limit=2");
    expect(first.unreadCount).toBe(3);
    expect(first.items.map((n) => n.ticketSubject)).toEqual(["Bell 2", "Bell 1"]);
    const second = await inbox(agent.token, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.ticketSubject)).toEqual(["Bell 0"]);
    expect(second.nextCursor).toBeNull();
    expectProblem(await call("GET", "/notifications?cursor=nonsense", { token: agent.token }), 400, "invalid_cursor");

    // Marking read: by id, then all; another user's ids change nothing of theirs.
    const read = await call("POST", "/notifications/read", { token: agent.token, body: { ids: [first.items[0]!.id] } });
    expect(read.body).toEqual({ unreadCount: 2 });
    expect((await inbox(agent.token, "?unread=true")).items.map((n) => n.ticketSubject)).toEqual(["Bell 1", "Bell 0"]);
    const adaIds = (await inbox(ada.token)).items.map((n) => n.id);
    const adaUnread = (await inbox(ada.token)).unreadCount;
    expect((await call("POST", "/notifications/read", { token: agent.token, body: { ids: adaIds } })).body).toEqual({ unreadCount: 2 });
    expect((await inbox(ada.token)).unreadCount).toBe(adaUnread);
    expect((await call("POST", "/notifications/read", { token: agent.token, body: { all: true } })).body).toEqual({ unreadCount: 0 });
    expectProblem(await call("POST", "/notifications/read", { token: agent.token, body: { ids: [] } }), 422);
  });

  it("never shows another user's or another workspace's notices", async () => {
    const other = await newWorkspace("Other Tea");
    expect((await inbox(other.token)).items).toEqual([]);
    const adaIds = new Set((await inbox(ada.token, "?limit=100")).items.map((n) => n.id));
    for (const n of (await inbox(bo.token, "?limit=100")).items) expect(adaIds.has(n.id)).toBe(false);
    expectProblem(await call("GET", "/notifications"), 401);
  });
});

describe("settings", () => {
  it("email per kind, every kind on at first; a partial or unknown setting is refused", async () => {
    const initial = await call("GET", "/me/notification-settings", { token: ada.token });
    expect(initial.body).toEqual({ email: { new_ticket: true, assigned: true, customer_replied: true, mention: true, sla_warning: true, sla_breach: true, bad_rating: true, rule: true } });
    const next = { ...initial.body.email, new_ticket: false, sla_warning: false };
    expect((await call("PUT", "/me/notification-settings", { token: ada.token, body: { email: next } })).body).toEqual({ email: next });
    expect((await call("GET", "/me/notification-settings", { token: ada.token })).body).toEqual({ email: next });
    expect((await call("GET", "/me/notification-settings", { token: bo.token })).body.email.new_ticket).toBe(true);
    expectProblem(await call("PUT", "/me/notification-settings", { token: ada.token, body: { email: { new_ticket: false } } }), 422);
    expectProblem(await call("PUT", "/me/notification-settings", { token: ada.token, body: { email: { ...next, birthday: true } } }), 422);
  });
});
