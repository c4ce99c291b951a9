import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../workers/core/db";
import { recomputeTicketSla } from "../../workers/core/sla/ticket-sla";
import type { TenantScope } from "../../workers/core/tenancy/scope";
import { addAgentMessage } from "../../workers/core/tickets/replies";
import { createTicket, updateTicket } from "../../workers/core/tickets/ticket-store";
import { call, expectProblem, newWorkspace } from "../helpers/api";

/**
 * The SLA metrics the review found missing, through the API: requester wait, total resolution,
 * the unpaused periodic update, paused statuses per metric, a reopen that resumes the resolution
 * clocks, and the report's figures for them. Tickets are written at known instants through the
 * core functions the API calls (they take `now`); the clocks are read back through the API.
 * The workspaces have no business calendar: every minute counts.
 */
const db = openDb(env.DB);
const mail = { mailer: { send: async () => {} }, mailDomain: "kefu.localhost" };
/** Monday 2 March 2026, 10:00 UTC, plus `n` minutes. */
const at = (n: number) => new Date(Date.parse("2026-03-02T10:00:00Z") + n * 60_000);
const calendar = (minutes: number) => ({ minutes, businessHours: false });
const everyPriority = (targets: Record<string, { minutes: number; businessHours: boolean }>) => Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, targets]));

type Workspace = Awaited<ReturnType<typeof newWorkspace>>;

/** A ticket's life at known minutes: each change, then its clocks as of that minute. */
function story(ws: Workspace) {
  const scope: TenantScope = { db, tenantId: ws.workspace.id };
  const agent = { type: "agent" as const, id: ws.user.id };
  let id = "";
  const sla = (n: number) => recomputeTicketSla(scope, id, at(n));
  return {
    async created(n: number) {
      const base = { subject: "Order", description: "Where is my tea?", status: "new" as const, priority: "normal" as const, type: "question" as const, channel: "email" as const, assigneeId: null, groupId: null, tags: [] };
      id = (await createTicket(scope, agent, { ...base, requester: { email: "li@example.com" } }, at(n))).id;
      await sla(n);
      return id;
    },
    async reply(n: number, status?: "pending" | "open" | "solved") {
      await addAgentMessage(scope, mail, ws.user.id, id, { kind: "reply", body: "Thanks for writing.", status }, at(n));
      await sla(n);
    },
    async status(n: number, status: "open" | "pending" | "on_hold" | "solved") {
      await updateTicket(scope, agent, id, { status }, at(n));
      await sla(n);
    },
  };
}

interface Clock {
  metric: string;
  instance: number;
  state: string;
  pauses: { from: string; to: string | null }[];
  elapsedMinutes: number;
  fulfilledAt: string | null;
  breachedAt: string | null;
}
const clocksOf = async (ws: Workspace, ticketId: string): Promise<Clock[]> => {
  const res = await call("GET", `/tickets/${ticketId}/sla`, { token: ws.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.clocks;
};
const pausesIn = (c: Clock) => c.pauses.map((p) => [p.from, p.to]);

describe("policy fields: paused statuses per metric and reopenResumes", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await newWorkspace("Metric Fields");
  });

  it("default to today's behaviour, are stored as sent, and can be changed", async () => {
    const plain = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Plain", conditions: {}, targets: { normal: { first_reply: calendar(60) } } } });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ pausedStatuses: ["pending", "on_hold"], pausedStatusesByMetric: {}, reopenResumes: false });

    const body = {
      name: "Every metric",
      conditions: { priorities: ["urgent"] },
      targets: { urgent: { requester_wait: calendar(480), total_resolution: calendar(1440), periodic_update_unpaused: calendar(240) } },
      pausedStatusesByMetric: { requester_wait: ["pending", "on_hold"], first_reply: ["on_hold"] },
      reopenResumes: true,
    };
    const created = await call("POST", "/sla-policies", { token: ws.token, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ targets: body.targets, pausedStatusesByMetric: body.pausedStatusesByMetric, reopenResumes: true });
    const read = await call("GET", `/sla-policies/${created.body.id}`, { token: ws.token });
    expect(read.body).toMatchObject({ pausedStatusesByMetric: body.pausedStatusesByMetric, reopenResumes: true });

    const patched = await call("PATCH", `/sla-policies/${created.body.id}`, { token: ws.token, body: { pausedStatusesByMetric: { resolution: ["pending"] }, reopenResumes: false } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ pausedStatusesByMetric: { resolution: ["pending"] }, reopenResumes: false });
  });

  it("refuses an unknown status, an unknown metric, paused statuses for a metric that never pauses, and a non-boolean, naming the field", async () => {
    const base = { name: "Bad", conditions: {}, targets: {} };
    const cases: [Record<string, unknown>, string][] = [
      [{ pausedStatusesByMetric: { requester_wait: ["waiting_on_us"] } }, "body.pausedStatusesByMetric.requester_wait.0"],
      [{ pausedStatusesByMetric: { agent_work: ["pending"] } }, "body.pausedStatusesByMetric"],
      [{ pausedStatusesByMetric: { total_resolution: ["pending"] } }, "body.pausedStatusesByMetric.total_resolution"],
      [{ pausedStatusesByMetric: { periodic_update_unpaused: ["on_hold"] } }, "body.pausedStatusesByMetric.periodic_update_unpaused"],
      [{ reopenResumes: "yes" }, "body.reopenResumes"],
      [{ targets: { normal: { requester_wait: { minutes: 0, businessHours: false } } } }, "body.targets.normal.requester_wait.minutes"],
    ];
    for (const [extra, field] of cases) {
      const res = await call("POST", "/sla-policies", { token: ws.token, body: { ...base, ...extra } });
      const problem = expectProblem(res, 422, "validation_failed");
      expect(problem.errors!.map((e) => e.field), JSON.stringify(extra)).toContain(field);
    }
    const policy = (await call("GET", "/sla-policies", { token: ws.token })).body.items[0];
    const patch = await call("PATCH", `/sla-policies/${policy.id}`, { token: ws.token, body: { pausedStatusesByMetric: { next_reply: ["soon"] } } });
    expect(expectProblem(patch, 422, "validation_failed").errors!.map((e) => e.field)).toContain("body.pausedStatusesByMetric.next_reply.0");
    // Empty lists are fine: "never pauses" said explicitly.
    expect((await call("POST", "/sla-policies", { token: ws.token, body: { ...base, pausedStatusesByMetric: { total_resolution: [], resolution: [] } } })).status).toBe(201);
  });

  it("another workspace can neither read nor change them", async () => {
    const other = await newWorkspace("Metric Fields Other");
    const mine = (await call("GET", "/sla-policies", { token: ws.token })).body.items[0];
    expectProblem(await call("GET", `/sla-policies/${mine.id}`, { token: other.token }), 404);
    expectProblem(await call("PATCH", `/sla-policies/${mine.id}`, { token: other.token, body: { reopenResumes: true, pausedStatusesByMetric: { resolution: [] } } }), 404);
    expect((await call("GET", "/sla-policies", { token: other.token })).body.items).toEqual([]);
    expect((await call("GET", `/sla-policies/${mine.id}`, { token: ws.token })).body.pausedStatusesByMetric).toEqual(mine.pausedStatusesByMetric);
  });
});

describe("the new clocks on a ticket", () => {
  it("requester wait pauses only in pending, total resolution never, the unpaused update counts on in pending", async () => {
    const ws = await newWorkspace("Metric Clocks");
    const targets = { requester_wait: calendar(120), total_resolution: calendar(90), resolution: calendar(600), periodic_update: calendar(30), periodic_update_unpaused: calendar(20) };
    expect((await call("POST", "/sla-policies", { token: ws.token, body: { name: "All", conditions: {}, targets: everyPriority(targets) } })).status).toBe(201);
    const t = story(ws);
    const id = await t.created(0);
    await t.reply(10, "pending");
    await t.status(40, "on_hold");
    await t.status(50, "open");
    await t.status(100, "solved");
    const clocks = await clocksOf(ws, id);
    const one = (metric: string) => clocks.filter((c) => c.metric === metric);
    const iso = (n: number) => at(n).toISOString();
    // Requester wait: 0–10 and 40–100 (on hold counts): 70 of 120 → met.
    expect(one("requester_wait")).toMatchObject([{ instance: 1, state: "fulfilled", elapsedMinutes: 70, fulfilledAt: iso(100) }]);
    expect(pausesIn(one("requester_wait")[0]!)).toEqual([[iso(10), iso(40)]]);
    // Total resolution: 100 of 90, no pause → breached at minute 90.
    expect(one("total_resolution")).toMatchObject([{ state: "breached", breachedAt: iso(90), elapsedMinutes: 100, pauses: [] }]);
    // Resolution (pending and on hold pause it): 10 + 50 = 60.
    expect(one("resolution")).toMatchObject([{ state: "fulfilled", elapsedMinutes: 60 }]);
    // Periodic updates from the reply at 10: the pausable one paused 10–50, due 80 → breached; the unpaused one due 30.
    expect(one("periodic_update")).toMatchObject([{ state: "breached", breachedAt: iso(80) }]);
    expect(one("periodic_update_unpaused")).toMatchObject([{ state: "breached", breachedAt: iso(30), pauses: [] }]);
  });

  it("a reopen starts new resolution clocks, or with reopenResumes resumes the earlier ones (the time solved is a pause)", async () => {
    const ws = await newWorkspace("Metric Reopen");
    const targets = everyPriority({ resolution: calendar(60), requester_wait: calendar(60), total_resolution: calendar(60) });
    const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Resolve in an hour", conditions: {}, targets } });
    const life = async () => {
      const t = story(ws);
      const id = await t.created(0);
      await t.status(30, "solved");
      await t.status(50, "open");
      await t.status(80, "solved");
      return id;
    };
    const fresh = await clocksOf(ws, await life());
    for (const metric of ["resolution", "requester_wait", "total_resolution"])
      expect(fresh.filter((c) => c.metric === metric).map((c) => [c.instance, c.state, c.elapsedMinutes])).toEqual([
        [1, "fulfilled", 30],
        [2, "fulfilled", 30],
      ]);

    // The policy now resumes: the same life gives one clock per metric, 60 of 60 minutes — met exactly.
    expect((await call("PATCH", `/sla-policies/${policy.body.id}`, { token: ws.token, body: { reopenResumes: true } })).status).toBe(200);
    const resumed = await clocksOf(ws, await life());
    for (const metric of ["resolution", "requester_wait", "total_resolution"]) {
      const mine = resumed.filter((c) => c.metric === metric);
      expect(mine).toMatchObject([{ instance: 1, state: "fulfilled", elapsedMinutes: 60, fulfilledAt: at(80).toISOString(), breachedAt: null }]);
      expect(pausesIn(mine[0]!)).toEqual([[at(30).toISOString(), at(50).toISOString()]]);
    }
  });
});

describe("the report's new figures", () => {
  let a: Workspace;
  let b: Workspace;
  beforeAll(async () => {
    [a, b] = await Promise.all([newWorkspace("Metric Report"), newWorkspace("Metric Report Other")]);
    const targets = everyPriority({ requester_wait: calendar(120), total_resolution: calendar(90), periodic_update: calendar(30), periodic_update_unpaused: calendar(20) });
    expect((await call("POST", "/sla-policies", { token: a.token, body: { name: "All", conditions: {}, targets } })).status).toBe(201);
    // Mon 10:00 created, replied 10:10 and pending, open 10:40, solved 11:40.
    const t = story(a);
    await t.created(0);
    await t.reply(10, "pending");
    await t.status(40, "open");
    await t.status(100, "solved");
    // Workspace B: a ticket left pending a day, then solved: its wait must not reach A's report.
    const other = story(b);
    await other.created(0);
    await other.reply(1, "pending");
    await other.status(1440, "solved");
  });

  it("requester wait time and SLA achievement of the new metrics, in JSON and CSV", async () => {
    const res = await call("GET", "/reports/kpis?from=2026-03-02&to=2026-03-04", { token: a.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const k = res.body.total;
    // Total resolution 100 min; the requester waited 10 + 60 = 70 (round the clock: business minutes alike).
    expect(k.resolution).toEqual({ count: 1, calendarMinutes: { median: 100, p90: 100 }, businessMinutes: { median: 100, p90: 100 } });
    expect(k.requesterWait).toEqual({ count: 1, calendarMinutes: { median: 70, p90: 70 }, businessMinutes: { median: 70, p90: 70 } });
    // Requester wait 70 of 120: met. Total resolution 100 of 90: breached. The pausable update (paused 10:10–10:40) was
    // due 11:10 and the unpaused one 10:30; the solve at 11:40 came later: both breached.
    expect(k.sla.requester_wait).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(k.sla.total_resolution).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(k.sla.periodic_update).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(k.sla.periodic_update_unpaused).toEqual({ numerator: 0, denominator: 1, rate: 0 });

    const csv = await call("GET", "/reports/kpis.csv?from=2026-03-02&to=2026-03-04", { token: a.token });
    expect(csv.status).toBe(200);
    const [header, total] = (csv.body as string).split("\r\n").map((line) => line.split(","));
    const col = (name: string) => total![header!.indexOf(name)];
    expect([col("requester_wait_count"), col("requester_wait_median_minutes"), col("sla_requester_wait_achieved_rate"), col("sla_total_resolution_achieved_of"), col("sla_periodic_update_unpaused_achieved")]).toEqual([
      "1",
      "70",
      "1",
      "1",
      "0",
    ]);
    // The columns that were there before keep their places; the new ones come last.
    expect(header!.slice(-14, -11)).toEqual(["requester_wait_count", "requester_wait_median_minutes", "requester_wait_p90_minutes"]);
  });

  it("each workspace's report holds its own tickets only", async () => {
    const mine = (await call("GET", "/reports/kpis?from=2026-03-02&to=2026-03-04", { token: b.token })).body.total;
    expect(mine.requesterWait).toMatchObject({ count: 1, calendarMinutes: { median: 1, p90: 1 } });
    expect(mine.sla.requester_wait).toEqual({ numerator: 0, denominator: 0, rate: null });
  });
});
