import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

type Count = { count: number | null; more: boolean };
const counts = async (token: string, queries: Record<string, unknown>[]) => {
  const res = await call("POST", "/ticket-counts", { token, body: { queries } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Count[];
};

describe("ticket counts", () => {
  it("counts several list queries at once, each as its list would list it", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const ada = await newMember(ws.token, "agent", "Ada Agent");
    const group = (await call("GET", "/groups", { token: ws.token })).body.items[0];
    await call("POST", `/groups/${group.id}/members`, { token: ws.token, body: { userId: ada.user.id } });
    await newTicket(ws.token, { subject: "Teapot cracked", priority: "urgent", tags: ["refund"] });
    await newTicket(ws.token, { subject: "Teapot lid", assigneeId: ada.user.id, groupId: group.id });
    await newTicket(ws.token, { subject: "Invoice", status: "pending" });
    const queries = [{}, { priority: "urgent" }, { assigneeId: "none" }, { assigneeId: ada.user.id }, { groupId: group.id }, { tag: "refund" }, { q: "invoice" }, { status: "pending", sort: "number", order: "asc" }, { status: "closed" }];
    const got = await counts(ws.token, queries);
    const listed = await Promise.all(queries.map(async (q) => (await call("GET", `/tickets?${new URLSearchParams(q as Record<string, string>)}`, { token: ws.token })).body.items.length as number));
    expect(got.map((c) => c.count)).toEqual(listed);
    expect(got.map((c) => c.count)).toEqual([3, 1, 2, 1, 1, 1, 1, 1, 0]);
    expect(got.every((c) => !c.more)).toBe(true);
    // A read: a read-only token may count.
    const readOnly = (await call("POST", "/api-tokens", { token: ws.token, body: { name: "Read", scope: "read" } })).body.token as string;
    expect(await counts(readOnly, [{}])).toEqual([{ count: 3, more: false }]);
  });

  it("stops at 100 and says there are more", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    for (let i = 0; i < 101; i += 25) await Promise.all(Array.from({ length: Math.min(25, 101 - i) }, (_, j) => newTicket(ws.token, { subject: `Many ${i + j}` })));
    expect(await counts(ws.token, [{}, { status: "new" }, { priority: "urgent" }])).toEqual([
      { count: 100, more: true },
      { count: 100, more: true },
      { count: 0, more: false },
    ]);
  });

  it("a query too long for one statement has no count (null), the others still do", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    await newTicket(ws.token, { subject: "Teapot" });
    const long = { q: "teapot oolong 王芳 a b refund li x%", status: "new,open,pending,on_hold,solved,closed", priority: "low,normal,high,urgent", type: "question,incident,problem,complaint,task", assigneeId: "none", groupId: "none", tag: "refund" };
    expect((await call("GET", `/tickets?${new URLSearchParams(long)}`, { token: ws.token })).status).toBe(422);
    expect(await counts(ws.token, [long, {}])).toEqual([
      { count: null, more: false },
      { count: 1, more: false },
    ]);
  });

  it("refuses bad queries with 422 and counts nothing of another workspace", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace("Other");
    const theirs = await newTicket(other.token, { subject: "Zebracorn order" });
    const bad: unknown[] = [undefined, {}, { queries: [] }, { queries: {} }, { queries: [{ status: "sleeping" }] }, { queries: [{ colour: "red" }] }, { queries: [{ sort: "colour" }] }, { queries: [{ limit: "5" }] }, { queries: Array.from({ length: 51 }, () => ({})) }, { queries: [{}], extra: 1 }];
    for (const body of bad) expectProblem(await call("POST", "/ticket-counts", { token: ws.token, body }), 422);
    expectProblem(await call("POST", "/ticket-counts", { body: { queries: [{}] } }), 401);
    const group = (await call("GET", "/groups", { token: other.token })).body.items[0];
    expect(await counts(ws.token, [{}, { q: "zebracorn" }, { groupId: group.id }, { assigneeId: other.user.id }])).toEqual(Array.from({ length: 4 }, () => ({ count: 0, more: false })));
    expect(await counts(other.token, [{ q: "zebracorn" }])).toEqual([{ count: 1, more: false }]);
    expect(theirs.id).toBeTruthy();
  });
});
