import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

type Ws = Awaited<ReturnType<typeof newWorkspace>>;

async function tickets(ws: Ws, count: number, body: Record<string, unknown> = {}) {
  const made = [];
  for (let i = 0; i < count; i++) made.push(await newTicket(ws.token, { subject: `Order ${i}`, ...body }));
  return made as { id: string; updatedAt: string; tags: string[] }[];
}

const bulk = (ws: Ws, body: unknown) => call("POST", "/bulk/tickets", { token: ws.token, body });
const fieldChanges = async (ws: Ws, id: string) =>
  ((await call("GET", `/tickets/${id}/events`, { token: ws.token })).body.items as { type: string; field: string; oldValue: string; newValue: string; actorId: string }[]).filter((e) => e.type === "field_change");

describe("bulk changes", () => {
  it("changes listed tickets as the agent, each in its history; another workspace's id is not found and stays as it is", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace("Other Tea");
    const agent = await newMember(ws.token);
    const [one, two] = await tickets(ws, 2, { tags: ["refund"] });
    const foreign = await newTicket(other.token, { tags: ["refund"] });

    const res = await call("POST", "/bulk/tickets", { token: agent.token, body: { ids: [one!.id, foreign.id, two!.id, one!.id], change: { priority: "urgent", addTags: ["VIP"], removeTags: ["refund"] } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual([
      [one!.id, "updated"],
      [foreign.id, "not_found"],
      [two!.id, "updated"],
    ]);
    expect(res.body.results[0].ticket).toMatchObject({ priority: "urgent", tags: ["vip"] });
    expect(res.body.undo).toEqual([
      { id: one!.id, updatedAt: res.body.results[0].ticket.updatedAt, previous: { status: "new", priority: "normal", tags: ["refund"] } },
      { id: two!.id, updatedAt: res.body.results[2].ticket.updatedAt, previous: { status: "new", priority: "normal", tags: ["refund"] } },
    ]);
    const changes = await fieldChanges(ws, two!.id);
    expect(changes.filter((e) => e.actorId === agent.user.id).map((e) => [e.field, e.oldValue, e.newValue])).toEqual(
      expect.arrayContaining([
        ["priority", "normal", "urgent"],
        ["tags", '["refund"]', '["vip"]'],
      ]),
    );
    expect((await call("GET", `/tickets/${foreign.id}`, { token: other.token })).body).toMatchObject({ priority: "normal", tags: ["refund"], updatedAt: foreign.updatedAt });
    expect((await fieldChanges(other, foreign.id)).filter((e) => e.oldValue !== null)).toEqual([]); // its creation's only
  });

  it("answers each ticket on its own: unchanged, refused with the rule's code; the others still change", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const [open, solved] = await tickets(ws, 2);
    await call("PATCH", `/tickets/${solved!.id}`, { token: ws.token, body: { status: "solved" } });
    const closed = (await call("PATCH", `/tickets/${solved!.id}`, { token: ws.token, body: { status: "closed" } })).body;
    expect(closed.status).toBe("closed");
    const urgent = await newTicket(ws.token, { priority: "urgent" });
    const res = await bulk(ws, { ids: [open!.id, closed.id, urgent.id], change: { priority: "urgent" } });
    expect(res.body.results).toMatchObject([
      { id: open!.id, result: "updated" },
      { id: closed.id, result: "refused", code: "ticket_closed" },
      { id: urgent.id, result: "unchanged" },
    ]);
    expect(res.body.undo.map((u: { id: string }) => u.id)).toEqual([open!.id]);
  });

  it("does what a single change does: a solve takes an unassigned ticket for the agent, an assignment notifies the assignee", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const agent = await newMember(ws.token);
    const [a, b] = await tickets(ws, 2);
    const solved = await call("POST", "/bulk/tickets", { token: agent.token, body: { ids: [a!.id], change: { status: "solved" } } });
    expect(solved.status, JSON.stringify(solved.body)).toBe(200);
    expect(solved.body.results[0].ticket).toMatchObject({ status: "solved", assigneeId: agent.user.id });
    // Undo leaves it solved by nobody: tickets never go back to new.
    expect(solved.body.undo[0].previous).toEqual({ assigneeId: null });

    const assigned = await bulk(ws, { ids: [b!.id], change: { assigneeId: agent.user.id } });
    expect(assigned.body.results[0].ticket).toMatchObject({ status: "open", assigneeId: agent.user.id });
    const bell = await call("GET", "/notifications", { token: agent.token });
    expect(bell.body.items.map((n: { ticketId: string; kind: string }) => [n.ticketId, n.kind])).toContainEqual([b!.id, "assigned"]);
    expect((await bulk(ws, { ids: [b!.id], change: { assigneeId: "usr_nobody" } })).body.results[0]).toMatchObject({ result: "refused", code: "assignee_not_found" });
  });

  it("changes every ticket the list's filter finds", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const [low1, low2] = await tickets(ws, 2, { priority: "low" });
    const high = await newTicket(ws.token, { priority: "high" });
    const preview = await call("POST", "/bulk/tickets/preview", { token: ws.token, body: { filter: { priority: "low" } } });
    expect(preview.body).toEqual({ ids: expect.arrayContaining([low1!.id, low2!.id]), more: false });
    expect(preview.body.ids).toHaveLength(2);
    const res = await bulk(ws, { filter: { priority: "low", status: "new" }, change: { type: "problem" } });
    expect(res.body.results.map((r: { id: string }) => r.id).sort()).toEqual([low1!.id, low2!.id].sort());
    expect((await call("GET", `/tickets/${high.id}`, { token: ws.token })).body.type).toBe("question");
    expect((await call("GET", `/tickets/${low1!.id}`, { token: ws.token })).body.type).toBe("problem");
  });

  it("undo puts back the values before on tickets nobody changed since, and refuses the others", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const [a, b] = await tickets(ws, 2, { tags: ["refund"] });
    const done = await bulk(ws, { ids: [a!.id, b!.id], change: { priority: "high", addTags: ["vip"] } });
    await call("PATCH", `/tickets/${b!.id}`, { token: ws.token, body: { type: "incident" } });
    const undone = await call("POST", "/bulk/tickets/undo", { token: ws.token, body: { tickets: done.body.undo } });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.results).toMatchObject([
      { id: a!.id, result: "updated", ticket: { priority: "normal", tags: ["refund"] } },
      { id: b!.id, result: "refused", code: "ticket_changed" },
    ]);
    expect((await call("GET", `/tickets/${b!.id}`, { token: ws.token })).body).toMatchObject({ priority: "high", tags: ["refund", "vip"], type: "incident" });
    const history = await fieldChanges(ws, a!.id);
    expect(history.filter((e) => e.field === "priority").map((e) => [e.oldValue, e.newValue])).toEqual([
      [null, "normal"],
      ["normal", "high"],
      ["high", "normal"],
    ]);
  });

  it("answers bad input with 4xx problems and changes nothing", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const [t] = await tickets(ws, 1);
    const ids = Array.from({ length: 101 }, (_, i) => `tkt_${i}`);
    for (const body of [
      { ids: [t!.id], change: {} },
      { ids: [t!.id] },
      { change: { priority: "high" } },
      { ids: [t!.id], filter: {}, change: { priority: "high" } },
      { ids: [], change: { priority: "high" } },
      { ids, change: { priority: "high" } },
      { ids: [t!.id], change: { status: "closed" } },
      { ids: [t!.id], change: { priority: "critical" } },
      { ids: [t!.id], change: { subject: "x" } },
      { filter: { status: "bogus" }, change: { priority: "high" } },
      { filter: { limit: 5 }, change: { priority: "high" } },
    ])
      expectProblem(await bulk(ws, body), 422, "validation_failed");
    expectProblem(await call("POST", "/bulk/tickets/undo", { token: ws.token, body: { tickets: [{ id: t!.id, updatedAt: "yesterday", previous: {} }] } }), 422, "validation_failed");
    expectProblem(await call("POST", "/bulk/tickets", { token: ws.token, rawBody: "{", headers: { "Content-Type": "application/json" } }), 400);
    const reader = (await call("POST", "/api-tokens", { token: ws.token, body: { name: "r", scope: "read" } })).body.token;
    expectProblem(await call("POST", "/bulk/tickets", { token: reader, body: { ids: [t!.id], change: { priority: "high" } } }), 403);
    expect((await call("GET", `/tickets/${t!.id}`, { token: ws.token })).body.updatedAt).toBe(t!.updatedAt);
  });

  it("refuses a filter that finds more than 100 tickets", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    await tickets(ws, 101, { tags: ["many"] });
    const preview = await call("POST", "/bulk/tickets/preview", { token: ws.token, body: { filter: { tag: "many" } } });
    expect(preview.body.ids).toHaveLength(100);
    expect(preview.body.more).toBe(true);
    expectProblem(await bulk(ws, { filter: { tag: "many" }, change: { priority: "high" } }), 422, "bulk_too_many");
    expect((await call("GET", "/tickets?priority=high", { token: ws.token })).body.items).toEqual([]);
  });
});
