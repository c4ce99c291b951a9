import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDb } from "../../workers/core/db";
import { deliver, queueOutbound } from "../../workers/core/mail/outbox";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { newUsage } from "../helpers/d1-recorder";

// In production every D1 call is a round trip to the database: the cron tick sends all of its
// scans in one batch, and a due item costs a fixed number of round trips.

const db = openDb(env.DB);
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * The tick's scans (1), a breach alert — its reads, its batch, the send outcomes (3) — and the
 * ticket's SLA write after it (2, ticket-sla.ts). Measured; may only go down.
 */
const BREACH_TICK_BUDGET = 6;

async function measuredTick(at: Date) {
  const usage = newUsage();
  await tick(at, usage);
  return usage;
}

const describeUsage = (usage: ReturnType<typeof newUsage>) => `${usage.roundTrips} round trips, ${usage.statements} statements\n${usage.sql.map((s) => s.sql.slice(0, 140)).join("\n")}`;

/** A workspace whose policy gives a first reply `minutes`, with one new ticket under it. */
async function workspaceWithTicket(minutes: number) {
  const owner = await newWorkspace();
  const policy = await call("POST", "/sla-policies", { token: owner.token, body: { name: "Reply", conditions: {}, targets: { normal: { first_reply: { minutes, businessHours: false } } } } });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  return { owner, ticket: await newTicket(owner.token) };
}

/** An outbound message whose first attempt failed at `start`: due for its retry a minute later. */
async function failedOnce(tenantId: string, start: Date) {
  const id = `out_retry_${Math.random().toString(36).slice(2)}`;
  await queueOutbound(db, { id, tenantId, purpose: "reply", fromAddress: "shop@kefu.localhost", fromName: "Shop", toAddress: "customer@example.com", subject: "Re: Hello", bodyText: "Hello again", emailMessageId: `${id}@kefu.localhost`, createdAt: start });
  const failed = await deliver(db, { send: () => Promise.reject(new Error("421 try later")) }, (await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, id) }))!, start);
  expect(failed.status).toBe("failed");
  return failed;
}

/** A solved ticket in a workspace with surveys off: its skip is due at once. */
async function solvedWithSurveysOff(token: string): Promise<string> {
  const off = await call("PUT", "/survey-settings", { token, body: { enabled: false, delayMinutes: 1440, scale: "good_bad", question: null, allowComment: true, language: "auto", resendAfterReopen: false } });
  expect(off.status, JSON.stringify(off.body)).toBe(200);
  const ticket = await newTicket(token);
  expect((await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } })).status).toBe(200);
  return ticket.id;
}

const breachAlerts = async (ticketId: string) => (await db.query.slaAlerts.findMany({ where: (a, { and, eq }) => and(eq(a.ticketId, ticketId), eq(a.kind, "breach")) })).length;

afterEach(() => void vi.restoreAllMocks());

describe("the cron tick's round trips", () => {
  it("one due breach alert costs a small fixed number, the same with more recipients, webhooks and workspaces that have nothing due", { timeout: 120_000 }, async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok"));
    const first = await workspaceWithTicket(1);
    // The policy's recomputation pass, before the deadline: nothing else is due after it.
    await tick(new Date(Date.now() + 30 * SECOND));
    const one = await measuredTick(new Date(Date.now() + 2 * MINUTE));
    expect(await breachAlerts(first.ticket.id)).toBe(1);
    expect(one.roundTrips, describeUsage(one)).toBeLessThanOrEqual(BREACH_TICK_BUDGET);

    // Five more workspaces with open tickets not yet due, two more admins and a webhook to alert.
    for (let i = 0; i < 5; i++) await workspaceWithTicket(600);
    const second = await workspaceWithTicket(1);
    await newMember(second.owner.token, "admin");
    await newMember(second.owner.token, "admin");
    const hook = await call("POST", "/webhooks", { token: second.owner.token, body: { name: "Ops", url: "https://hooks.example/kefu", format: "json", events: ["sla.breach"] } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    // Their recomputation passes (five workspaces a tick), before the deadline.
    await tick(new Date(Date.now() + 20 * SECOND));
    await tick(new Date(Date.now() + 30 * SECOND));
    const more = await measuredTick(new Date(Date.now() + 2 * MINUTE));
    expect(await breachAlerts(second.ticket.id)).toBe(1);
    // Three people mailed and one webhook posted, all recorded.
    const mailed = await db.query.outboundMessages.findMany({ where: (o, { and, eq }) => and(eq(o.ticketId, second.ticket.id), eq(o.purpose, "sla_breach")) });
    expect(mailed.map((m) => m.status)).toEqual(["sent", "sent", "sent"]);
    const posted = await db.query.webhookDeliveries.findMany({ where: (d, { eq }) => eq(d.webhookId, hook.body.webhook.id) });
    expect(posted.map((d) => d.status)).toEqual(["sent"]);
    expect(more.roundTrips, describeUsage(more)).toBe(one.roundTrips);
    // The three e-mails' send outcomes (the same) are recorded by one statement.
    expect(more.sql.filter((s) => s.sql.startsWith('update "outbound_messages"')), describeUsage(more)).toHaveLength(1);
  });

  it("due warnings are raised together: four cost the round trips of one", { timeout: 120_000 }, async () => {
    const warned = async (count: number) => {
      const tickets: string[] = [];
      for (let i = 0; i < count; i++) {
        const { token } = await newWorkspace();
        const policy = await call("POST", "/sla-policies", { token, body: { name: "Warn", conditions: {}, warnBeforeMinutes: 10, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
        expect(policy.status, JSON.stringify(policy.body)).toBe(201);
        tickets.push((await newTicket(token)).id);
      }
      // The recomputation passes, long before the warnings (20 minutes on).
      await tick(new Date(Date.now() + 10 * SECOND));
      const usage = await measuredTick(new Date(Date.now() + 25 * MINUTE));
      for (const id of tickets) expect((await db.query.slaAlerts.findMany({ where: (a, { and, eq }) => and(eq(a.ticketId, id), eq(a.kind, "warning")) })).length).toBe(1);
      return usage;
    };
    const one = await warned(1);
    const four = await warned(4);
    // The scans, then the group's reads, its batch and the send outcomes.
    expect(one.roundTrips, describeUsage(one)).toBe(4);
    expect(four.roundTrips, describeUsage(four)).toBe(one.roundTrips);
  });

  it("due mail retries are claimed, sent and recorded together: three cost the round trips of one", { timeout: 60_000 }, async () => {
    const { workspace } = await newWorkspace();
    const retries = async (count: number, start: Date) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await failedOnce(workspace.id, start)).id);
      const usage = await measuredTick(new Date(start.getTime() + 2 * MINUTE));
      for (const id of ids) expect((await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, id) }))!.status).toBe("sent");
      return usage;
    };
    const one = await retries(1, new Date(Date.now() + 10 * MINUTE));
    const three = await retries(3, new Date(Date.now() + 20 * MINUTE));
    // The scans, the claims, the outcomes.
    expect(one.roundTrips, describeUsage(one)).toBe(3);
    expect(three.roundTrips, describeUsage(three)).toBe(one.roundTrips);
  });

  it("survey skips are recorded together: three cost the round trips of one", { timeout: 60_000 }, async () => {
    const skippedSolves = async (count: number) => {
      const tickets: string[] = [];
      for (let i = 0; i < count; i++) {
        tickets.push(await solvedWithSurveysOff((await newWorkspace()).token));
      }
      const usage = await measuredTick(new Date(Date.now() + 2 * MINUTE));
      for (const id of tickets) expect((await db.query.tickets.findFirst({ where: (t, { eq }) => eq(t.id, id) }))!.surveyForSolve).not.toBeNull();
      return usage;
    };
    const one = await skippedSolves(1);
    const three = await skippedSolves(3);
    // The scans, then every skip in one batch.
    expect(one.roundTrips, describeUsage(one)).toBe(2);
    expect(three.roundTrips, describeUsage(three)).toBe(one.roundTrips);

    // One workspace's skip cannot be recorded: the batch fails, the others are recorded one by
    // one and the poison one is shown to its admins.
    const good = await newWorkspace();
    const bad = await newWorkspace();
    const solved: Record<string, string> = {};
    for (const { token, workspace } of [good, bad]) solved[workspace.id] = await solvedWithSurveysOff(token);
    await env.DB.prepare(`create trigger poison_skip before update of survey_for_solve on tickets when new.tenant_id = '${bad.workspace.id}' begin select raise(abort, 'poisoned skip'); end`).run();
    try {
      await measuredTick(new Date(Date.now() + 2 * MINUTE));
    } finally {
      await env.DB.prepare("drop trigger poison_skip").run();
    }
    const decided = async (id: string) => (await db.query.tickets.findFirst({ where: (t, { eq }) => eq(t.id, id) }))!.surveyForSolve;
    expect(await decided(solved[good.workspace.id]!)).not.toBeNull();
    expect(await decided(solved[bad.workspace.id]!)).toBeNull();
    const failures = (await call("GET", "/background-failures", { token: bad.token })).body.items as { kind: string; error: string }[];
    expect(failures).toEqual([expect.objectContaining({ kind: "survey", error: expect.stringMatching(/poisoned skip/) })]);
  });

  it("due escalations are written together: four (in four workspaces) cost the round trips of one", { timeout: 120_000 }, async () => {
    const escalated = async (count: number) => {
      const tickets: { token: string; id: string; group: string }[] = [];
      for (let i = 0; i < count; i++) {
        const { token } = await newWorkspace();
        const group = await call("POST", "/groups", { token, body: { name: `Tier 2 ${i}` } });
        expect(group.status, JSON.stringify(group.body)).toBe(201);
        const policy = await call("POST", "/sla-policies", {
          token,
          body: { name: "Escalate", conditions: {}, escalatePriority: "urgent", escalateGroupId: group.body.id, targets: { normal: { first_reply: { minutes: 1, businessHours: false } }, urgent: { first_reply: { minutes: 1, businessHours: false } } } },
        });
        expect(policy.status, JSON.stringify(policy.body)).toBe(201);
        tickets.push({ token, id: (await newTicket(token)).id, group: group.body.id });
      }
      // The policies' recomputation passes, before the deadlines.
      await tick(new Date(Date.now() + 30 * SECOND));
      const usage = await measuredTick(new Date(Date.now() + 2 * MINUTE));
      for (const { token, id, group } of tickets) {
        expect((await call("GET", `/tickets/${id}`, { token })).body).toMatchObject({ priority: "urgent", groupId: group });
        expect(await breachAlerts(id)).toBe(1);
        // The escalation's own write stored the clocks as they are after the breach.
        const clocks = await db.query.slaClocks.findMany({ where: (c, { eq }) => eq(c.ticketId, id) });
        expect(clocks).toEqual([expect.objectContaining({ metric: "first_reply", state: "breached", breachAlerted: true })]);
      }
      return usage;
    };
    const one = await escalated(1);
    const four = await escalated(4);
    // The scans; the alerts' reads, batch and send outcomes; the escalations' reads, the check of
    // the group they move to, and their batch.
    expect(one.roundTrips, describeUsage(one)).toBe(7);
    expect(four.roundTrips, describeUsage(four)).toBe(one.roundTrips);
  });

  it("due auto-closes are written together: four (in four workspaces) cost the round trips of one", { timeout: 120_000 }, async () => {
    const closed = async (count: number) => {
      // Whatever earlier tests left due goes first.
      await tick(new Date(Date.now() + 30 * SECOND));
      const tickets: { token: string; id: string }[] = [];
      for (let i = 0; i < count; i++) {
        const { token } = await newWorkspace();
        expect((await call("PUT", "/sla-settings", { token, body: { defaultCalendarId: null, autoCloseDays: 1 } })).status).toBe(200);
        const ticket = await newTicket(token);
        expect((await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } })).status).toBe(200);
        tickets.push({ token, id: ticket.id });
      }
      // Solved two days ago.
      for (const { id } of tickets) await env.DB.prepare("update tickets set solved_at = ? where id = ?").bind(Date.now() - 2 * 24 * 60 * MINUTE, id).run();
      const usage = await measuredTick(new Date(Date.now() + MINUTE));
      for (const { token, id } of tickets) expect((await call("GET", `/tickets/${id}`, { token })).body.status).toBe("closed");
      return usage;
    };
    const one = await closed(1);
    const four = await closed(4);
    // The scans, the tickets' reads and their batch, and the solves' survey decisions (skipped: no reply).
    expect(one.roundTrips, describeUsage(one)).toBe(4);
    expect(four.roundTrips, describeUsage(four)).toBe(one.roundTrips);
  });

  it("a step whose scan fails loses only that step: the others' scans are sent again on their own and their work is done", { timeout: 60_000 }, async () => {
    const { workspace } = await newWorkspace();
    const start = new Date(Date.now() + 30 * MINUTE);
    const { id } = await failedOnce(workspace.id, start);
    const errors = vi.spyOn(console, "error");
    // A real failure of one scan: the survey scan's table is missing for this tick.
    await env.DB.prepare("alter table survey_settings rename to survey_settings_away").run();
    try {
      const usage = await measuredTick(new Date(start.getTime() + 2 * MINUTE));
      // The batch, then one batch per step; then the message's claim and its outcome.
      expect(usage.roundTrips, describeUsage(usage)).toBeGreaterThan(2);
    } finally {
      await env.DB.prepare("alter table survey_settings_away rename to survey_settings").run();
    }
    expect((await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, id) }))!.status).toBe("sent");
    const logged = errors.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string; step?: string; phase?: string });
    expect(logged).toContainEqual(expect.objectContaining({ event: "cron_scan_batch_failed" }));
    expect(logged.filter((l) => l.event === "cron_step_failed")).toEqual([expect.objectContaining({ step: "surveys", phase: "scan" })]);
  });
});
