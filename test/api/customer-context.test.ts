import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { surveys } from "../../schema";
import { openDb } from "../../workers/core/db";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";

/** GET /customers/{id}/context: the ticket page's customer panel in one read (docs/web.md, "Who is asking"). */
const requester = { email: "li.wei@example.com", name: "Li Wei" };

describe("customer context", () => {
  it("holds the customer, their other open and recent tickets and their answers, as the separate reads give them", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const open = [];
    for (const subject of ["One", "Two", "Three", "Four", "Five", "Six", "Seven"]) open.push(await newTicket(ws.token, { subject, requester }));
    const done = await newTicket(ws.token, { subject: "Solved one", status: "solved", requester });
    const elsewhere = await newTicket(ws.token, { subject: "Someone else", requester: { email: "bo@example.com" } });
    const customerId = open[0].requesterId as string;
    await call("PATCH", `/customers/${customerId}`, { token: ws.token, body: { tier: "vip", organization: "Oolong Traders", notes: "Prefers email", emails: ["li.wei@example.com", "li@oolong.example"] } });
    const now = new Date();
    await openDb(env.DB).insert(surveys).values({ id: "srv_ctx_1", tenantId: ws.workspace.id, ticketId: done.id, customerId, solvedAt: now, scale: "good_bad", language: "en", rating: 1, comment: "Quick", answeredAt: now, createdAt: now, updatedAt: now });

    const res = await call("GET", `/customers/${customerId}/context?besides=${open[6].id}`, { token: ws.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get("ETag")).toBe(`"${Date.parse(res.body.customer.updatedAt)}"`);
    const customer = await call("GET", `/customers/${customerId}`, { token: ws.token });
    expect(res.body.customer).toEqual(customer.body);
    expect(res.body.customer).toMatchObject({ tier: "vip", organization: "Oolong Traders", notes: "Prefers email", emails: ["li.wei@example.com", "li@oolong.example"] });
    // The open ticket itself is left out; the latest five others, newest change first; more exist.
    expect(res.body.openTickets.map((t: { subject: string }) => t.subject)).toEqual(["Six", "Five", "Four", "Three", "Two"]);
    expect(res.body.openTickets[0]).toMatchObject({ id: open[5].id, ref: open[5].ref, status: "new" });
    expect(res.body.recentTickets.map((t: { id: string }) => t.id)).toEqual([done.id]);
    expect(res.body.moreTickets).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(elsewhere.id);
    const answers = await call("GET", `/customers/${customerId}/satisfaction?limit=5`, { token: ws.token });
    expect(res.body.satisfaction).toEqual(answers.body.items);
    expect(res.body.satisfaction).toHaveLength(1);

    // Few tickets: no "more".
    const bo = await call("GET", `/customers/${elsewhere.requesterId}/context`, { token: ws.token });
    expect(bo.body).toMatchObject({ openTickets: [{ id: elsewhere.id }], recentTickets: [], moreTickets: false, satisfaction: [] });
    const boBesides = await call("GET", `/customers/${elsewhere.requesterId}/context?besides=${elsewhere.id}`, { token: ws.token });
    expect(boBesides.body.openTickets).toEqual([]);
  });

  it("is 404 for another workspace's customer and 4xx for bad input", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace("Other");
    const theirs = await newTicket(other.token, { requester });
    expectProblem(await call("GET", `/customers/${theirs.requesterId}/context`, { token: ws.token }), 404);
    expectProblem(await call("GET", `/customers/cus_nope/context`, { token: ws.token }), 404);
    expectProblem(await call("GET", `/customers/${theirs.requesterId}/context`), 401);
    for (const query of ["besides=", `besides=${"x".repeat(65)}`, "colour=red"]) expectProblem(await call("GET", `/customers/${theirs.requesterId}/context?${query}`, { token: other.token }), 422);
    // Another workspace's ticket named in `besides` changes nothing.
    const mine = await newTicket(ws.token, { requester });
    const seen = await call("GET", `/customers/${mine.requesterId}/context?besides=${theirs.id}`, { token: ws.token });
    expect(seen.body.openTickets.map((t: { id: string }) => t.id)).toEqual([mine.id]);
  });
});
