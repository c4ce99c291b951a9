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
