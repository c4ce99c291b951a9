import { env, exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { beforeAll, describe, expect, it } from "vitest";
import { surveys } from "../../schema";
import type { AppType } from "../../workers/api/index";
import { openDb } from "../../workers/core/db";
import { newId } from "../../workers/core/ids";
import { recomputeTicketSla } from "../../workers/core/sla/ticket-sla";
import type { TenantScope } from "../../workers/core/tenancy/scope";
import { addAgentMessage } from "../../workers/core/tickets/replies";
import { createTicket, updateTicket, type NewTicket } from "../../workers/core/tickets/ticket-store";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

/**
 * A workspace seeded at known instants through the same core functions the API calls (they take
 * `now`), then read through the API. Every expected figure is worked out by hand in the comments.
 *
 * Workspace A: business hours Monday–Friday 09:00–18:00 Asia/Shanghai (UTC+8, its default
 * calendar, so its days are Shanghai days); one SLA policy for every ticket: first reply within
 * 120 business minutes. The report covers Monday 2 to Wednesday 4 March 2026. Times are Shanghai
 * local unless written with Z.
 */
const db = openDb(env.DB);
const mail = { mailer: { send: async () => {} }, mailDomain: "kefu.localhost" };
const sh = (local: string) => new Date(`${local}+08:00`);
const RANGE = "from=2026-03-02&to=2026-03-04";

type Workspace = Awaited<ReturnType<typeof newWorkspace>>;
let a: Workspace;
let b: Workspace;
let ada: Awaited<ReturnType<typeof newMember>>;
let bo: Awaited<ReturnType<typeof newMember>>;
let tier1: { id: string; name: string };

/** Seeds tickets at fixed instants as the API would: each change, then the SLA clocks recomputed as of that instant. */
function seeder(scope: TenantScope, ownerId: string) {
  const sla = (id: string, at: Date) => recomputeTicketSla(scope, id, at);
  return {
    async ticket(at: Date, fields: Partial<NewTicket> & { email: string }) {
      const base: Omit<NewTicket, "requesterId"> = { subject: "Order", description: "Where is my tea?", status: "new", priority: "normal", type: "question", channel: "email", assigneeId: null, groupId: null, tags: [] };
      const { email, ...rest } = fields;
      const ticket = await createTicket(scope, { type: "agent", id: ownerId }, { ...base, ...rest, requester: { email } }, at);
      await sla(ticket.id, at);
      return ticket;
    },
    async reply(agentId: string, ticketId: string, at: Date, status?: "pending" | "solved" | "open") {
      await addAgentMessage(scope, mail, agentId, ticketId, { kind: "reply", body: "Thanks for writing.", status }, at);
      await sla(ticketId, at);
    },
    async status(ticketId: string, at: Date, status: "open" | "solved") {
      await updateTicket(scope, { type: "agent", id: ownerId }, ticketId, { status }, at);
      await sla(ticketId, at);
    },
    async survey(ticketId: string, customerId: string, sentAt: Date, scale: "good_bad" | "one_to_five", rating: number | null) {
      await db.insert(surveys).values({
        id: newId("srv", sentAt.getTime()),
        tenantId: scope.tenantId,
        ticketId,
        customerId,
        solvedAt: sentAt,
        scale,
        language: "en",
        rating,
        answeredAt: rating === null ? null : new Date(sentAt.getTime() + 3_600_000),
        createdAt: sentAt,
        updatedAt: sentAt,
      });
    },
  };
}

beforeAll(async () => {
  [a, b] = await Promise.all([newWorkspace("Jade Tea"), newWorkspace("Other Shop")]);
  ada = await newMember(a.token, "agent", "Ada Agent");
  // A name a spreadsheet would run as a formula: the CSV must defuse it.
  bo = await newMember(a.token, "agent", "=SUM(1+1) Bo");
  // The seeded history has unassigned tickets solved by the owner: the workspace keeps them unassigned.
  expect((await call("PATCH", "/workspace", { token: a.token, body: { assignOnReply: false } })).status).toBe(200);
  tier1 = (await call("GET", "/groups", { token: a.token })).body.items.find((g: { name: string }) => g.name === "Tier 1");
  expect((await call("POST", `/groups/${tier1.id}/members`, { token: a.token, body: { userId: ada.user.id } })).status).toBe(200);
  const weekdays = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
  const office = await call("POST", "/business-calendars", { token: a.token, body: { name: "Shanghai office", timeZone: "Asia/Shanghai", weekly: weekdays, holidays: [], workdays: [] } });
  expect((await call("PUT", "/sla-settings", { token: a.token, body: { defaultCalendarId: office.body.id, autoCloseDays: null } })).status).toBe(200);
  const policy = await call("POST", "/sla-policies", {
    token: a.token,
    body: { name: "Answer in 2 business hours", conditions: {}, targets: Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { first_reply: { minutes: 120, businessHours: true } }])) },
  });
  expect(policy.status).toBe(201);

  const s = seeder({ db, tenantId: a.workspace.id }, a.user.id);
  // T1 Mon 10:00, email, Ada / Tier 1. Ada replies 10:30 (first reply 30 min, 30 business; SLA due 12:00 → achieved
  // Mon), solves 15:00 (resolution 300 min, 300 business). One reply, never reopened: one-touch.
  const t1 = await s.ticket(sh("2026-03-02T10:00:00"), { email: "li@example.com", assigneeId: ada.user.id, groupId: tier1.id });
  await s.reply(ada.user.id, t1.id, sh("2026-03-02T10:30:00"));
  await s.status(t1.id, sh("2026-03-02T15:00:00"), "solved");
  // T2 Mon 17:00, web, high, a complaint, Bo. SLA due Tue 10:00 (Mon 17–18 + Tue 09–10); Bo replies Tue 11:00 →
  // breached at Tue 10:00; first reply 18 h = 1080 min, 180 business. Solved Tue 12:00, reopened 13:00, Bo replies
  // 14:00 and solves Wed 09:30: resolution to the last solve in range = 40.5 h = 2430 min; business
  // 60 (Mon) + 540 (Tue) + 30 (Wed) = 630. Two replies and reopened: not one-touch.
  const t2 = await s.ticket(sh("2026-03-02T17:00:00"), { email: "wang@example.com", channel: "web", priority: "high", type: "complaint", assigneeId: bo.user.id });
  await s.reply(bo.user.id, t2.id, sh("2026-03-03T11:00:00"));
  await s.status(t2.id, sh("2026-03-03T12:00:00"), "solved");
  await s.status(t2.id, sh("2026-03-03T13:00:00"), "open");
  await s.reply(bo.user.id, t2.id, sh("2026-03-03T14:00:00"));
  await s.status(t2.id, sh("2026-03-04T09:30:00"), "solved");
  // T3 Tue 08:00, api, unassigned, never answered: SLA due Tue 11:00 (office opens 09:00), stored as running →
  // breached at Tue 11:00 (in range). In the backlog from Tue on.
  const t3 = await s.ticket(sh("2026-03-03T08:00:00"), { email: "zhao@example.com", channel: "api" });
  // T4 Fri 27 Feb 09:00 (before the range), Ada / Tier 1, answered 09:20 (SLA achieved then: outside the range)
  // and left pending; solved Mon 09:00: solved in range, resolution 72 h = 4320 min, business Fri 09–18 = 540.
  // One reply, never reopened: one-touch.
  const t4 = await s.ticket(sh("2026-02-27T09:00:00"), { email: "li@example.com", assigneeId: ada.user.id, groupId: tier1.id });
  await s.reply(ada.user.id, t4.id, sh("2026-02-27T09:20:00"), "pending");
  await s.status(t4.id, sh("2026-03-02T09:00:00"), "solved");
  // T5 Wed 20:00, web, low, unassigned, new: SLA due Thu 11:00 — an outcome after the range, so not counted.
  await s.ticket(sh("2026-03-04T20:00:00"), { email: "zhou@example.com", channel: "web", priority: "low" });
  // T6 created 10 March (after the range), still open: only in the backlog now.
  await s.ticket(sh("2026-03-10T10:00:00"), { email: "wu@example.com", channel: "api" });
  // T7 created and solved in February: in no figure (its survey, sent in February, neither).
  const t7 = await s.ticket(sh("2026-02-20T10:00:00"), { email: "sun@example.com" });
  await s.status(t7.id, sh("2026-02-21T10:00:00"), "solved");
  // T8 Mon 00:30 Shanghai (= Sun 1 March 16:30Z), api, urgent, unassigned; solved 00:45 without a reply:
  // resolution 15 min, 0 business (closed hours); first-reply clock stopped (no SLA outcome); not one-touch.
  const t8 = await s.ticket(sh("2026-03-02T00:30:00"), { email: "qian@example.com", channel: "api", priority: "urgent" });
  await s.status(t8.id, sh("2026-03-02T00:45:00"), "solved");

  // Surveys sent in range: 4 (S1–S4); answered 3; satisfied 2 (good, 5 of 5; a 3 of 5 is not) → score 2/3, response 3/4.
  await s.survey(t1.id, t1.requesterId, sh("2026-03-03T15:00:00"), "good_bad", 1); // S1, Ada
  await s.survey(t2.id, t2.requesterId, sh("2026-03-03T12:30:00"), "one_to_five", 3); // S2, Bo
  await s.survey(t4.id, t4.requesterId, sh("2026-03-02T10:00:00"), "one_to_five", 5); // S3, Ada
  await s.survey(t8.id, t8.requesterId, sh("2026-03-02T02:00:00"), "good_bad", null); // S4, unassigned, unanswered
  await s.survey(t7.id, t7.requesterId, sh("2026-02-22T10:00:00"), "good_bad", 0); // before the range

  // Workspace B: busy in the same days, with a complaint, surveys and an open backlog. None of it may show in A.
  const sb = seeder({ db, tenantId: b.workspace.id }, b.user.id);
  for (let i = 0; i < 3; i++) {
    const t = await sb.ticket(sh(`2026-03-0${2 + i}T11:00:00`), { email: `buyer${i}@b.example`, type: "complaint" });
    await sb.reply(b.user.id, t.id, sh(`2026-03-0${2 + i}T11:05:00`), i === 0 ? "solved" : undefined);
    await sb.survey(t.id, t.requesterId, sh(`2026-03-0${2 + i}T12:00:00`), "good_bad", 0);
  }
}, 60_000);

const kpis = (query: string, token = a.token) => call("GET", `/reports/kpis?${query}`, { token });

describe("KPI report on a seeded workspace", () => {
  it("gives the hand-computed figures for the workspace", async () => {
    const res = await kpis(RANGE);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ from: "2026-03-02", to: "2026-03-04", timeZone: "Asia/Shanghai", groupBy: null, buckets: [] });
    const k = res.body.total;
    // Created: T8, T1, T2 (Mon), T3 (Tue), T5 (Wed). Backlog at the end of Mon: T2; Tue: T2 (reopened), T3; Wed: T3, T5.
    expect(k.daily).toEqual([
      { date: "2026-03-02", created: 3, backlog: 1 },
      { date: "2026-03-03", created: 1, backlog: 2 },
      { date: "2026-03-04", created: 1, backlog: 2 },
    ]);
    expect(k).toMatchObject({ ticketsCreated: 5, ticketsSolved: 4, complaints: 1, backlogNow: 3 }); // solved: T1, T2, T4, T8; now: T3, T5, T6
    // First reply, created in range and answered: T1 30, T2 1080 → median 30, p90 1080; business 30 and 180.
    expect(k.firstReply).toEqual({ count: 2, calendarMinutes: { median: 30, p90: 1080 }, businessMinutes: { median: 30, p90: 180 } });
    // Resolution: T8 15, T1 300, T2 2430, T4 4320 → median (rank 2) 300, p90 (rank 4) 4320; business 0, 300, 540, 630.
    expect(k.resolution).toEqual({ count: 4, calendarMinutes: { median: 300, p90: 4320 }, businessMinutes: { median: 300, p90: 630 } });
    // First-reply outcomes in range: T1 achieved, T2 and T3 breached.
    expect(k.sla).toEqual({
      first_reply: { numerator: 1, denominator: 3, rate: 0.3333 },
      next_reply: { numerator: 0, denominator: 0, rate: null },
      periodic_update: { numerator: 0, denominator: 0, rate: null },
      resolution: { numerator: 0, denominator: 0, rate: null },
      periodic_update_unpaused: { numerator: 0, denominator: 0, rate: null },
      requester_wait: { numerator: 0, denominator: 0, rate: null },
      total_resolution: { numerator: 0, denominator: 0, rate: null },
    });
    // Requester wait (the same spans less pending and solved time): T8 15 (0 business), T4 20 (Fri 09:00–09:20, then
    // pending), T1 300, T2 Mon 17:00 → Tue 12:00 (1140) + Tue 13:00 → Wed 09:30 (1230) = 2370, business 60 + 180 + 300 + 30
    // = 570 → median (rank 2) 20, p90 (rank 4) 2370; business 0, 20, 300, 570.
    expect(k.requesterWait).toEqual({ count: 4, calendarMinutes: { median: 20, p90: 2370 }, businessMinutes: { median: 20, p90: 570 } });
    expect(k.oneTouch).toEqual({ numerator: 2, denominator: 4, rate: 0.5 }); // T1, T4
    expect(k.reopened).toEqual({ numerator: 1, denominator: 4, rate: 0.25 }); // T2
    expect(k.csat).toEqual({ score: { numerator: 2, denominator: 3, rate: 0.6667 }, responseRate: { numerator: 3, denominator: 4, rate: 0.75 } });
  });

  it("splits by agent (current assignee), with names and an unassigned bucket; the parts add up", async () => {
    const res = await kpis(`${RANGE}&groupBy=agent`);
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.buckets.map((x: { key: string; name: string; kpis: unknown }) => [x.key, x]));
    expect(Object.keys(by).sort()).toEqual([a.user.id, ada.user.id, bo.user.id, "none"].sort());
    expect(res.body.buckets.at(-1)).toMatchObject({ key: "none", name: "Unassigned" });
    expect([by[ada.user.id].name, by[bo.user.id].name, by[a.user.id].name]).toEqual(["Ada Agent", "=SUM(1+1) Bo", "Olivia Owner"]);
    // Ada: T1 and T4 (and surveys S1, S3).
    expect(by[ada.user.id].kpis).toMatchObject({
      ticketsCreated: 1,
      ticketsSolved: 2,
      backlogNow: 0,
      firstReply: { count: 1, calendarMinutes: { median: 30, p90: 30 } },
      resolution: { count: 2, calendarMinutes: { median: 300, p90: 4320 }, businessMinutes: { median: 300, p90: 540 } },
      sla: { first_reply: { numerator: 1, denominator: 1, rate: 1 } },
      oneTouch: { numerator: 2, denominator: 2, rate: 1 },
      csat: { score: { numerator: 2, denominator: 2, rate: 1 }, responseRate: { numerator: 2, denominator: 2, rate: 1 } },
    });
    // Bo: T2 (and S2).
    expect(by[bo.user.id].kpis).toMatchObject({
      ticketsCreated: 1,
      complaints: 1,
      ticketsSolved: 1,
      daily: [{ backlog: 1 }, { backlog: 1 }, { backlog: 0 }],
      firstReply: { count: 1, calendarMinutes: { median: 1080 }, businessMinutes: { median: 180 } },
      sla: { first_reply: { numerator: 0, denominator: 1, rate: 0 } },
      reopened: { numerator: 1, denominator: 1, rate: 1 },
      oneTouch: { numerator: 0, denominator: 1, rate: 0 },
      csat: { score: { numerator: 0, denominator: 1, rate: 0 } },
    });
    // Unassigned: T3, T5, T8 created; T8 solved; T3 breached; backlog Tue T3, Wed T3 + T5; now T3, T5, T6; S4 sent, unanswered.
    expect(by.none.kpis).toMatchObject({
      ticketsCreated: 3,
      ticketsSolved: 1,
      backlogNow: 3,
      daily: [{ backlog: 0 }, { backlog: 1 }, { backlog: 2 }],
      sla: { first_reply: { numerator: 0, denominator: 1 } },
      csat: { responseRate: { numerator: 0, denominator: 1, rate: 0 } },
    });
    expect(by[a.user.id].kpis).toMatchObject({ ticketsCreated: 0, ticketsSolved: 0, backlogNow: 0, firstReply: { count: 0, calendarMinutes: { median: null, p90: null } } });
    const sum = (pick: (k: any) => number) => res.body.buckets.reduce((n: number, x: { kpis: unknown }) => n + pick(x.kpis), 0);
    expect([sum((k) => k.ticketsCreated), sum((k) => k.ticketsSolved), sum((k) => k.backlogNow), sum((k) => k.csat.responseRate.denominator)]).toEqual([5, 4, 3, 4]);
  });

  it("splits by group and by channel", async () => {
    const groups = (await kpis(`${RANGE}&groupBy=group`)).body.buckets;
    expect(groups.map((g: { name: string; kpis: { ticketsCreated: number; ticketsSolved: number } }) => [g.name, g.kpis.ticketsCreated, g.kpis.ticketsSolved])).toEqual([
      ["Tier 1", 1, 2], // T1; T1 and T4
      ["Tier 2", 0, 0],
      ["No group", 4, 2], // T2, T3, T5, T8; T2 and T8
    ]);
    expect(groups[0].key).toBe(tier1.id);
    const channels = (await kpis(`${RANGE}&groupBy=channel`)).body.buckets;
    // email: T1 (T4 created before); web: T2, T5; api: T3, T8; phone, walk-in, chat: none (every channel has its bucket).
    expect(channels.map((c: { key: string; kpis: { ticketsCreated: number } }) => [c.key, c.kpis.ticketsCreated])).toEqual([
      ["email", 1],
      ["web", 2],
      ["api", 2],
      ["phone", 0],
      ["walk_in", 0],
      ["chat", 0],
    ]);
  });

  it("counts days in another zone when asked", async () => {
    // In UTC, T8 (Sun 16:30Z) falls before the range; T3 (Tue 00:00Z exactly) opens Tuesday.
    const res = await kpis(`${RANGE}&timeZone=UTC`);
    expect(res.body.timeZone).toBe("UTC");
    expect(res.body.total.ticketsCreated).toBe(4);
    expect(res.body.total.daily.map((d: { created: number }) => d.created)).toEqual([2, 1, 1]);
  });

  it("exports CSV: header, the total, one row per bucket, formulas defused", async () => {
    const res = await call("GET", `/reports/kpis.csv?${RANGE}&groupBy=agent`, { token: a.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="kpis-2026-03-02-to-2026-03-04-by-agent.csv"');
    const text = res.body as string;
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = text.trimEnd().split("\r\n").map((line) => line.split(","));
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(rows).toHaveLength(1 + 1 + 4);
    const total = rows[1]!;
    expect(total.slice(0, 6)).toEqual(["2026-03-02", "2026-03-04", "Asia/Shanghai", "agent", "total", "All tickets"]);
    const read = (row: string[], names: string[]) => names.map((n) => row[col(n)]);
    expect(
      read(total, ["tickets_created", "tickets_solved", "complaints", "backlog_at_end", "backlog_now", "first_reply_median_minutes", "first_reply_p90_minutes", "resolution_p90_business_minutes"]),
    ).toEqual(["5", "4", "1", "2", "3", "30", "1080", "630"]);
    expect(read(total, ["sla_first_reply_achieved", "sla_first_reply_achieved_of", "sla_first_reply_achieved_rate", "sla_resolution_achieved_rate"])).toEqual(["1", "3", "0.3333", ""]);
    expect(read(total, ["one_touch", "one_touch_of", "reopened_rate", "csat_satisfied_rate", "surveys_answered", "surveys_answered_of"])).toEqual(["2", "4", "0.25", "0.6667", "3", "4"]);
    const boRow = rows.find((r) => r[4] === bo.user.id)!;
    expect(boRow[5]).toBe("'=SUM(1+1) Bo");
    expect(read(boRow, ["tickets_created", "complaints", "reopened"])).toEqual(["1", "1", "1"]);
    expect(rows.at(-1)!.slice(4, 7)).toEqual(["none", "Unassigned", "3"]);

    const plain = await call("GET", `/reports/kpis.csv?${RANGE}`, { token: a.token });
    expect(plain.headers.get("Content-Disposition")).toBe('attachment; filename="kpis-2026-03-02-to-2026-03-04.csv"');
    expect((plain.body as string).trimEnd().split("\r\n")).toHaveLength(2);
  });

  it("never counts another workspace's tickets, and B sees only its own", async () => {
    // A's exact figures above already exclude B; here B's own report, and no trace of B in A's.
    const mine = await kpis(`${RANGE}&groupBy=agent`, b.token);
    expect(mine.body.total).toMatchObject({ ticketsCreated: 3, complaints: 3, ticketsSolved: 1, backlogNow: 2, csat: { responseRate: { numerator: 3, denominator: 3 } } });
    expect(mine.body.buckets.map((x: { key: string }) => x.key)).toEqual([b.user.id, "none"]);
    const theirs = JSON.stringify((await kpis(`${RANGE}&groupBy=agent`)).body) + (await call("GET", `/reports/kpis.csv?${RANGE}&groupBy=agent`, { token: a.token })).body;
    for (const value of [b.user.id, b.workspace.id, b.slug]) expect(theirs).not.toContain(value);
  });
});

describe("who may read reports", () => {
  it("owners and admins (even with a read-only API token); agents get 403 for it (their own numbers: agent-reports.test.ts)", async () => {
    for (const path of [`/reports/kpis?${RANGE}`, `/reports/kpis.csv?${RANGE}`]) expectProblem(await call("GET", path, { token: ada.token }), 403, "forbidden");
    const admin = await newMember(a.token, "admin", "Ann Admin");
    expect((await kpis(RANGE, admin.token)).status).toBe(200);
    const readOnly = await call("POST", "/api-tokens", { token: a.token, body: { name: "Dashboard", scope: "read" } });
    expect(readOnly.status).toBe(201);
    expect((await kpis(RANGE, readOnly.body.token)).body.total.ticketsCreated).toBe(5);
    expectProblem(await call("GET", `/reports/kpis?${RANGE}`), 401, "unauthenticated");
  });
});

describe("bad input", () => {
  it("answers 422 with the field named, never 500", async () => {
    const cases: [string, string][] = [
      ["to=2026-03-04", "query.from"],
      ["from=2026-02-30&to=2026-03-04", "query.from"],
      ["from=2026-3-2&to=2026-03-04", "query.from"],
      ["from=1969-12-31&to=1970-01-02", "query.from"],
      ["from=2026-03-05&to=2026-03-04", "query.to"],
      ["from=2025-01-01&to=2026-01-02", "query.to"],
      ["from=2999-12-31&to=3000-01-01", "query.to"],
      [`${RANGE}&groupBy=customer`, "query.groupBy"],
      [`${RANGE}&timeZone=Mars/Olympus`, "query.timeZone"],
      [`${RANGE}&timeZone=${"x".repeat(65)}`, "query.timeZone"],
      [`${RANGE}&timeZone=%2B08:00`, "query.timeZone"],
    ];
    for (const [query, field] of cases)
      for (const path of ["/reports/kpis", "/reports/kpis.csv"]) {
        const res = await call("GET", `${path}?${query}`, { token: a.token });
        const problem = expectProblem(res, 422);
        expect(problem.errors!.map((e) => e.field), `${path}?${query}`).toContain(field);
      }
  });

  it("a year is fine, and days still to come have no backlog", async () => {
    const year = await kpis("from=2025-03-05&to=2026-03-04");
    expect(year.status).toBe(200);
    expect(year.body.total.daily).toHaveLength(365);
    expect(year.body.total.ticketsCreated).toBe(7); // every ticket but T6 (created after) — T4 and T7 are in this year
    const future = await kpis("from=2999-12-30&to=2999-12-31");
    expect(future.status).toBe(200);
    expect(future.body.total.daily).toEqual([
      { date: "2999-12-30", created: 0, backlog: null },
      { date: "2999-12-31", created: 0, backlog: null },
    ]);
    expect(future.body.total.backlogNow).toBe(3);
  });
});

describe("contract", () => {
  it("is in the OpenAPI document with named schemas, and typed for the client", async () => {
    const doc = (await call("GET", "/openapi.json")).body;
    const json = doc.paths["/reports/kpis"].get;
    expect(json.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/KpiReport");
    expect(json.parameters.map((p: { name: string }) => p.name)).toEqual(["from", "to", "groupBy", "timeZone", "assigneeId"]);
    expect(json.responses["403"].content["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem");
    expect(Object.keys(doc.paths["/reports/kpis.csv"].get.responses["200"].content)).toEqual(["text/csv"]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["KpiReport", "Kpis", "KpiBucket", "KpiDay", "KpiDurations", "KpiSummary", "KpiFraction"]));

    const client = hc<AppType>("https://kefu.test/api/v1", {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init)),
      headers: { Authorization: `Bearer ${a.token}` },
    });
    const res = await client.reports.kpis.$get({ query: { from: "2026-03-02", to: "2026-03-04", groupBy: "channel" } });
    if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
    const report = await res.json();
    const created: number[] = report.buckets.map((b) => b.kpis.ticketsCreated);
    const rate: number | null = report.total.oneTouch.rate;
    expect([created, rate]).toEqual([[1, 2, 2, 0, 0, 0], 0.5]);
  });
});
