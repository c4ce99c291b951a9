import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { surveys } from "../../schema";
import { openDb } from "../../workers/core/db";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";

/** GET /customers/{id}/satisfaction: what a customer answered, newest first, with the ticket each was about. */
type Workspace = Awaited<ReturnType<typeof newWorkspace>>;
let ws: Workspace;
let customerId: string;
let otherCustomerId: string;
const tickets: { id: string; ref: string; subject: string; solvedAt: string }[] = [];

/** A survey row as the clock writes it after a solve; answered `minutesAgo` (null: not answered). */
async function survey(workspaceId: string, ticket: { id: string; solvedAt: string }, customer: string, answer: { rating: number; comment: string | null; minutesAgo: number } | null, scale: "good_bad" | "one_to_five" = "good_bad") {
  const now = new Date();
  await openDb(env.DB)
    .insert(surveys)
    .values({
      id: `srv_${crypto.randomUUID()}`,
      tenantId: workspaceId,
      ticketId: ticket.id,
      customerId: customer,
      solvedAt: new Date(ticket.solvedAt),
      scale,
      language: "en",
      rating: answer?.rating ?? null,
      comment: answer?.comment ?? null,
      answeredAt: answer ? new Date(now.getTime() - answer.minutesAgo * 60_000) : null,
      createdAt: now,
      updatedAt: now,
    });
}

beforeAll(async () => {
  ws = await newWorkspace("Survey Tea");
  for (const subject of ["Lid cracked", "Late parcel", "Wrong tea", "Refund please"]) {
    const ticket = await newTicket(ws.token, { subject, status: "solved", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    tickets.push({ id: ticket.id, ref: ticket.ref, subject, solvedAt: ticket.solvedAt });
  }
  customerId = (await call("GET", `/tickets/${tickets[0]!.id}`, { token: ws.token })).body.requesterId;
  otherCustomerId = (await call("POST", "/customers", { token: ws.token, body: { name: "Someone Else", emails: ["else@example.com"] } })).body.id;
  await survey(ws.workspace.id, tickets[0]!, customerId, { rating: 0, comment: "The lid was still cracked", minutesAgo: 30 });
  await survey(ws.workspace.id, tickets[1]!, customerId, { rating: 5, comment: null, minutesAgo: 5 }, "one_to_five");
  await survey(ws.workspace.id, tickets[2]!, customerId, null); // sent, never answered
  await survey(ws.workspace.id, tickets[3]!, otherCustomerId, { rating: 1, comment: "Not mine", minutesAgo: 1 }); // asked someone else
}, 60_000);

describe("a customer's satisfaction answers", () => {
  it("lists only their answered surveys, newest answer first, with rating, comment and ticket", async () => {
    const res = await call("GET", `/customers/${customerId}/satisfaction`, { token: ws.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toMatchObject([
      { answer: "5", scale: "one_to_five", comment: null, ticketId: tickets[1]!.id, ticketRef: tickets[1]!.ref, ticketSubject: "Late parcel" },
      { answer: "bad", scale: "good_bad", comment: "The lid was still cracked", ticketId: tickets[0]!.id, ticketRef: tickets[0]!.ref, ticketSubject: "Lid cracked" },
    ]);
  });

  it("keeps to the limit asked", async () => {
    const res = await call("GET", `/customers/${customerId}/satisfaction?limit=1`, { token: ws.token });
    expect(res.body.items.map((s: { ticketId: string }) => s.ticketId)).toEqual([tickets[1]!.id]);
  });

  it("answers an empty list for a customer who never answered", async () => {
    const fresh = (await call("POST", "/customers", { token: ws.token, body: { name: "New Buyer", emails: ["new.buyer@example.com"] } })).body.id;
    expect((await call("GET", `/customers/${fresh}/satisfaction`, { token: ws.token })).body).toEqual({ items: [] });
  });

  it("refuses a bad limit and an unknown customer with the problem envelope", async () => {
    expectProblem(await call("GET", `/customers/${customerId}/satisfaction?limit=0`, { token: ws.token }), 422, "validation_failed");
    expectProblem(await call("GET", `/customers/${customerId}/satisfaction?limit=abc`, { token: ws.token }), 422, "validation_failed");
    expectProblem(await call("GET", "/customers/cus_missing/satisfaction", { token: ws.token }), 404);
  });

  it("is another workspace's 404", async () => {
    const other = await newWorkspace("Other Tea");
    expectProblem(await call("GET", `/customers/${customerId}/satisfaction`, { token: other.token }), 404);
  });
});
