import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES, type TicketStatus } from "../../schema";
import { drivingCondition, scanCutoff, scanStatuses, sinceMoments, windowKey, type HoursSince } from "../../workers/core/automations/automation-scan";
import { followUpDue } from "../../workers/core/automations/follow-up-due";
import { evaluateCondition } from "../../workers/core/rules/rule-conditions";
import type { RuleFacts } from "../../workers/core/rules/rule-facts";
import { TIME_SINCE, type Conditions } from "../../workers/core/rules/rule-schema";
import { isOpenAt, type BusinessCalendar } from "../../workers/core/sla/business-calendar";

const HOUR = 3_600_000;
const office: BusinessCalendar = { timeZone: "Asia/Shanghai", weekly: [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []], holidays: ["2026-12-09"], workdays: [] };
const split: BusinessCalendar = { timeZone: "America/New_York", weekly: Array.from({ length: 7 }, (_, d) => (d % 3 === 0 ? [] : [{ start: "08:00", end: "12:00" }, { start: "13:00", end: "17:30" }])), holidays: [], workdays: [] };
const calendars = new Map([["office", office], ["split", split]]);

const status = fc.constantFrom(...TICKET_STATUSES);
const since = fc.constantFrom(...TIME_SINCE);
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }).map((ms) => new Date(ms));
const statusCondition = fc.record({ field: fc.constant("status" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.uniqueArray(status, { minLength: 1 }) });
const driving = fc.record({
  field: fc.constant("hours_since" as const),
  since,
  op: fc.constant("gt" as const),
  value: fc.double({ min: 0, max: 400, noNaN: true }),
  calendarId: fc.constantFrom(null, "office", "split"),
}) as fc.Arbitrary<HoursSince>;

describe("automation scans (pure)", () => {
  it("the statuses scanned are never closed, satisfy every status condition, and are only pending/solved when that is the moment", () => {
    fc.assert(
      fc.property(fc.array(statusCondition, { maxLength: 3 }), since, (conditions, s) => {
        const scanned = scanStatuses({ all: conditions, any: [] }, s);
        expect(scanned).not.toContain("closed");
        for (const c of conditions) for (const st of scanned) expect(c.value.includes(st)).toBe(c.op === "is");
        if (s === "pending") expect(scanned.every((st) => st === "pending")).toBe(true);
        if (s === "solved") expect(scanned.every((st) => st === "solved")).toBe(true);
        // Nothing a condition allows is left out (closed aside).
        for (const st of TICKET_STATUSES) {
          const allowed = conditions.every((c) => c.value.includes(st) === (c.op === "is")) && st !== "closed" && (s !== "pending" || st === "pending") && (s !== "solved" || st === "solved");
          expect(scanned.includes(st as TicketStatus)).toBe(allowed);
        }
      }),
    );
  });

  it("the scan's range is sound: whenever the time condition holds (calendar or business hours), the moment is inside the range and is the window", () => {
    fc.assert(
      fc.property(driving, instant, fc.integer({ min: 0, max: 60 * 24 * 40 }), status, (condition, now, minutesAgo, st) => {
        const moment = new Date(now.getTime() - minutesAgo * 60_000);
        const times = { status: st, createdAt: moment, updatedAt: moment, statusChangedAt: moment, solvedAt: st === "solved" ? moment : null, lastCustomerMessageAt: moment, lastAgentMessageAt: moment };
        const facts = { now, since: sinceMoments(times), calendars } as unknown as RuleFacts;
        const result = evaluateCondition(condition, facts);
        if (result.matched) {
          expect(moment.getTime()).toBeLessThanOrEqual(scanCutoff(condition, now).getTime());
          expect(windowKey(condition, facts.since)).toBe(moment.getTime());
        }
      }),
    );
  });

  it("the driving condition is the first `all` hours_since with gt; none without one", () => {
    const a: Conditions = { all: [{ field: "hours_since", since: "created", op: "lt", value: 3, calendarId: null }, { field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null }], any: [] };
    expect(drivingCondition(a)?.since).toBe("pending");
    expect(drivingCondition({ all: [], any: [{ field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null }] })).toBeNull();
  });

  it("pending and solved count only while the ticket is in that status", () => {
    const t = new Date("2026-12-01T00:00:00Z");
    const base = { createdAt: t, updatedAt: t, statusChangedAt: t, solvedAt: t, lastCustomerMessageAt: null, lastAgentMessageAt: null };
    expect(sinceMoments({ ...base, status: "open" })).toMatchObject({ pending: null, solved: null, created: t });
    expect(sinceMoments({ ...base, status: "pending" }).pending).toBe(t);
    expect(sinceMoments({ ...base, status: "solved" }).solved).toBe(t);
  });
});

/** The local date of an instant in a zone. */
const day = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

describe("follow-up due date (pure)", () => {
  it("examples: Monday afternoon → Wednesday 18:00; Friday → Tuesday; a holiday is skipped; no calendar: whole days", () => {
    // 2026-12-07 is a Monday; 15:00 in Shanghai is 07:00 UTC.
    expect(followUpDue(new Date("2026-12-07T07:00:00Z"), { dueInBusinessDays: 2 }, office)!.toISOString()).toBe("2026-12-10T10:00:00.000Z"); // Wed 9th is a holiday: Thu 18:00
    expect(followUpDue(new Date("2026-12-14T07:00:00Z"), { dueInBusinessDays: 2 }, office)!.toISOString()).toBe("2026-12-16T10:00:00.000Z");
    expect(followUpDue(new Date("2026-12-11T07:00:00Z"), { dueInBusinessDays: 2 }, office)!.toISOString()).toBe("2026-12-15T10:00:00.000Z");
    expect(followUpDue(new Date("2026-12-14T07:00:00Z"), { dueInBusinessHours: 4 }, office)!.toISOString()).toBe("2026-12-15T02:00:00.000Z"); // 3 h on Monday, 1 on Tuesday
    expect(followUpDue(new Date("2026-12-14T07:00:00Z"), { dueInBusinessDays: 2 }, null)!.toISOString()).toBe("2026-12-16T07:00:00.000Z");
    expect(followUpDue(new Date("2026-12-14T07:00:00Z"), {}, null)!.toISOString()).toBe("2026-12-16T07:00:00.000Z");
  });

  it("N business days: the due time closes an open period, on the N-th day with open hours after the start's day", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 10 }), fc.constantFrom(office, split), (start, n, calendar) => {
        const due = followUpDue(start, { dueInBusinessDays: n }, calendar)!;
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(isOpenAt(new Date(due.getTime() - 1), calendar)).toBe(true);
        expect(isOpenAt(due, calendar)).toBe(false);
        // Count the local days with open hours strictly after the start's day, up to the due day.
        const seen = new Set<string>();
        for (let t = start.getTime(); t <= due.getTime(); t += 60 * 60_000) {
          const at = new Date(t);
          if (isOpenAt(at, calendar) && day(at, calendar.timeZone) !== day(start, calendar.timeZone)) seen.add(day(at, calendar.timeZone));
        }
        expect(seen.size).toBe(n);
        expect(seen.has(day(new Date(due.getTime() - 1), calendar.timeZone))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
