import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/core/db";
import { addAgentMessage } from "../../workers/core/tickets/replies";
import { createTicket, updateTicket } from "../../workers/core/tickets/ticket-store";
import { tick } from "../helpers/cron";
import { call, newTicket, newWorkspace } from "../helpers/api";

// Derived work (SLA clocks today) happens inside the core write functions: a caller that is not
// a route — the cron, the mail handler, a future channel — gets it without remembering to ask.

const db = openDb(env.DB);
const MINUTE = 60_000;
const mail = { mailer: { send: async () => undefined }, mailDomain: "kefu.localhost" };


const clocksOf = (ticketId: string) => db.query.slaClocks.findMany({ where: (c, { eq }) => eq(c.ticketId, ticketId) });
const owed = (tenantId: string) => db.query.workItems.findMany({ where: (w, { eq }) => eq(w.tenantId, tenantId) });

describe("derived work inside the core write functions", () => {
  it("creating, changing and answering a ticket through the core alone keeps its clocks current, and leaves nothing owed", { timeout: 60_000 }, async () => {
    const { token, workspace, user } = await newWorkspace();
    await call("POST", "/sla-policies", { token, body: { name: "Day", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: false } }, urgent: { first_reply: { minutes: 15, businessHours: false } } } } });
    const customer = await call("POST", "/customers", { token, body: { name: "Li Wei", emails: ["li.wei@example.com"] } });
    const scope = { db, tenantId: workspace.id };
    const actor = { type: "agent", id: user.id } as const;
    const t0 = new Date();
    const ticket = await createTicket(
      scope,
      actor,
      { subject: "Lid cracked", description: "Hello", requester: { id: customer.body.id }, status: "new", priority: "normal", type: "question", channel: "api", assigneeId: null, groupId: null, tags: [] },
      t0,
    );
    expect((await clocksOf(ticket.id)).map((c) => [c.metric, c.dueAt?.getTime()])).toEqual([["first_reply", t0.getTime() + 60 * MINUTE]]);

    const t1 = new Date(t0.getTime() + MINUTE);
    await updateTicket(scope, actor, ticket.id, { priority: "urgent" }, t1);
    expect((await clocksOf(ticket.id)).map((c) => c.dueAt?.getTime())).toEqual([t0.getTime() + 15 * MINUTE]);

    await addAgentMessage(scope, mail, user.id, ticket.id, { kind: "reply", body: "A new lid is on its way." }, new Date(t1.getTime() + MINUTE));
    expect((await clocksOf(ticket.id)).map((c) => c.state)).toEqual(["fulfilled"]);
    expect(await owed(workspace.id)).toEqual([]);
  });

  it("a customer's new tier and a merge re-match their open tickets' policy: owed in the same batch, finished by the cron", { timeout: 60_000 }, async () => {
    const { token, workspace } = await newWorkspace();
    await call("POST", "/sla-policies", { token, body: { name: "VIP", conditions: { customerTiers: ["vip"] }, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
    await call("POST", "/sla-policies", { token, body: { name: "Everyone", conditions: {}, targets: { normal: { first_reply: { minutes: 600, businessHours: false } } } } });
    const ticket = await newTicket(token, { requester: { email: "grace@jade.example", name: "Grace" } });
    const policyOf = async (id: string) => (await db.query.slaClocks.findFirst({ where: (c, { eq }) => eq(c.ticketId, id) }))!.policyId;
    const policies = (await call("GET", "/sla-policies", { token })).body.items as { id: string; name: string }[];
    const named = (name: string) => policies.find((p) => p.name === name)!.id;
    expect(await policyOf(ticket.id)).toBe(named("Everyone"));

    expect((await call("PATCH", `/customers/${ticket.requesterId}`, { token, body: { tier: "vip" } })).status).toBe(200);
    expect((await owed(workspace.id)).map((w) => [w.kind, w.itemId])).toEqual([["sla_recompute", ticket.id]]);
    await tick(new Date(Date.now() + 2 * MINUTE));
    expect(await policyOf(ticket.id)).toBe(named("VIP"));
    expect(await owed(workspace.id)).toEqual([]);

    // A standard customer merged into the VIP one: their ticket is a VIP's now.
    const other = await newTicket(token, { requester: { email: "grace@work.example", name: "Grace (work)" } });
    expect(await policyOf(other.id)).toBe(named("Everyone"));
    expect((await call("POST", `/customers/${ticket.requesterId}/merge`, { token, body: { sourceCustomerId: other.requesterId } })).status).toBe(200);
    await tick(new Date(Date.now() + 4 * MINUTE));
    expect(await policyOf(other.id)).toBe(named("VIP"));
  });
});
