import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { openDb } from "../../workers/core/db";
import { deliver } from "../../workers/core/mail/outbox";
import { runSlaTick } from "../../workers/core/sla/sla-cron";
import { tick } from "../helpers/cron";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";
import { queuedMail } from "../helpers/outbound";

// One workspace's bad data must never stop work for the others: a "poisoned" workspace beside a
// healthy one, in the same D1, through the real cron and API.

const db = openDb(env.DB);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ALL_DAY = Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]);
const NEVER_OPEN = JSON.stringify(Array.from({ length: 7 }, () => []));


const failuresOf = async (token: string) => {
  const res = await call("GET", "/background-failures", { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { kind: string; itemId: string; ticketNumber: number | null; error: string; attempts: number; nextAttemptAt: string | null }[];
};

/**
 * A healthy workspace with one of each kind of cron work due at `later`: a first-reply breach
 * (1-minute target), a solved ticket to auto-close (after 1 day), a survey (24 h after a solve
 * with a public reply) and a failed outbound mail due for its retry.
 */
async function healthyWorkspace(start: Date) {
  const owner = await newWorkspace("Healthy Tea");
  const policy = await call("POST", "/sla-policies", { token: owner.token, body: { name: "Fast", conditions: {}, targets: { normal: { first_reply: { minutes: 1, businessHours: false } } } } });
  expect(policy.status, JSON.stringify(policy.body)).toBe(201);
  expect((await call("PUT", "/sla-settings", { token: owner.token, body: { defaultCalendarId: null, autoCloseDays: 1 } })).status).toBe(200);
  const breaching = await newTicket(owner.token, { subject: "Nobody answers" });
  const surveyed = await newTicket(owner.token, { subject: "Answered and solved" });
  expect((await call("POST", `/tickets/${surveyed.id}/messages`, { token: owner.token, body: { kind: "reply", body: "Sent a new lid.", status: "solved" } })).status).toBe(201);
  const closing = await newTicket(owner.token, { subject: "Solved, to close" });
  expect((await call("PATCH", `/tickets/${closing.id}`, { token: owner.token, body: { status: "solved" } })).status).toBe(200);
  const queued = await queuedMail(owner.workspace.id, start);
  const outboundId = queued.id;
  const failedOnce = await deliver(db, { send: () => Promise.reject(new Error("421 try later")) }, queued, start);
  expect(failedOnce.status).toBe("failed");
  return { owner, breaching, surveyed, closing, outboundId };
}

async function expectHealthyWorkDone(h: Awaited<ReturnType<typeof healthyWorkspace>>) {
  const tenantId = h.owner.workspace.id;
  const alerts = await db.query.slaAlerts.findMany({ where: (a, { and, eq }) => and(eq(a.tenantId, tenantId), eq(a.ticketId, h.breaching.id)) });
  expect(alerts.map((a) => a.kind)).toContain("breach");
  expect((await call("GET", `/tickets/${h.closing.id}`, { token: h.owner.token })).body.status).toBe("closed");
  expect(await db.query.surveys.findFirst({ where: (s, { and, eq }) => and(eq(s.tenantId, tenantId), eq(s.ticketId, h.surveyed.id)) })).toBeTruthy();
  expect((await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, h.outboundId) }))!.status).toBe("sent");
  expect(await failuresOf(h.owner.token)).toEqual([]);
}

describe("a business calendar with no open hours", () => {
  it("is refused when saved, naming the field", async () => {
    const { token } = await newWorkspace();
    const never = Array.from({ length: 7 }, () => []);
    const created = expectProblem(await call("POST", "/business-calendars", { token, body: { name: "Closed", timeZone: "Asia/Shanghai", weekly: never, holidays: [], workdays: [] } }), 422, "invalid_calendar");
    expect(created.errors).toEqual([expect.objectContaining({ field: "body.weekly", code: "calendar_never_open" })]);
    const ok = await call("POST", "/business-calendars", { token, body: { name: "Open", timeZone: "Asia/Shanghai", weekly: ALL_DAY, holidays: [], workdays: [] } });
    expect(ok.status).toBe(201);
    const patched = expectProblem(await call("PATCH", `/business-calendars/${ok.body.id}`, { token, body: { weekly: never } }), 422, "invalid_calendar");
    expect(patched.errors!.map((e) => e.field)).toContain("body.weekly");
  });

  it("stored anyway (an older row): requests and mail still work, every other workspace's cron work still happens, and its admins see why its clocks are stuck", { timeout: 120_000 }, async () => {
    const start = new Date();
    const healthy = await healthyWorkspace(start);

    const poisoned = await newWorkspace("Poisoned Tea");
    const token = poisoned.token;
    const calendar = await call("POST", "/business-calendars", { token, body: { name: "Office", timeZone: "Asia/Shanghai", weekly: ALL_DAY, holidays: [], workdays: [] } });
    const policy = await call("POST", "/sla-policies", { token, body: { name: "Business day", calendarId: calendar.body.id, conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: true } } } } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const before = await newTicket(token, { subject: "Before the damage" });
    await env.DB.prepare("update business_calendars set weekly = ? where id = ?").bind(NEVER_OPEN, calendar.body.id).run();

    // The workspace's own requests still answer, and what they store stays stored.
    const created = await call("POST", "/tickets", { token, body: { subject: "After the damage", description: "Hello", requester: { email: "wu@example.com" } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await call("GET", `/tickets/${created.body.id}`, { token })).status).toBe(200);
    expect((await call("PATCH", `/tickets/${before.id}`, { token, body: { tags: ["damaged"] } })).status).toBe(200);
    expect((await call("POST", `/tickets/${before.id}/messages`, { token, body: { kind: "note", body: "Looking" } })).status).toBe(201);
    const mail = await deliverEmail(email({ to: `${poisoned.slug}@kefu.localhost`, subject: "By mail after the damage" }), { from: "li.wei@example.com", to: `${poisoned.slug}@kefu.localhost` });
    expect(mail.error).toBeNull();
    const tickets = (await call("GET", "/tickets?q=damage", { token })).body.items.map((t: { subject: string }) => t.subject);
    expect(tickets).toEqual(expect.arrayContaining(["After the damage", "By mail after the damage"]));
    // The explain page says why there is no deadline instead of failing.
    const sla = await call("GET", `/tickets/${created.body.id}/sla`, { token });
    expect(sla.status).toBe(200);
    expect(sla.body.blockedBy).toMatch(/no open hours/);
    // A policy change asks for a recomputation pass over every open ticket (the cursor).
    expect((await call("PATCH", `/sla-policies/${policy.body.id}`, { token, body: { name: "Business day (edited)" } })).status).toBe(200);

    const later = new Date(start.getTime() + 2 * DAY);
    await tick(later);
    await expectHealthyWorkDone(healthy);

    // The poisoned workspace's admins see which tickets are stuck, and why; its pass did not stick.
    const failures = await failuresOf(token);
    expect(failures.length).toBeGreaterThanOrEqual(3);
    for (const f of failures) {
      expect(f.kind).toBe("sla_recompute");
      expect(f.error).toMatch(/Business day.*no open hours/);
      expect(new Date(f.nextAttemptAt!).getTime()).toBeGreaterThan(later.getTime());
    }
    expect(failures.map((f) => f.itemId)).toEqual(expect.arrayContaining([before.id, created.body.id]));
    const tenant = await db.query.tenants.findFirst({ where: (t, { eq }) => eq(t.id, poisoned.workspace.id) });
    expect(tenant!.slaRecomputeCursor).toBeNull();
    // Agents do not see the admin list.
    const agent = await newMember(token, "agent");
    expectProblem(await call("GET", "/background-failures", { token: agent.token }), 403);

    // Once an admin fixes the calendar, the owed work finishes and the list empties.
    expect((await call("PATCH", `/business-calendars/${calendar.body.id}`, { token, body: { weekly: ALL_DAY } })).status).toBe(200);
    await tick(new Date(later.getTime() + 10 * MINUTE));
    await tick(new Date(later.getTime() + 20 * MINUTE));
    expect(await failuresOf(token)).toEqual([]);
    expect((await call("GET", `/tickets/${created.body.id}/sla`, { token })).body.clocks.length).toBe(1);
  });
});

describe("every cron step has a failure boundary per item", () => {
  it("items that throw for one workspace are recorded, backed off and skipped; the other workspace's items all happen in the same tick", { timeout: 120_000 }, async () => {
    const start = new Date();
    const healthy = await healthyWorkspace(start);
    const poisoned = await healthyWorkspace(start);
    const bad = poisoned.owner.workspace.id;
    // Real database failures, for the poisoned workspace only: its alerts, surveys, closing and
    // outbound mail cannot be recorded.
    for (const [table, event, condition] of [
      ["sla_alerts", "insert", "new.tenant_id"],
      ["surveys", "insert", "new.tenant_id"],
      ["outbound_messages", "update", "old.tenant_id"],
    ] as const)
      await env.DB.prepare(`create trigger poison_${table} before ${event} on ${table} when ${condition} = '${bad}' begin select raise(abort, 'poisoned ${table}'); end`).run();
    await env.DB.prepare(`create trigger poison_close before update of status on tickets when new.tenant_id = '${bad}' and new.status = 'closed' begin select raise(abort, 'poisoned close'); end`).run();

    const later = new Date(start.getTime() + 2 * DAY);
    await tick(later);
    await expectHealthyWorkDone(healthy);

    const failures = await failuresOf(poisoned.owner.token);
    const kinds = new Set(failures.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(["auto_close", "outbound_mail", "sla_alert", "survey"]);
    for (const f of failures) expect(f, JSON.stringify(f)).toMatchObject({ attempts: 1, error: expect.stringMatching(/poisoned/) });

    // Within the back-off, a new tick leaves them alone.
    await tick(new Date(later.getTime() + 30_000));
    expect((await failuresOf(poisoned.owner.token)).map((f) => f.attempts)).toEqual(failures.map(() => 1));

    // After it, they are tried again, fail again, and wait longer.
    await tick(new Date(later.getTime() + 3 * MINUTE));
    const again = await failuresOf(poisoned.owner.token);
    expect(again.map((f) => `${f.kind}/${f.itemId}`).sort()).toEqual(failures.map((f) => `${f.kind}/${f.itemId}`).sort());
    for (const f of again) expect(f.attempts, JSON.stringify(f)).toBe(2);

    // When the cause is gone, the work happens and the list empties.
    for (const name of ["poison_sla_alerts", "poison_surveys", "poison_outbound_messages", "poison_close"]) await env.DB.prepare(`drop trigger ${name}`).run();
    await tick(new Date(later.getTime() + 12 * 60 * MINUTE));
    await expectHealthyWorkDone(poisoned);
  });

  it("escalations written together: one workspace's that cannot be written fails alone, the others' in the same group are written", { timeout: 120_000 }, async () => {
    const errors = vi.spyOn(console, "error");
    const workspaces = [];
    for (const name of ["Escalates One", "Escalates Poisoned", "Escalates Two"]) {
      const owner = await newWorkspace(name);
      const policy = await call("POST", "/sla-policies", {
        token: owner.token,
        body: { name: "Fast", conditions: {}, escalatePriority: "urgent", targets: { normal: { first_reply: { minutes: 1, businessHours: false } }, urgent: { first_reply: { minutes: 1, businessHours: false } } } },
      });
      expect(policy.status, JSON.stringify(policy.body)).toBe(201);
      workspaces.push({ owner, ticket: await newTicket(owner.token) });
    }
    const [one, poisoned, two] = workspaces;
    await env.DB.prepare(`create trigger poison_escalation before update of priority on tickets when new.tenant_id = '${poisoned!.owner.workspace.id}' begin select raise(abort, 'poisoned escalation'); end`).run();
    try {
      const at = new Date(Date.now() + 5 * MINUTE);
      await tick(at);
      for (const { owner, ticket } of [one!, two!]) {
        expect((await call("GET", `/tickets/${ticket.id}`, { token: owner.token })).body.priority).toBe("urgent");
        expect(await failuresOf(owner.token)).toEqual([]);
      }
      // The poisoned one: its breach was alerted, its escalation recorded as failed for its admins.
      expect((await call("GET", `/tickets/${poisoned!.ticket.id}`, { token: poisoned!.owner.token })).body.priority).toBe("normal");
      const alerts = await db.query.slaAlerts.findMany({ where: (a, { eq }) => eq(a.ticketId, poisoned!.ticket.id) });
      expect(alerts.map((a) => a.kind)).toEqual(["breach"]);
      expect(await failuresOf(poisoned!.owner.token)).toEqual([expect.objectContaining({ kind: "sla_alert", itemId: poisoned!.ticket.id, attempts: 1, error: expect.stringMatching(/poisoned escalation/) })]);
      // The group's batch failed as a whole and was written again one ticket at a time.
      const logged = errors.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string; items?: number });
      expect(logged).toContainEqual(expect.objectContaining({ event: "group_write_failed", items: 3 }));
    } finally {
      await env.DB.prepare("drop trigger poison_escalation").run();
      errors.mockRestore();
    }
  });

  it("a poison item never fills the batch: with room for one alert a tick, the healthy workspace's alert goes out on the next", { timeout: 60_000 }, async () => {
    const bad = await newWorkspace("Poison First");
    const good = await newWorkspace("Healthy Second");
    for (const { token } of [bad, good])
      await call("POST", "/sla-policies", { token, body: { name: "Fast", conditions: {}, targets: { normal: { first_reply: { minutes: 1, businessHours: false } } } } });
    const poisonedTicket = await newTicket(bad.token);
    const goodTicket = await newTicket(good.token);
    await env.DB.prepare(`create trigger poison_alerts_2 before insert on sla_alerts when new.tenant_id = '${bad.workspace.id}' begin select raise(abort, 'poisoned'); end`).run();
    const sent: string[] = [];
    const channels = { mail: { mailer: { send: async (m: { to: string }) => void sent.push(m.to) }, mailDomain: "kefu.localhost" }, webhooks: { fetcher: () => Promise.reject(new Error("none")), appUrl: "http://localhost" } };
    const now = new Date(Date.now() + 10 * MINUTE);
    const alerted = async (ticketId: string) => (await db.query.slaAlerts.findMany({ where: (a, { eq }) => eq(a.ticketId, ticketId) })).length;
    for (let i = 0; i < 3; i++) await runSlaTick(db, channels, new Date(now.getTime() + i * 1000), 1);
    expect(await alerted(poisonedTicket.id)).toBe(0);
    expect(await alerted(goodTicket.id)).toBe(1);
  });
});
