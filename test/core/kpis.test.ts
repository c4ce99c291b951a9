import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SLA_METRIC_NAMES, TICKET_STATUSES, type TicketStatus } from "../../schema";
import { AppError } from "../../workers/core/errors";
import { bucketLabels, kpisByBucket, NO_VALUE, REPORT_DIMENSIONS, type Dimensions } from "../../workers/core/reports/buckets";
import { csvField, toCsv } from "../../workers/core/reports/csv";
import { KPI_COLUMNS, kpiCsv } from "../../workers/core/reports/kpi-csv";
import { clockOutcome, computeKpis, isSatisfied, type ClockFacts, type Kpis, type SurveyFacts, type TicketFacts } from "../../workers/core/reports/kpis";
import { localDayStart, MAX_RANGE_DAYS, reportRange } from "../../workers/core/reports/report-range";
import { fraction, percentile, summarize } from "../../workers/core/reports/statistics";
import { periodsWhere, statusTransitions, unsolvedPeriods, type StatusChange } from "../../workers/core/reports/status-history";
import { ALWAYS_OPEN } from "../../workers/core/sla/calendar-store";
import type { BusinessCalendar } from "../../workers/core/sla/business-calendar";

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string) => new Date(iso);

describe("percentiles (nearest rank)", () => {
  it("hand-checked values", () => {
    expect(percentile([40, 10, 30, 20], 50)).toBe(20); // rank ⌈0.5·4⌉ = 2 → 20 (the lower middle)
    expect(percentile([40, 10, 30, 20], 90)).toBe(40); // rank ⌈0.9·4⌉ = 4
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9); // rank 9
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(summarize([1.005, 2.333, 9.999])).toEqual({ median: 2.33, p90: 10 });
    expect(summarize([])).toEqual({ median: null, p90: null });
  });

  it("is an observed value within min..max, monotone in p, and the median never exceeds the p90", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), (values, p, q) => {
        const v = percentile(values, p)!;
        expect(values).toContain(v);
        expect(v).toBeGreaterThanOrEqual(Math.min(...values));
        expect(v).toBeLessThanOrEqual(Math.max(...values));
        if (p <= q) expect(v).toBeLessThanOrEqual(percentile(values, q)!);
        // At least p % of the values are <= it, and it is the smallest such value.
        expect(values.filter((x) => x <= v).length).toBeGreaterThanOrEqual((p / 100) * values.length);
        expect(values.filter((x) => x < v).length).toBeLessThan((p / 100) * values.length);
        const s = summarize(values);
        expect(s.median!).toBeLessThanOrEqual(s.p90!);
      }),
    );
  });

  it("fractions keep their parts; the rate lies in 0..1, null when there is nothing to divide", () => {
    expect(fraction(12, 40)).toEqual({ numerator: 12, denominator: 40, rate: 0.3 });
    expect(fraction(2, 3).rate).toBe(0.6667);
    expect(fraction(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null });
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (a, b) => {
        const [n, d] = [Math.min(a, b), Math.max(a, b)];
        const r = fraction(n, d).rate;
        if (d === 0) expect(r).toBeNull();
        else expect(r! >= 0 && r! <= 1).toBe(true);
      }),
    );
  });
});

/** The local date an instant shows in a zone, read by Intl: an oracle independent of localDayStart. */
const localDate = (t: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(t);
const dayNo = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

describe("report range", () => {
  it("is whole local days of the zone, `to` included", () => {
    const r = reportRange("2026-03-02", "2026-03-08", "Asia/Shanghai");
    expect(r.start.toISOString()).toBe("2026-03-01T16:00:00.000Z");
    expect(r.end.toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(r.days.map((d) => d.date)).toEqual(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"]);
    expect(reportRange("2026-03-02", "2026-03-02", "UTC").days).toHaveLength(1);
  });

  it("follows DST: 23 and 25 hour days, and a day whose midnight is skipped starts at the switch", () => {
    const berlin = reportRange("2026-03-29", "2026-03-29", "Europe/Berlin").days[0]!;
    expect([berlin.start.toISOString(), (berlin.end.getTime() - berlin.start.getTime()) / H]).toEqual(["2026-03-28T23:00:00.000Z", 23]);
    const ny = reportRange("2026-11-01", "2026-11-01", "America/New_York").days[0]!;
    expect([ny.start.toISOString(), (ny.end.getTime() - ny.start.getTime()) / H]).toEqual(["2026-11-01T04:00:00.000Z", 25]);
    // Cuba springs forward at midnight (00:00 CST → 01:00 CDT) on 8 March 2026: the day starts at 05:00Z and is 23 h long.
    const havana = reportRange("2026-03-08", "2026-03-08", "America/Havana").days[0]!;
    expect([havana.start.toISOString(), (havana.end.getTime() - havana.start.getTime()) / H]).toEqual(["2026-03-08T05:00:00.000Z", 23]);
  });

  it("a day starts at the first instant showing its date (checked against Intl in zones with odd offsets and switches)", () => {
    const zones = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York", "America/Havana", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "America/Santiago"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: dayNo("2000-01-01"), max: dayNo("2040-12-31") }), (zone, n) => {
        const start = localDayStart(n, zone);
        const date = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(localDate(start, zone)).toBe(date);
        expect(localDate(new Date(start.getTime() - 1000), zone) < date).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses bad dates, a reversed range, more than a year, and unknown zones, naming the field", () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return [(e as AppError).status, (e as AppError).code, (e as AppError).details.errors![0]!.field];
      }
      throw new Error("not refused");
    };
    expect(refusal(() => reportRange("2026-02-30", "2026-03-01", "UTC"))).toEqual([422, "invalid_date", "query.from"]);
    expect(refusal(() => reportRange("2026-03-01", "march", "UTC"))).toEqual([422, "invalid_date", "query.to"]);
    expect(refusal(() => reportRange("1969-12-31", "1970-01-01", "UTC"))).toEqual([422, "invalid_date", "query.from"]);
    expect(refusal(() => reportRange("2026-03-02", "2026-03-01", "UTC"))).toEqual([422, "invalid_range", "query.to"]);
    expect(refusal(() => reportRange("2024-01-01", "2025-01-01", "UTC"))).toEqual([422, "range_too_long", "query.to"]); // 367 days
    expect(reportRange("2024-01-01", "2024-12-31", "UTC").days).toHaveLength(MAX_RANGE_DAYS); // a leap year fits
    expect(refusal(() => reportRange("2026-03-01", "2026-03-02", "Mars/Olympus"))).toEqual([422, "invalid_time_zone", "query.timeZone"]);
    expect(refusal(() => reportRange("2026-03-01", "2026-03-02", "+08:00"))).toEqual([422, "invalid_time_zone", "query.timeZone"]);
  });
});

describe("status history", () => {
  const s = (iso: string, status: TicketStatus): StatusChange => ({ at: at(iso), status });
  it("finds solves (closing a solved ticket is not another) and reopens, and the unsolved periods", () => {
    const changes = [s("2026-03-02T01:00:00Z", "new"), s("2026-03-02T02:00:00Z", "open"), s("2026-03-02T03:00:00Z", "solved"), s("2026-03-03T01:00:00Z", "open"), s("2026-03-04T01:00:00Z", "solved"), s("2026-03-08T01:00:00Z", "closed")];
    const { solves, reopens } = statusTransitions(changes);
    expect(solves.map((d) => d.toISOString())).toEqual(["2026-03-02T03:00:00.000Z", "2026-03-04T01:00:00.000Z"]);
    expect(reopens.map((d) => d.toISOString())).toEqual(["2026-03-03T01:00:00.000Z"]);
    expect(unsolvedPeriods(changes)).toEqual([
      { from: Date.parse("2026-03-02T01:00:00Z"), to: Date.parse("2026-03-02T03:00:00Z") },
      { from: Date.parse("2026-03-03T01:00:00Z"), to: Date.parse("2026-03-04T01:00:00Z") },
    ]);
    // Created solved (a phone call logged after the fact): a solve at creation, never in the backlog.
    expect(statusTransitions([s("2026-03-02T01:00:00Z", "solved")]).solves).toHaveLength(1);
    expect(unsolvedPeriods([s("2026-03-02T01:00:00Z", "solved")])).toEqual([]);
    expect(unsolvedPeriods([s("2026-03-02T01:00:00Z", "new"), s("2026-03-02T02:00:00Z", "pending")])).toEqual([{ from: Date.parse("2026-03-02T01:00:00Z"), to: Infinity }]);
  });

  it("the requester's wait: the periods before a solve that are neither pending nor done", () => {
    const changes = [s("2026-03-02T01:00:00Z", "new"), s("2026-03-02T02:00:00Z", "pending"), s("2026-03-02T04:00:00Z", "on_hold"), s("2026-03-02T05:00:00Z", "solved"), s("2026-03-02T07:00:00Z", "open"), s("2026-03-02T09:00:00Z", "solved")];
    expect(periodsWhere(changes, Date.parse("2026-03-02T09:00:00Z"), (st) => st !== "pending")).toEqual([
      { from: Date.parse("2026-03-02T01:00:00Z"), to: Date.parse("2026-03-02T02:00:00Z") },
      { from: Date.parse("2026-03-02T04:00:00Z"), to: Date.parse("2026-03-02T05:00:00Z") },
      { from: Date.parse("2026-03-02T07:00:00Z"), to: Date.parse("2026-03-02T09:00:00Z") },
    ]);
    // Up to an earlier solve only.
    expect(periodsWhere(changes, Date.parse("2026-03-02T05:00:00Z"), (st) => st !== "pending")).toHaveLength(2);
  });

  it("counting every status, the periods are the unsolved ones up to the instant", () => {
    const walk = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom(...TICKET_STATUSES)), { maxLength: 12 });
    fc.assert(
      fc.property(walk, fc.integer({ min: 0, max: 70 }), (steps, untilHour) => {
        let t = Date.parse("2026-03-02T00:00:00Z");
        const changes = steps.map(([gap, status]) => ({ at: new Date((t += gap * H)), status }));
        const until = Date.parse("2026-03-02T00:00:00Z") + untilHour * H;
        const clipped = unsolvedPeriods(changes)
          .map((p) => ({ from: p.from, to: Math.min(p.to, until) }))
          .filter((p) => p.to > p.from);
        expect(periodsWhere(changes, until, () => true)).toEqual(clipped);
        for (const p of periodsWhere(changes, until, (st) => st !== "pending")) {
          const inside = changes.filter((c) => c.at.getTime() <= p.from).at(-1);
          expect(inside?.status).not.toBe("pending");
        }
      }),
    );
  });
});

describe("SLA outcomes and satisfaction", () => {
  const clock = (c: Partial<ClockFacts>): ClockFacts => ({ metric: "first_reply", state: "running", dueAt: null, fulfilledAt: null, breachedAt: null, ...c });
  const now = at("2026-03-10T00:00:00Z");
  it("a breach counts at its breach time even when fulfilled later; running clocks past due are breached; stopped ones have no outcome", () => {
    expect(clockOutcome(clock({ state: "breached", breachedAt: at("2026-03-03T00:00:00Z"), fulfilledAt: at("2026-03-09T00:00:00Z") }), now)).toEqual({ achieved: false, at: at("2026-03-03T00:00:00Z") });
    expect(clockOutcome(clock({ state: "running", dueAt: at("2026-03-04T00:00:00Z") }), now)).toEqual({ achieved: false, at: at("2026-03-04T00:00:00Z") });
    expect(clockOutcome(clock({ state: "running", dueAt: at("2026-03-11T00:00:00Z") }), now)).toBeNull();
    expect(clockOutcome(clock({ state: "paused" }), now)).toBeNull();
    expect(clockOutcome(clock({ state: "stopped", dueAt: at("2026-03-04T00:00:00Z") }), now)).toBeNull();
    expect(clockOutcome(clock({ state: "fulfilled", fulfilledAt: at("2026-03-05T00:00:00Z"), dueAt: at("2026-03-06T00:00:00Z") }), now)).toEqual({ achieved: true, at: at("2026-03-05T00:00:00Z") });
  });

  it("satisfied: good on good/bad, 4 or 5 on one to five", () => {
    expect([isSatisfied("good_bad", 1), isSatisfied("good_bad", 0)]).toEqual([true, false]);
    expect([1, 2, 3, 4, 5].map((r) => isSatisfied("one_to_five", r))).toEqual([false, false, false, true, true]);
  });
});

// Office hours for the business figures: Monday–Friday 09:00–18:00 UTC.
const OFFICE: BusinessCalendar = { timeZone: "UTC", weekly: [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []], holidays: [], workdays: [] };
const dims = (d: Partial<Dimensions> = {}): Dimensions => ({ agent: NO_VALUE, group: NO_VALUE, channel: "email", priority: "normal", ...d });
const ticket = (t: Partial<TicketFacts> & Pick<TicketFacts, "createdAt" | "statuses">): TicketFacts => ({
  dims: dims(),
  type: "question",
  firstResponseAt: null,
  publicReplies: 0,
  calendar: OFFICE,
  clocks: [],
  ...t,
});
const history = (...steps: [string, TicketStatus][]) => steps.map(([iso, status]) => ({ at: at(iso), status }));

describe("KPIs on a small set, checked by hand", () => {
  // Monday 2 to Wednesday 4 March 2026, UTC; now is Wednesday 12:00, so Wednesday's backlog is as of now.
  const range = reportRange("2026-03-02", "2026-03-04", "UTC");
  const now = at("2026-03-04T12:00:00Z");
  const tickets: TicketFacts[] = [
    // A: Mon 10:00, replied 11:00, solved Mon 16:00; one reply → one-touch. First reply 60 min (60 business);
    // resolution 360 min (360 business: 10:00–16:00 inside 09:00–18:00).
    ticket({
      dims: dims({ agent: "usr_a" }),
      createdAt: at("2026-03-02T10:00:00Z"),
      firstResponseAt: at("2026-03-02T11:00:00Z"),
      publicReplies: 1,
      statuses: history(["2026-03-02T10:00:00Z", "new"], ["2026-03-02T11:00:00Z", "open"], ["2026-03-02T16:00:00Z", "solved"]),
      clocks: [{ metric: "first_reply", state: "fulfilled", dueAt: at("2026-03-02T12:00:00Z"), fulfilledAt: at("2026-03-02T11:00:00Z"), breachedAt: null }],
    }),
    // B: a complaint, Mon 17:00, replied Tue 10:00 (17 h = 1020 min; business 17:00–18:00 + 09:00–10:00 = 120),
    // solved Tue 12:00, reopened Tue 13:00, solved again Wed 09:30: resolution to the last solve in range,
    // Mon 17:00 → Wed 09:30 = 40.5 h = 2430 min; business 60 + 540 (Tue) + 30 = 630. Reopened; not one-touch.
    ticket({
      dims: dims({ agent: "usr_b", priority: "high" }),
      type: "complaint",
      createdAt: at("2026-03-02T17:00:00Z"),
      firstResponseAt: at("2026-03-03T10:00:00Z"),
      publicReplies: 1,
      statuses: history(["2026-03-02T17:00:00Z", "new"], ["2026-03-03T10:00:00Z", "open"], ["2026-03-03T12:00:00Z", "solved"], ["2026-03-03T13:00:00Z", "open"], ["2026-03-04T09:30:00Z", "solved"]),
      clocks: [{ metric: "first_reply", state: "breached", dueAt: at("2026-03-03T09:00:00Z"), fulfilledAt: at("2026-03-03T10:00:00Z"), breachedAt: at("2026-03-03T09:00:00Z") }],
    }),
    // C: Tue 08:00, no reply, still open; its first-reply clock was due Tue 10:00 and is still marked running → breached.
    ticket({
      dims: dims({ agent: "usr_a", channel: "web" }),
      createdAt: at("2026-03-03T08:00:00Z"),
      statuses: history(["2026-03-03T08:00:00Z", "new"]),
      clocks: [{ metric: "first_reply", state: "running", dueAt: at("2026-03-03T10:00:00Z"), fulfilledAt: null, breachedAt: null }],
    }),
    // D: created the Friday before (out of range), open over the weekend, solved Mon 09:00 with 2 replies:
    // solved in range (resolution Fri 09:00 → Mon 09:00 = 4320 min; business Fri 09:00–18:00 = 540), not one-touch.
    ticket({
      createdAt: at("2026-02-27T09:00:00Z"),
      firstResponseAt: at("2026-02-27T10:00:00Z"),
      publicReplies: 2,
      statuses: history(["2026-02-27T09:00:00Z", "open"], ["2026-03-02T09:00:00Z", "solved"]),
    }),
    // E: created Wed 11:59, a minute before now: in Wednesday's backlog (read as of now).
    ticket({ createdAt: at("2026-03-04T11:59:00Z"), statuses: history(["2026-03-04T11:59:00Z", "new"]) }),
  ];
  const surveys: SurveyFacts[] = [
    { dims: dims({ agent: "usr_a" }), createdAt: at("2026-03-03T16:00:00Z"), scale: "good_bad", rating: 1, answeredAt: at("2026-03-03T17:00:00Z") },
    { dims: dims({ agent: "usr_b", priority: "high" }), createdAt: at("2026-03-04T10:00:00Z"), scale: "one_to_five", rating: 3, answeredAt: at("2026-03-04T11:00:00Z") },
    { dims: dims(), createdAt: at("2026-03-04T10:00:00Z"), scale: "one_to_five", rating: null, answeredAt: null },
    { dims: dims(), createdAt: at("2026-02-28T10:00:00Z"), scale: "good_bad", rating: 0, answeredAt: at("2026-02-28T11:00:00Z") }, // before the range
  ];

  it("computes every figure", () => {
    const k = computeKpis(tickets, surveys, range, now);
    expect(k.ticketsCreated).toBe(4); // A, B, C, E
    expect(k.complaints).toBe(1); // B
    expect(k.ticketsSolved).toBe(3); // A (Mon), B (Wed), D (Mon)
    // Backlog at the end of Mon: B (new since 17:00); A and D solved. Tue end: B (reopened 13:00), C. Wed as of
    // 12:00: C, E (B solved 09:30). Now: C and E.
    expect(k.daily).toEqual([
      { date: "2026-03-02", created: 2, backlog: 1 },
      { date: "2026-03-03", created: 1, backlog: 2 },
      { date: "2026-03-04", created: 1, backlog: 2 },
    ]);
    expect(k.backlogNow).toBe(2);
    // First reply (created in range and replied): A 60, B 1020 → nearest rank: median = 60, p90 = 1020; business 60 and 120.
    expect(k.firstReply).toEqual({ count: 2, calendarMinutes: { median: 60, p90: 1020 }, businessMinutes: { median: 60, p90: 120 } });
    // Resolution: A 360, B 2430, D 4320 → median 2430, p90 4320; business 360, 630, 540 → median 540, p90 630.
    expect(k.resolution).toEqual({ count: 3, calendarMinutes: { median: 2430, p90: 4320 }, businessMinutes: { median: 540, p90: 630 } });
    // Requester wait (never pending here; the time solved does not count): A 360 (360 business); B Mon 17:00 → Tue 12:00
    // (1140) + Tue 13:00 → Wed 09:30 (1230) = 2370, business 60 + 180 + 300 + 30 = 570; D 4320 (540).
    expect(k.requesterWait).toEqual({ count: 3, calendarMinutes: { median: 2370, p90: 4320 }, businessMinutes: { median: 540, p90: 570 } });
    // First-reply SLA: A achieved (Mon), B breached (Tue 09:00), C breached (Tue 10:00, still running) → 1 of 3.
    expect(k.sla.first_reply).toEqual({ numerator: 1, denominator: 3, rate: 0.3333 });
    expect(k.sla.resolution).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(k.oneTouch).toEqual({ numerator: 1, denominator: 3, rate: 0.3333 }); // A only
    expect(k.reopened).toEqual({ numerator: 1, denominator: 3, rate: 0.3333 }); // B
    // Surveys sent in range: 3; answered 2 (good; 3 of 5); satisfied 1.
    expect(k.csat).toEqual({ score: { numerator: 1, denominator: 2, rate: 0.5 }, responseRate: { numerator: 2, denominator: 3, rate: 0.6667 } });
  });

  it("splits by agent, with the unassigned bucket, and the parts add up", () => {
    const labels = bucketLabels("agent", [{ id: "usr_b", name: "Bea", active: true }, { id: "usr_a", name: "Ada", active: true }, { id: "usr_x", name: "Xavier (left)", active: false }], []);
    const buckets = kpisByBucket(tickets, surveys, range, now, "agent", labels);
    expect(buckets.map((b) => [b.key, b.name, b.kpis.ticketsCreated, b.kpis.ticketsSolved, b.kpis.backlogNow, b.kpis.csat.responseRate.denominator])).toEqual([
      ["usr_a", "Ada", 2, 1, 1, 1],
      ["usr_b", "Bea", 1, 1, 0, 1],
      [NO_VALUE, "Unassigned", 1, 1, 1, 1],
    ]);
    expect(buckets[0]!.kpis.sla.first_reply).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  it("writes CSV: a header, the total, one row per bucket", () => {
    const labels = bucketLabels("priority", [], []);
    const csv = kpiCsv(range, "priority", computeKpis(tickets, surveys, range, now), kpisByBucket(tickets, surveys, range, now, "priority", labels));
    const lines = csv.split("\r\n");
    expect(lines.at(-1)).toBe("");
    const [header, total, low, normal, high, urgent] = lines.map((l) => l.split(","));
    expect(header!.slice(0, 8)).toEqual(["from", "to", "time_zone", "group_by", "key", "name", "tickets_created", "tickets_solved"]);
    expect(header).toHaveLength(6 + KPI_COLUMNS.length);
    expect(total!.slice(0, 9)).toEqual(["2026-03-02", "2026-03-04", "UTC", "priority", "total", "All tickets", "4", "3", "1"]);
    expect([low, normal, high, urgent].map((r) => [r![4], r![6]])).toEqual([["low", "0"], ["normal", "3"], ["high", "1"], ["urgent", "0"]]);
    const col = (name: string) => header!.indexOf(name);
    expect([total![col("backlog_at_end")], total![col("first_reply_p90_business_minutes")], total![col("sla_first_reply_achieved_rate")], total![col("sla_resolution_achieved_rate")]]).toEqual(["2", "120", "0.3333", ""]);
  });
});

describe("CSV fields", () => {
  it("quotes as RFC 4180 says and defuses formulas in text, never in numbers", () => {
    expect(csvField('Tea, "green"')).toBe('"Tea, ""green"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(["+1", "-x", "@SUM(A1)", "\tx"].map(csvField)).toEqual(["'+1", "'-x", "'@SUM(A1)", "'\tx"]);
    expect([csvField(-3), csvField(0.25), csvField(null), csvField("plain")]).toEqual(["-3", "0.25", "", "plain"]);
    expect(toCsv(["a", "b"], [[1, "x,y"]])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it("any text survives a round trip through an RFC 4180 reader, formula-safe", () => {
    const read = (field: string) => (field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field);
    fc.assert(
      fc.property(fc.string(), (text) => {
        const back = read(csvField(text));
        expect(back).toBe(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
        expect(/^[=+\-@\t\r]/.test(back)).toBe(false);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated workspaces

const RANGE = reportRange("2026-03-02", "2026-03-15", "UTC");
const T0 = Date.parse("2026-02-20T00:00:00Z");
const SPAN = Date.parse("2026-03-20T00:00:00Z") - T0;
/** Instants on whole hours, so changes often fall exactly on a day's end (the edge the definitions must get right). */
const hourly = (max: number) => fc.integer({ min: 0, max: Math.floor(max / H) }).map((h) => h * H);

/** A status walk the ticket rules allow: never back to new, closed only from solved, closed is final. */
const statusWalk = fc.array(fc.constantFrom<TicketStatus>(...TICKET_STATUSES.filter((s) => s !== "new")), { maxLength: 6 }).map((steps) => {
  const out: TicketStatus[] = ["new"];
  for (const s of steps) {
    const last = out.at(-1)!;
    if (last === "closed" || s === last || (s === "closed" && last !== "solved")) continue;
    out.push(s);
  }
  return out;
});

const ticketArb = fc
  .record({
    created: hourly(SPAN),
    gaps: fc.array(hourly(4 * 86_400_000), { minLength: 7, maxLength: 7 }),
    walk: statusWalk,
    agent: fc.constantFrom("usr_a", "usr_b", NO_VALUE),
    group: fc.constantFrom("grp_1", NO_VALUE),
    channel: fc.constantFrom("email", "web", "api"),
    priority: fc.constantFrom("low", "normal", "high", "urgent"),
    type: fc.constantFrom("question", "complaint"),
    replyAfter: fc.option(hourly(3 * 86_400_000)),
    replies: fc.nat(3),
    clocks: fc.array(
      fc.record({ metric: fc.constantFrom(...SLA_METRIC_NAMES), state: fc.constantFrom("running", "paused", "fulfilled", "breached", "stopped"), due: hourly(SPAN), done: hourly(SPAN) }),
      { maxLength: 3 },
    ),
    calendar: fc.constantFrom(OFFICE, ALWAYS_OPEN),
  })
  .map((g): TicketFacts => {
    let t = T0 + g.created;
    const statuses = g.walk.map((status, i) => ({ at: new Date((t += i === 0 ? 0 : g.gaps[i]!)), status }));
    return {
      dims: { agent: g.agent, group: g.group, channel: g.channel, priority: g.priority },
      type: g.type as TicketFacts["type"],
      createdAt: new Date(T0 + g.created),
      firstResponseAt: g.replyAfter === null ? null : new Date(T0 + g.created + g.replyAfter),
      statuses,
      publicReplies: g.replies,
      calendar: g.calendar,
      clocks: g.clocks.map((c) => ({
        metric: c.metric,
        state: c.state as ClockFacts["state"],
        dueAt: new Date(T0 + c.due),
        fulfilledAt: c.state === "fulfilled" || c.state === "breached" ? new Date(T0 + c.done) : null,
        breachedAt: c.state === "breached" ? new Date(T0 + c.due) : null,
      })),
    };
  });

const surveyArb = fc.record({ created: hourly(SPAN), agent: fc.constantFrom("usr_a", "usr_b", NO_VALUE), scale: fc.constantFrom("good_bad", "one_to_five"), rating: fc.option(fc.integer({ min: 0, max: 5 })) }).map(
  (g): SurveyFacts => {
    const rating = g.rating === null ? null : g.scale === "good_bad" ? g.rating % 2 : Math.max(1, g.rating);
    return { dims: dims({ agent: g.agent }), createdAt: new Date(T0 + g.created), scale: g.scale as SurveyFacts["scale"], rating, answeredAt: rating === null ? null : new Date(T0 + g.created + MIN) };
  },
);

const fractionsOf = (k: Kpis) => [...SLA_METRIC_NAMES.map((m) => k.sla[m]), k.oneTouch, k.reopened, k.csat.score, k.csat.responseRate];
const countsOf = (k: Kpis) => [k.ticketsCreated, k.ticketsSolved, k.complaints, k.backlogNow, k.firstReply.count, k.resolution.count, k.requesterWait.count, ...k.daily.flatMap((d) => [d.created, d.backlog ?? 0]), ...fractionsOf(k).flatMap((f) => [f.numerator, f.denominator])];

describe("KPI properties", () => {
  const world = fc.record({ tickets: fc.array(ticketArb, { maxLength: 25 }), surveys: fc.array(surveyArb, { maxLength: 10 }), now: hourly(SPAN + 86_400_000) });

  it("rates lie in 0..1, medians never exceed p90s, daily counts add up to the range's, backlogs are never negative", () => {
    fc.assert(
      fc.property(world, ({ tickets, surveys, now }) => {
        const k = computeKpis(tickets, surveys, RANGE, new Date(T0 + now));
        for (const f of fractionsOf(k)) {
          expect(f.numerator).toBeLessThanOrEqual(f.denominator);
          if (f.rate !== null) expect(f.rate >= 0 && f.rate <= 1).toBe(true);
        }
        // Requester wait is part of the total resolution time, ticket by ticket, so of its order statistics too.
        expect(k.requesterWait.count).toBe(k.resolution.count);
        for (const key of ["median", "p90"] as const) {
          const [wait, total] = [k.requesterWait.calendarMinutes[key], k.resolution.calendarMinutes[key]];
          if (total !== null) expect(wait!).toBeLessThanOrEqual(total + 0.01);
        }
        for (const d of [k.firstReply, k.resolution, k.requesterWait])
          for (const s of [d.calendarMinutes, d.businessMinutes]) if (s.median !== null) expect(s.median).toBeLessThanOrEqual(s.p90!);
        // Business time never exceeds calendar time.
        if (k.resolution.businessMinutes.p90 !== null) expect(k.resolution.businessMinutes.p90).toBeLessThanOrEqual(k.resolution.calendarMinutes.p90! + 0.01);
        expect(k.daily.reduce((n, d) => n + d.created, 0)).toBe(k.ticketsCreated);
        expect(k.complaints).toBeLessThanOrEqual(k.ticketsCreated);
        for (const d of k.daily) if (d.backlog !== null) expect(d.backlog).toBeGreaterThanOrEqual(0);
        // Days that have not begun have no backlog; the others do.
        k.daily.forEach((d, i) => expect(d.backlog === null).toBe(RANGE.days[i]!.start.getTime() > T0 + now));
      }),
      { numRuns: 150 },
    );
  });

  it("the backlog at a day's end is the tickets created by then whose last status before then is not done", () => {
    fc.assert(
      fc.property(world, ({ tickets, now }) => {
        const nowAt = T0 + now;
        const k = computeKpis(tickets, [], RANGE, new Date(nowAt));
        RANGE.days.forEach((day, i) => {
          if (day.start.getTime() > nowAt) return;
          const s = Math.min(day.end.getTime(), nowAt);
          const expected = tickets.filter((t) => {
            const last = t.statuses.filter((c) => c.at.getTime() < s).at(-1);
            return last !== undefined && last.status !== "solved" && last.status !== "closed";
          }).length;
          expect(k.daily[i]!.backlog, day.date).toBe(expected);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("every bucket split adds up to the workspace total", () => {
    fc.assert(
      fc.property(world, fc.constantFrom(...REPORT_DIMENSIONS), ({ tickets, surveys, now }, dimension) => {
        const at = new Date(T0 + now);
        const total = countsOf(computeKpis(tickets, surveys, RANGE, at));
        const labels = bucketLabels(dimension, [{ id: "usr_a", name: "Ada", active: true }, { id: "usr_b", name: "Bea", active: false }], [{ id: "grp_1", name: "Tier 1" }]);
        const buckets = kpisByBucket(tickets, surveys, RANGE, at, dimension, labels);
        expect(new Set(buckets.map((b) => b.key)).size).toBe(buckets.length);
        const sum = buckets.map((b) => countsOf(b.kpis)).reduce((a, b) => a.map((x, i) => x + b[i]!));
        expect(sum).toEqual(total);
      }),
      { numRuns: 150 },
    );
  });
});
