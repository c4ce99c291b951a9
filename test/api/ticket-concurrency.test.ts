import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb, runBatch } from "../../workers/core/db";
import { getTicket, messageStatements } from "../../workers/core/tickets/ticket-store";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

describe("two agents changing the same ticket at once", () => {
  it("different fields: both changes stay (no lost update), each in the history", async () => {
    const { token } = await newWorkspace();
    const agent = await newMember(token);
    for (let round = 0; round < 5; round++) {
      const ticket = await newTicket(token);
      const [a, b] = await Promise.all([
        call("PATCH", `/tickets/${ticket.id}`, { token, body: { priority: "urgent" } }),
        call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { type: "complaint", tags: ["refund"] } }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const now = (await call("GET", `/tickets/${ticket.id}`, { token })).body;
      expect(now).toMatchObject({ priority: "urgent", type: "complaint", tags: ["refund"] });
      const events = (await call("GET", `/tickets/${ticket.id}/events`, { token })).body.items as { field: string; newValue: string }[];
      const changes = events.filter((e) => (e.field === "priority" && e.newValue === "urgent") || (e.field === "type" && e.newValue === "complaint") || (e.field === "tags" && e.newValue?.includes("refund")));
      expect(changes.map((e) => e.field).sort()).toEqual(["priority", "tags", "type"]);
    }
  });

  it("with If-Match: a change based on an old read is refused with 409 and the ticket as it is now", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const read = await call("GET", `/tickets/${ticket.id}`, { token });
    const etag = read.headers.get("ETag")!;
    expect(etag).toMatch(/^"\d+"$/);

    const first = await call("PATCH", `/tickets/${ticket.id}`, { token, headers: { "If-Match": etag }, body: { priority: "high" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("ETag")).not.toBe(etag);

    const stale = await call("PATCH", `/tickets/${ticket.id}`, { token, headers: { "If-Match": etag }, body: { priority: "low" } });
    const problem = expectProblem(stale, 409, "ticket_changed") as { current?: { priority: string; id: string } };
    expect(problem.current).toMatchObject({ id: ticket.id, priority: "high" });
    expect((await call("GET", `/tickets/${ticket.id}`, { token })).body.priority).toBe("high");

    const fresh = await call("PATCH", `/tickets/${ticket.id}`, { token, headers: { "If-Match": first.headers.get("ETag")! }, body: { priority: "low" } });
    expect(fresh.body.priority).toBe("low");
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token, headers: { "If-Match": "*" }, body: { priority: "normal" } })).status).toBe(200);
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token, headers: { "If-Match": "yesterday" }, body: { priority: "high" } }), 422);
  });

  it("with If-Match, of two racing changes from the same read exactly one wins; the other gets 409", async () => {
    const { token } = await newWorkspace();
    const agent = await newMember(token);
    const ticket = await newTicket(token);
    const etag = (await call("GET", `/tickets/${ticket.id}`, { token })).headers.get("ETag")!;
    const results = await Promise.all([
      call("PATCH", `/tickets/${ticket.id}`, { token, headers: { "If-Match": etag }, body: { priority: "urgent" } }),
      call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, headers: { "If-Match": etag }, body: { priority: "low" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await call("GET", `/tickets/${ticket.id}`, { token })).body.priority).toBe(winner.body.priority);
    const changes = (await call("GET", `/tickets/${ticket.id}/events`, { token })).body.items.filter((e: { field: string; newValue: string }) => e.field === "priority" && ["urgent", "low"].includes(e.newValue));
    expect(changes).toHaveLength(1);
  });
});

describe("two emails for the same ticket arriving at once", () => {
  it("both are appended to the ticket, in the order they arrived", async () => {
    const { token, slug } = await newWorkspace();
    const address = `${slug}@kefu.localhost`;
    await deliverEmail(email({ to: address, messageId: "start@customer.example", subject: "Order 77" }), { from: "li.wei@example.com", to: address });
    const [ticket] = (await call("GET", "/tickets", { token })).body.items;
    const follow = (n: number) => email({ to: address, messageId: `more-${n}@customer.example`, inReplyTo: "start@customer.example", subject: "Re: Order 77", body: `Follow-up ${n}` });
    await Promise.all([1, 2, 3].map((n) => deliverEmail(follow(n), { from: "li.wei@example.com", to: address })));
    const tickets = (await call("GET", "/tickets", { token })).body.items;
    expect(tickets).toHaveLength(1);
    const messages = (await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items as { bodyText: string; createdAt: string }[];
    expect(messages).toHaveLength(4);
    const followUps = messages.slice(1).map((m) => m.bodyText.trim());
    expect(followUps.sort()).toEqual(["Follow-up 1", "Follow-up 2", "Follow-up 3"]);
    const times = messages.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });
});

describe("a message written from a stale read", () => {
  it("an internal note does not put back the status another agent's reply just set", async () => {
    const { token, workspace, user } = await newWorkspace();
    const ticket = await newTicket(token);
    const scope = { db: openDb(env.DB), tenantId: workspace.id };
    // The note's writer read the ticket while it was still new…
    const stale = await getTicket(scope, ticket.id);
    // …then a colleague's reply solved it…
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Done.", status: "solved" } })).status).toBe(201);
    // …and the note lands after.
    const note = messageStatements(scope, { type: "agent", id: user.id }, stale, { kind: "note", bodyText: "Called them" }, {}, new Date(), null);
    await runBatch(scope.db, note.statements);
    expect((await call("GET", `/tickets/${ticket.id}`, { token })).body.status).toBe("solved");
  });
});

describe("safe send: a reply written before the customer's newest message", () => {
  /** A ticket started by mail, and what its agent read: the newest message's id. */
  async function emailedTicket() {
    const ws = await newWorkspace();
    const address = `${ws.slug}@kefu.localhost`;
    await deliverEmail(email({ to: address, messageId: "first@customer.example", subject: "Where is my tea?" }), { from: "li.wei@example.com", to: address });
    const [ticket] = (await call("GET", "/tickets", { token: ws.token })).body.items;
    const read = (await call("GET", `/tickets/${ticket.id}/messages`, { token: ws.token })).body.items as { id: string }[];
    const customerWrites = (n: number) =>
      deliverEmail(email({ to: address, messageId: `more-${n}@customer.example`, inReplyTo: "first@customer.example", subject: "Re: Where is my tea?", body: `Never mind, it came (${n})` }), { from: "li.wei@example.com", to: address });
    return { ...ws, ticket, seen: read.at(-1)!.id, customerWrites };
  }
  const messagesOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}/messages`, { token })).body.items as { id: string; kind: string; bodyText: string }[];

  it("is refused with 409 and the new message; nothing is sent; sending again after reading it goes through", async () => {
    const { token, workspace, ticket, seen, customerWrites } = await emailedTicket();
    await customerWrites(1);
    const repliesMailed = async () => (await openDb(env.DB).query.outboundMessages.findMany({ where: (o, { and, eq }) => and(eq(o.tenantId, workspace.id), eq(o.purpose, "reply")) })).length;

    const refused = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "It ships today.", seenMessageId: seen } });
    const problem = expectProblem(refused, 409, "newer_messages") as { current?: { id: string; kind: string; bodyText: string }[] };
    expect(problem.current!.map((m) => [m.kind, m.bodyText.trim()])).toEqual([["customer", "Never mind, it came (1)"]]);
    expect((await messagesOf(token, ticket.id)).map((m) => m.kind)).toEqual(["customer", "customer"]);
    expect(await repliesMailed()).toBe(0);

    const sent = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Glad it arrived!", seenMessageId: problem.current!.at(-1)!.id } });
    expect(sent.status).toBe(201);
    expect((await messagesOf(token, ticket.id)).map((m) => m.kind)).toEqual(["customer", "customer", "reply"]);
    expect(await repliesMailed()).toBe(1);
  });

  it("another agent's public reply conflicts; their internal note and my own earlier reply do not", async () => {
    const { token, ticket, seen } = await emailedTicket();
    const colleague = await newMember(token);
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token: colleague.token, body: { kind: "note", body: "I think this is the Longjing order" } })).status).toBe(201);
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Looking into it.", seenMessageId: seen } })).status).toBe(201);
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Found it.", seenMessageId: seen } })).status).toBe(201);

    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token: colleague.token, body: { kind: "reply", body: "It ships today." } })).status).toBe(201);
    const refused = expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "One more thing", seenMessageId: seen } }), 409, "newer_messages") as { current?: { bodyText: string }[] };
    expect(refused.current!.map((m) => m.bodyText)).toEqual(["It ships today."]);
  });

  it("a note never waits for the precondition; null means 'I saw no messages'; a message of another ticket is a 422 at the field", async () => {
    const { token, ticket, seen, customerWrites } = await emailedTicket();
    await customerWrites(2);
    expect((await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "Checking", seenMessageId: seen } })).status).toBe(201);
    const unseen = expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hello", seenMessageId: null } }), 409, "newer_messages") as { current?: unknown[] };
    expect(unseen.current).toHaveLength(2);

    const other = await newTicket(token);
    const [otherMessage] = await messagesOf(token, other.id);
    const wrong = expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hello", seenMessageId: otherMessage!.id } }), 422, "unknown_message") as { errors: { field: string; code: string }[] };
    expect(wrong.errors).toEqual([expect.objectContaining({ field: "body.seenMessageId", code: "unknown_message" })]);
  });
});
