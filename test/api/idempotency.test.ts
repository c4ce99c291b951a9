import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { pruneIdempotencyKeys } from "../../workers/core/idempotency/idempotency-store";
import { openDb } from "../../workers/core/db";
import { call, expectProblem, newMember, newTicket, newWorkspace, typedClient } from "../helpers/api";

/** `Idempotency-Key` on the three create routes, with Stripe's semantics. */
const keyed = (key: string) => ({ headers: { "Idempotency-Key": key } });
const count = async (table: string, tenantId: string) => (await env.DB.prepare(`select count(*) as n from ${table} where tenant_id = ?`).bind(tenantId).first<{ n: number }>())!.n;
const newTicketBody = { subject: "Lid cracked", description: "The lid arrived cracked.", requester: { email: "li.wei@example.com", name: "Li Wei" } };

describe("Idempotency-Key", () => {
  it("POST /tickets sent twice with one key creates one ticket and replays the first answer", async () => {
    const owner = await newWorkspace();
    const client = typedClient(owner.token);
    const first = await client.tickets.$post({ json: newTicketBody }, keyed("order-1"));
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const again = await client.tickets.$post({ json: newTicketBody }, keyed("order-1"));
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.headers.get("Content-Type")).toContain("application/json");
    expect(await again.json()).toEqual(await first.json());
    expect(await count("tickets", owner.workspace.id)).toBe(1);
  });

  it("POST /tickets/{id}/messages replayed adds no second message (and sends no second mail)", async () => {
    const owner = await newWorkspace();
    const ticket = await newTicket(owner.token);
    const client = typedClient(owner.token);
    const send = () => client.tickets[":id"].messages.$post({ param: { id: ticket.id }, json: { kind: "reply", body: "A new lid is on its way." } }, keyed("reply-1"));
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    const [a, b] = [await first.json(), await again.json()];
    expect(b).toEqual(a);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const messages = await call("GET", `/tickets/${ticket.id}/messages`, { token: owner.token });
    expect(messages.body.items.filter((m: { kind: string }) => m.kind === "reply")).toHaveLength(1);
    expect(await count("outbound_messages", owner.workspace.id)).toBe(1);
  });

  it("POST /customers replayed returns the same customer; without a key it behaves as before (409 for the taken address)", async () => {
    const owner = await newWorkspace();
    const body = { name: "陈静", emails: ["chen@example.com"] };
    const first = await call("POST", "/customers", { token: owner.token, body, ...keyed("cus-1") });
    const again = await call("POST", "/customers", { token: owner.token, body, ...keyed("cus-1") });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expectProblem(await call("POST", "/customers", { token: owner.token, body }), 409, "email_taken");
  });

  it("the same key with another body, path or user is refused with 422 idempotency_key_reused", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    const ticket = await newTicket(owner.token);
    expect((await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("k") })).status).toBe(201);
    const reused = expectProblem(await call("POST", "/tickets", { token: owner.token, body: { ...newTicketBody, subject: "Another" }, ...keyed("k") }), 422, "idempotency_key_reused");
    expect(reused.errors?.[0]?.field).toBe("header.idempotency-key");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token: owner.token, body: { kind: "note", body: "x" }, ...keyed("k") }), 422, "idempotency_key_reused");
    expectProblem(await call("POST", "/tickets", { token: agent.token, body: newTicketBody, ...keyed("k") }), 422, "idempotency_key_reused");
    expect(await count("tickets", owner.workspace.id)).toBe(2);
  });

  it("keys are per workspace: another workspace's identical key and body run independently", async () => {
    const [a, b] = [await newWorkspace(), await newWorkspace()];
    const first = await call("POST", "/tickets", { token: a.token, body: newTicketBody, ...keyed("shared") });
    const other = await call("POST", "/tickets", { token: b.token, body: newTicketBody, ...keyed("shared") });
    expect([first.status, other.status]).toEqual([201, 201]);
    expect(other.headers.get("Idempotent-Replayed")).toBeNull();
    expect(other.body.id).not.toBe(first.body.id);
    expect(await count("tickets", b.workspace.id)).toBe(1);
  });

  it("a key whose request still runs answers 409 idempotency_key_in_use; an abandoned claim is taken over", async () => {
    const owner = await newWorkspace();
    const hash = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(newTicketBody))))].map((x) => x.toString(16).padStart(2, "0")).join("");
    const claim = (createdAt: number) =>
      env.DB.prepare("insert or replace into idempotency_keys (tenant_id, key, user_id, route, request_hash, status, created_at) values (?, 'busy', ?, 'POST /api/v1/tickets', ?, null, ?)").bind(owner.workspace.id, owner.user.id, hash, createdAt).run();
    await claim(Date.now());
    expectProblem(await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("busy") }), 409, "idempotency_key_in_use");
    expect(await count("tickets", owner.workspace.id)).toBe(0);
    // Six minutes without an answer: the Worker that claimed it was stopped; the retry runs.
    await claim(Date.now() - 6 * 60_000);
    expect((await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("busy") })).status).toBe(201);
    expect(await count("tickets", owner.workspace.id)).toBe(1);
  });

  it("4xx answers are kept and replayed; a 5xx is forgotten so the same key can be retried", async () => {
    const owner = await newWorkspace();
    const bad = { ...newTicketBody, requester: { id: "cus_missing" } };
    const first = await call("POST", "/tickets", { token: owner.token, body: bad, ...keyed("bad") });
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    const again = await call("POST", "/tickets", { token: owner.token, body: bad, ...keyed("bad") });
    expect(again.status).toBe(first.status);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body.code).toBe(first.body.code);

    // A body refused by validation ran nothing: corrected, the same key goes through (as at Stripe).
    const invalid = await call("POST", "/tickets", { token: owner.token, body: { ...newTicketBody, subject: "" }, ...keyed("fixable") });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe("validation_failed");
    const corrected = await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("fixable") });
    expect(corrected.status).toBe(201);

    // A failure on our side: the messages table refuses writes for a moment.
    const ticket = await newTicket(owner.token);
    await env.DB.prepare("create trigger fail_messages before insert on messages begin select raise(abort, 'disk on fire'); end").run();
    try {
      const failed = await call("POST", `/tickets/${ticket.id}/messages`, { token: owner.token, body: { kind: "note", body: "retry me" }, ...keyed("flaky") });
      expect(failed.status).toBe(500);
    } finally {
      await env.DB.prepare("drop trigger fail_messages").run();
    }
    const retried = await call("POST", `/tickets/${ticket.id}/messages`, { token: owner.token, body: { kind: "note", body: "retry me" }, ...keyed("flaky") });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("refuses an empty or over-long key with 422, and is declared in the OpenAPI document", async () => {
    const owner = await newWorkspace();
    for (const key of ["", "k".repeat(256)]) {
      const problem = expectProblem(await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed(key) }), 422, "validation_failed");
      expect(problem.errors?.[0]?.field).toBe("header.idempotency-key");
    }
    expect((await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("k".repeat(255)) })).status).toBe(201);
    const doc = (await call("GET", "/openapi.json")).body;
    for (const [path, method] of [["/tickets", "post"], ["/tickets/{id}/messages", "post"], ["/customers", "post"]] as const) {
      expect(doc.paths[path][method].parameters, `${method} ${path}`).toEqual(expect.arrayContaining([expect.objectContaining({ name: "Idempotency-Key", in: "header" })]));
    }
  });

  it("the cron's prune forgets keys older than a day", async () => {
    const owner = await newWorkspace();
    expect((await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("old") })).status).toBe(201);
    await pruneIdempotencyKeys(openDb(env.DB), Date.now() + 23 * 3600_000);
    expect(await count("idempotency_keys", owner.workspace.id)).toBe(1);
    await pruneIdempotencyKeys(openDb(env.DB), Date.now() + 25 * 3600_000);
    expect(await count("idempotency_keys", owner.workspace.id)).toBe(0);
    expect((await call("POST", "/tickets", { token: owner.token, body: newTicketBody, ...keyed("old") })).headers.get("Idempotent-Replayed")).toBeNull();
  });
});
