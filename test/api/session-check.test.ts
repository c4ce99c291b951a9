import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/main";
import { checkedInFirstRead } from "../../workers/core/auth/session-check";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";

/**
 * On the ticket routes, a session the isolate has read before is checked inside the route's first
 * batch of reads (workers/core/auth/session-check.ts, workers/api/auth-middleware.ts). What must
 * hold: a revoked session or a deactivated agent is refused before anything is written or shown;
 * a change of settings since the isolate knew the caller runs the request again, body and all.
 */
async function measured(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const usage = newUsage();
  const ctx = createExecutionContext();
  const request = new Request(`https://kefu.test/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, DB: recordingD1(env.DB, usage) }, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, usage };
}

const subjectOf = async (ticketId: string) => (await env.DB.prepare("select subject from tickets where id = ?").bind(ticketId).first<{ subject: string }>())!.subject;

describe("the session checked inside a ticket route's first read", () => {
  it("a ticket read by a caller the isolate knows is one round trip", async () => {
    const ws = await newWorkspace();
    const ticket = await newTicket(ws.token);
    const first = await measured("GET", `/tickets/${ticket.id}`, ws.token);
    const second = await measured("GET", `/tickets/${ticket.id}`, ws.token);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.subject).toBe(ticket.subject);
    expect(second.usage.roundTrips).toBe(1);
  });

  it("after sign-out the same token is refused, and a change sent with it is not made", async () => {
    const ws = await newWorkspace();
    const agent = await newMember(ws.token, "agent");
    const ticket = await newTicket(ws.token, { subject: "Kettle" });
    expect((await measured("GET", `/tickets/${ticket.id}`, agent.token)).status).toBe(200); // known to the isolate now
    expect((await call("POST", "/auth/logout", { token: agent.token })).status).toBeLessThan(300);

    expectProblem(await call("GET", `/tickets/${ticket.id}`, { token: agent.token }), 401, "invalid_credentials");
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { subject: "Changed by a signed-out agent" } }), 401, "invalid_credentials");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token: agent.token, body: { kind: "note", body: "From a signed-out agent" } }), 401, "invalid_credentials");
    expect(await subjectOf(ticket.id)).toBe("Kettle");
    expect((await env.DB.prepare("select count(*) as n from messages where ticket_id = ? and body_text like '%signed-out%'").bind(ticket.id).first<{ n: number }>())!.n).toBe(0);
    // A request the route refuses before reaching the database is still refused for its credential first.
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { priority: "not a priority" } }), 401, "invalid_credentials");
  });

  it("a session past its expiry is refused, though its token is still within its hour", async () => {
    const ws = await newWorkspace();
    const ticket = await newTicket(ws.token);
    expect((await measured("GET", `/tickets/${ticket.id}`, ws.token)).status).toBe(200);
    await env.DB.prepare("update sessions set expires_at = ? where user_id = ?").bind(Date.now() - 1_000, ws.user.id).run();
    expectProblem(await call("GET", `/tickets/${ticket.id}`, { token: ws.token }), 401, "invalid_credentials");
  });

  it("a deactivated agent is refused at once", async () => {
    const ws = await newWorkspace();
    const agent = await newMember(ws.token, "agent");
    const ticket = await newTicket(ws.token, { subject: "Teapot" });
    expect((await measured("GET", `/tickets/${ticket.id}`, agent.token)).status).toBe(200);
    expect((await call("PATCH", `/users/${agent.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { subject: "Changed by a deactivated agent" } }), 401, "invalid_credentials");
    expect(await subjectOf(ticket.id)).toBe("Teapot");
  });

  it("after a change of settings the request runs again with its body, sees the change, and is then known again", async () => {
    const ws = await newWorkspace();
    await newTicket(ws.token); // the caller is known to the isolate
    const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Day", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: false } } } } });
    expect(policy.status).toBe(201);

    const created = await measured("POST", "/tickets", ws.token, { subject: "After the policy", description: "Hello", requester: { email: "li.wei@example.com" } }, { "Idempotency-Key": "after-the-policy" });
    expect(created.status).toBe(201);
    expect(created.body.subject).toBe("After the policy");
    const clocks = await env.DB.prepare("select count(*) as n from sla_clocks where ticket_id = ?").bind(created.body.id).first<{ n: number }>();
    expect(clocks!.n).toBeGreaterThan(0); // the new policy applied

    const repeated = await measured("POST", "/tickets", ws.token, { subject: "After the policy", description: "Hello", requester: { email: "li.wei@example.com" } }, { "Idempotency-Key": "after-the-policy" });
    expect(repeated.body.id).toBe(created.body.id); // the key was claimed once, by the run that made the ticket
    // Known again: the same create costs one round trip less (the first attempt's check, which found the settings changed).
    const steady = await measured("POST", "/tickets", ws.token, { subject: "Later", description: "Hello", requester: { email: "li.wei@example.com" } }, { "Idempotency-Key": "later" });
    expect(steady.status).toBe(201);
    expect(created.usage.roundTrips).toBe(steady.usage.roundTrips + 1);
    const next = await measured("PATCH", `/tickets/${created.body.id}`, ws.token, { priority: "high" });
    expect(next.status).toBe(200);
    expect(next.usage.roundTrips).toBe(2);
  });

  it("a reply sent after a change of settings is made once, with its text", async () => {
    const ws = await newWorkspace();
    const ticket = await newTicket(ws.token);
    expect((await call("POST", "/macros", { token: ws.token, body: { title: "Thanks", replyText: "Thank you" } })).status).toBe(201);
    const reply = await measured("POST", `/tickets/${ticket.id}/messages`, ws.token, { kind: "reply", body: "Sent once, after the macro" });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const sent = await env.DB.prepare("select count(*) as n from messages where ticket_id = ? and body_text = ?").bind(ticket.id, "Sent once, after the macro").first<{ n: number }>();
    expect(sent!.n).toBe(1);
    // It ran twice: its first batch found the settings changed (one round trip), then it ran with the session read in full (one more).
    const second = await measured("POST", `/tickets/${ticket.id}/messages`, ws.token, { kind: "reply", body: "Known again" });
    expect(reply.usage.roundTrips).toBe(second.usage.roundTrips + 2);
  });
});

describe("a session-checked D1 binding", () => {
  const refusing = (rows: Record<string, unknown>[]) => {
    if (!rows.length) throw new Error("refused");
  };
  it("checks alone before a write, a batch with a write or a statement run on its own, and a refusal writes nothing", async () => {
    const ws = await newWorkspace("Untouched Tea");
    const tenantId = (await env.DB.prepare("select tenant_id from users where id = ?").bind(ws.user.id).first<{ tenant_id: string }>())!.tenant_id;
    const rename = (d1: D1Database) => d1.prepare("update tenants set name = 'Renamed' where id = ?").bind(tenantId);
    for (const send of [(d1: D1Database) => d1.batch([d1.prepare("select 1"), rename(d1)]), (d1: D1Database) => rename(d1).run(), (d1: D1Database) => d1.batch([rename(d1)])]) {
      const { d1 } = checkedInFirstRead(env.DB, env.DB.prepare("select 1 as live where 0"), refusing);
      await expect(send(d1)).rejects.toThrow("refused");
    }
    const name = async () => (await env.DB.prepare("select name from tenants where id = ?").bind(tenantId).first<{ name: string }>())!.name;
    expect(await name()).toBe("Untouched Tea");
    const { d1: live } = checkedInFirstRead(env.DB, env.DB.prepare("select 1 as live"), refusing);
    await rename(live).run(); // the same write, the check passing: made
    expect(await name()).toBe("Renamed");

    const usage = newUsage();
    const db = recordingD1(env.DB, usage);
    const { d1 } = checkedInFirstRead(db, db.prepare("select 1 as live"), refusing);
    expect((await d1.prepare("select 5 as five").first()) as unknown).toEqual({ five: 5 });
    expect(usage.roundTrips).toBe(2); // the check, then the statement
  });

  it("a batch that fails leaves the check to be made again", async () => {
    const { d1, confirmed } = checkedInFirstRead(env.DB, env.DB.prepare("select 1 as live"), refusing);
    await expect(d1.batch([d1.prepare("select * from no_such_table")])).rejects.toThrow();
    await expect(confirmed()).resolves.toBeUndefined();
  });
});
