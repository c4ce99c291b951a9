import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

type View = { id: string; name: string; shared: boolean; ownerId: string | null; filters: Record<string, string> };
const viewsOf = async (token: string) => (await call("GET", "/saved-views", { token })).body.items as View[];
const save = (token: string, body: Record<string, unknown>) => call("POST", "/saved-views", { token, body });

describe("saved views", () => {
  it("keep the columns chosen for the ticket table, in order, and change them with the name and sort", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const plain = await save(ws.token, { name: "Plain", filters: {} });
    expect(plain.body.columns).toBeNull();
    const view = await save(ws.token, { name: "Triage", filters: { status: "new" }, columns: ["subject", "priority", "number"] });
    expect(view.status, JSON.stringify(view.body)).toBe(201);
    expect(view.body.columns).toEqual(["subject", "priority", "number"]);
    const changed = await call("PATCH", `/saved-views/${view.body.id}`, { token: ws.token, body: { name: "Triage (urgent first)", filters: { status: "new", sort: "number", order: "asc" }, columns: ["number", "subject", "sla", "updated"] } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: "Triage (urgent first)", filters: { status: "new", sort: "number", order: "asc" }, columns: ["number", "subject", "sla", "updated"] });
    expect((await viewsOf(ws.token)).find((v) => v.id === view.body.id)).toMatchObject({ columns: ["number", "subject", "sla", "updated"] });
    // A rename alone keeps the columns; null goes back to the table's default.
    expect((await call("PATCH", `/saved-views/${view.body.id}`, { token: ws.token, body: { name: "Triage" } })).body.columns).toEqual(["number", "subject", "sla", "updated"]);
    expect((await call("PATCH", `/saved-views/${view.body.id}`, { token: ws.token, body: { columns: null } })).body.columns).toBeNull();
    for (const columns of [[], ["number"], ["subject", "colour"], ["subject", "subject"], "subject", Array.from({ length: 9 }, () => "subject")]) {
      const problem = expectProblem(await save(ws.token, { name: "Bad", filters: {}, columns }), 422, "validation_failed");
      expect(problem.errors?.[0]?.field, JSON.stringify(columns)).toMatch(/^body\.columns/);
      expectProblem(await call("PATCH", `/saved-views/${view.body.id}`, { token: ws.token, body: { columns } }), 422, "validation_failed");
    }
  });

  it("keeps personal views to their owner, shows shared ones to everyone, and lets only admins share or change shared ones", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const ada = await newMember(ws.token, "agent", "Ada Agent");
    const bo = await newMember(ws.token, "agent", "Bo Agent");

    const mine = await save(ada.token, { name: "Urgent refunds", filters: { status: "new,open", priority: "urgent", tag: "refund", sort: "number", order: "asc" } });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body).toMatchObject({ name: "Urgent refunds", shared: false, ownerId: ada.user.id, filters: { status: "new,open", priority: "urgent", tag: "refund", sort: "number", order: "asc" } });
    expectProblem(await save(ada.token, { name: "For all", filters: {}, shared: true }), 403, "forbidden");
    const shared = await save(ws.token, { name: "Breached", filters: { sla: "breached" }, shared: true });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect(shared.body).toMatchObject({ shared: true, ownerId: null });

    expect((await viewsOf(ada.token)).map((v) => v.name)).toEqual(["Breached", "Urgent refunds"]);
    expect((await viewsOf(bo.token)).map((v) => v.name)).toEqual(["Breached"]);
    expect((await viewsOf(ws.token)).map((v) => v.name)).toEqual(["Breached"]);

    // Another agent's personal view does not exist for Bo; a shared one is an admin's to change.
    expectProblem(await call("PATCH", `/saved-views/${mine.body.id}`, { token: bo.token, body: { name: "Mine now" } }), 404);
    expectProblem(await call("DELETE", `/saved-views/${mine.body.id}`, { token: bo.token }), 404);
    expectProblem(await call("PATCH", `/saved-views/${shared.body.id}`, { token: bo.token, body: { name: "Late" } }), 403, "forbidden");
    expectProblem(await call("DELETE", `/saved-views/${shared.body.id}`, { token: ada.token }), 403, "forbidden");

    const renamed = await call("PATCH", `/saved-views/${mine.body.id}`, { token: ada.token, body: { name: "Refunds", filters: { tag: "refund" } } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Refunds", filters: { tag: "refund" } });
    expect(renamed.body.filters.status).toBeUndefined();
    const sharedRenamed = await call("PATCH", `/saved-views/${shared.body.id}`, { token: ws.token, body: { name: "Late ones" } });
    expect(sharedRenamed.body).toMatchObject({ name: "Late ones", filters: { sla: "breached" } });

    // A read-only API token lists views but does not change them.
    const readOnly = (await call("POST", "/api-tokens", { token: ws.token, body: { name: "Read", scope: "read" } })).body.token as string;
    expect((await viewsOf(readOnly)).map((v) => v.name)).toEqual(["Late ones"]);
    expectProblem(await save(readOnly, { name: "Nope", filters: {} }), 403);
    expectProblem(await call("DELETE", `/saved-views/${shared.body.id}`, { token: readOnly }), 403);

    expect((await call("DELETE", `/saved-views/${mine.body.id}`, { token: ada.token })).status).toBe(204);
    expect((await call("DELETE", `/saved-views/${shared.body.id}`, { token: ws.token })).status).toBe(204);
    expect(await viewsOf(ada.token)).toEqual([]);
    expectProblem(await call("DELETE", `/saved-views/${shared.body.id}`, { token: ws.token }), 404);
  });

  it("refuses filters the ticket list would refuse, and unknown keys, with 422", { timeout: 30_000 }, async () => {
    const ws = await newWorkspace();
    for (const filters of [{ status: "open,sleeping" }, { priority: "huge" }, { sla: "late" }, { sort: "colour" }, { colour: "red" }, { status: 3 }]) {
      const problem = expectProblem(await save(ws.token, { name: "Bad", filters }), 422, "validation_failed");
      expect(problem.errors?.[0]?.field, JSON.stringify(filters)).toMatch(/^body\.filters/);
    }
    expectProblem(await save(ws.token, { name: "", filters: {} }), 422, "validation_failed");
    expectProblem(await save(ws.token, { name: "No filters" }), 422, "validation_failed");
    const view = await save(ws.token, { name: "Open", filters: { status: "open" } });
    expectProblem(await call("PATCH", `/saved-views/${view.body.id}`, { token: ws.token, body: { filters: { type: "rant" } } }), 422, "validation_failed");
  });
});
