import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { notifications, outboundMessages } from "../../schema";
import { openDb } from "../../workers/core/db";
import { SYSTEM } from "../../workers/core/sla/sla-alerts";
import { updateTickets } from "../../workers/core/tickets/ticket-store";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";

// The cron's own changes tell agents what the same change by an agent would (docs/notifications.md):
// an escalation that moves a ticket into a group with nobody assigned tells the group; a change
// that assigns tells the assignee; a raised priority and an auto-close tell nobody more.

const db = openDb(env.DB);
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const noticesOf = async (ticketId: string) =>
  (await db.select({ userId: notifications.userId, kind: notifications.kind, actorType: notifications.actorType }).from(notifications).where(eq(notifications.ticketId, ticketId))).map(
    (n) => `${n.userId}:${n.kind}:${n.actorType}`,
  );
const digestTo = (tenantId: string, address: string) =>
  db.select().from(outboundMessages).where(and(eq(outboundMessages.tenantId, tenantId), eq(outboundMessages.toAddress, address), eq(outboundMessages.purpose, "notification")));

/** A workspace with a group "Tier 2" (Bo and Cy in it; Ada not) and a policy escalating a first reply missed after 5 minutes to it. */
async function tieredWorkspace(name: string, escalatePriority: "urgent" | null) {
  const owner = await newWorkspace(name);
  const ada = await newMember(owner.token, "agent", "Ada");
  const bo = await newMember(owner.token, "agent", "Bo");
  const cy = await newMember(owner.token, "agent", "Cy");
  const group = await call("POST", "/groups", { token: owner.token, body: { name: "Second line" } });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  for (const member of [bo, cy]) expect((await call("POST", `/groups/${group.body.id}/members`, { token: owner.token, body: { userId: member.user.id } })).status).toBe(200);
  const five = { first_reply: { minutes: 5, businessHours: false } };
  const policy = await call("POST", "/sla-policies", { token: owner.token, body: { name: "Escalate", conditions: {}, escalatePriority, escalateGroupId: group.body.id, targets: { normal: five, urgent: five } } });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  return { owner, ada, bo, cy, groupId: group.body.id as string };
}

beforeAll(() => void vi.spyOn(console, "error").mockImplementation(() => undefined));

describe("the cron's escalations", () => {
  it("a ticket moved into a group with nobody assigned tells the group's members, in the app and in their digest", { timeout: 120_000 }, async () => {
    const { owner, ada, bo, cy, groupId } = await tieredWorkspace("Escalate Tea", null);
    const settings = (await call("GET", "/me/notification-settings", { token: cy.token })).body;
    expect((await call("PUT", "/me/notification-settings", { token: cy.token, body: { email: { ...settings.email, new_ticket: false } } })).status).toBe(200);
    // Ada is not in Tier 2: the escalation takes the ticket from her.
    const ticket = await newTicket(owner.token, { subject: "Tier 1 missed it", assigneeId: ada.user.id });
    await tick(minutes(6));
    expect((await call("GET", `/tickets/${ticket.id}`, { token: owner.token })).body).toMatchObject({ groupId, assigneeId: null });
    expect((await noticesOf(ticket.id)).sort()).toEqual(
      [`${ada.user.id}:assigned:agent`, `${ada.user.id}:sla_breach:system`, `${bo.user.id}:new_ticket:system`, `${cy.user.id}:new_ticket:system`].sort(),
    );
    const bell = (await call("GET", "/notifications", { token: bo.token })).body;
    expect(bell.items).toEqual([expect.objectContaining({ kind: "new_ticket", ticketId: ticket.id, ticketSubject: "Tier 1 missed it", actor: expect.objectContaining({ type: "system" }) })]);

    // The digest step mails it once quiet, per each member's settings (Cy turned new tickets off).
    await tick(minutes(9));
    const [mail, ...more] = await digestTo(owner.workspace.id, bo.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toContain(`New ticket #${ticket.number}`);
    expect(mail!.bodyText).toContain(`${env.APP_URL}/tickets/${ticket.id}`);
    expect(await digestTo(owner.workspace.id, cy.email)).toEqual([]);
  });

  it("a raised priority on a ticket whose assignee stays tells the assignee once (the breach notice), and the group nothing", { timeout: 120_000 }, async () => {
    const { owner, bo, cy, groupId } = await tieredWorkspace("Stay Tea", "urgent");
    // Bo is in Tier 2: the ticket moves with him and stays his.
    const ticket = await newTicket(owner.token, { assigneeId: bo.user.id });
    await tick(minutes(6));
    expect((await call("GET", `/tickets/${ticket.id}`, { token: owner.token })).body).toMatchObject({ groupId, assigneeId: bo.user.id, priority: "urgent" });
    expect((await noticesOf(ticket.id)).sort()).toEqual([`${bo.user.id}:assigned:agent`, `${bo.user.id}:sla_breach:system`].sort());
    expect((await noticesOf(ticket.id)).filter((n) => n.startsWith(cy.user.id))).toEqual([]);
  });
});

describe("the cron's grouped ticket writes", () => {
  it("a change that assigns tells the assignee, written with the change: two tickets cost the round trips of one", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Grouped Tea");
    const ada = await newMember(owner.token, "agent", "Ada");
    const assign = async (count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await newTicket(owner.token)).id);
      const usage = newUsage();
      const recorded = openDb(recordingD1(env.DB, usage));
      const outcomes = await updateTickets(SYSTEM, ids.map((id) => ({ scope: { db: recorded, tenantId: owner.workspace.id }, id, patch: { assigneeId: ada.user.id } })), new Date());
      expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => "fulfilled"));
      for (const id of ids) expect((await noticesOf(id)).filter((n) => n.startsWith(ada.user.id)).sort()).toEqual([`${ada.user.id}:assigned:system`, `${ada.user.id}:new_ticket:agent`]);
      return usage;
    };
    const one = await assign(1);
    const two = await assign(2);
    // The reads (with the agents to tell), the check of the assignee, the write with the notices.
    expect(one.roundTrips).toBe(3);
    expect(two.roundTrips).toBe(one.roundTrips);
  });

  it("a group whose batch fails is redone one at a time: the good change's notice is written once, the failed one's not at all", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Poison Tea");
    const ada = await newMember(owner.token, "agent", "Ada");
    const good = (await newTicket(owner.token, { subject: "Good one" })).id;
    const bad = (await newTicket(owner.token, { subject: "Bad one" })).id;
    await env.DB.prepare(`create trigger poison_assign before update of assignee_id on tickets when new.id = '${bad}' begin select raise(abort, 'poisoned assignment'); end`).run();
    let outcomes;
    try {
      outcomes = await updateTickets(SYSTEM, [good, bad].map((id) => ({ scope: { db, tenantId: owner.workspace.id }, id, patch: { assigneeId: ada.user.id } })), new Date());
    } finally {
      await env.DB.prepare("drop trigger poison_assign").run();
    }
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    expect((await noticesOf(good)).filter((n) => n.includes(":assigned:"))).toEqual([`${ada.user.id}:assigned:system`]);
    expect((await noticesOf(bad)).filter((n) => n.includes(":assigned:"))).toEqual([]);
  });
});

describe("the cron's auto-close", () => {
  it("tells nobody (its live event updates the lists)", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Close Tea");
    const ada = await newMember(owner.token, "agent", "Ada");
    expect((await call("PUT", "/sla-settings", { token: owner.token, body: { defaultCalendarId: null, autoCloseDays: 1 } })).status).toBe(200);
    const ticket = await newTicket(owner.token, { assigneeId: ada.user.id });
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { status: "solved" } })).status).toBe(200);
    const before = await noticesOf(ticket.id);
    await tick(minutes(2 * 24 * 60));
    expect((await call("GET", `/tickets/${ticket.id}`, { token: owner.token })).body.status).toBe("closed");
    expect(await noticesOf(ticket.id)).toEqual(before);
  });
});
