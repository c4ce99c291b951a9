import { beforeAll, describe, expect, it } from "vitest";
import fixture from "../fixtures/holidays/holidays-2026.ics?raw";
import malformed from "../fixtures/holidays/malformed.ics?raw";
import { mergeHolidayDates } from "../../workers/core/sla/holiday-merge";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

/**
 * Holidays as date ranges in business calendars, the shipped mainland China schedule and the
 * .ics import (issue 13, admin gaps): what is stored, what deadlines follow, and bad input.
 */

const weekly = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
let owner: Awaited<ReturnType<typeof newWorkspace>>;
let agentToken: string;

beforeAll(async () => {
  owner = await newWorkspace("Holiday Tea");
  agentToken = (await newMember(owner.token)).token;
});

const due = async (calendarId: string, start: string, minutes: number) => {
  const res = await call("POST", "/business-calendars/preview", { token: owner.token, body: { calendarId, start, minutes } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return new Date(res.body.dueAt).toISOString();
};
const at = (local: string) => new Date(local).toISOString();

describe("holidays as ranges", () => {
  it("a calendar stores ranges and dates side by side, and deadlines skip a range and use a make-up Saturday", { timeout: 60_000 }, async () => {
    const holidays = ["2026-01-01", { start: "2026-02-15", end: "2026-02-23" }];
    const workdays = [{ date: "2026-02-14", hoursOf: 1 }];
    const created = await call("POST", "/business-calendars", { token: owner.token, body: { name: "Ranges", timeZone: "Asia/Shanghai", weekly, holidays, workdays } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.holidays).toEqual(holidays);
    expect((await call("GET", `/business-calendars/${created.body.id}`, { token: owner.token })).body.holidays).toEqual(holidays);
    // Friday 17:00 + 2 h: 1 h Friday, 1 h on the make-up Saturday.
    expect(await due(created.body.id, "2026-02-13T17:00:00+08:00", 120)).toBe(at("2026-02-14T10:00:00+08:00"));
    // Saturday 17:00 + 2 h: the range (both ends) is closed, Tuesday 02-24.
    expect(await due(created.body.id, "2026-02-14T17:00:00+08:00", 120)).toBe(at("2026-02-24T10:00:00+08:00"));
  });

  it("refuses a range that ends before it starts, or a make-up day inside a range, naming the field", async () => {
    const body = (holidays: unknown[], workdays: unknown[] = []) => ({ name: `Bad ${Math.random()}`, timeZone: "Asia/Shanghai", weekly, holidays, workdays });
    const backwards = expectProblem(await call("POST", "/business-calendars", { token: owner.token, body: body([{ start: "2026-02-23", end: "2026-02-15" }]) }), 422, "invalid_calendar");
    expect(backwards.errors!.map((e: { field: string }) => e.field)).toEqual(["body.holidays[0]"]);
    const inside = expectProblem(
      await call("POST", "/business-calendars", { token: owner.token, body: body([{ start: "2026-02-15", end: "2026-02-23" }], [{ date: "2026-02-20", hoursOf: 1 }]) }),
      422,
      "invalid_calendar",
    );
    expect(inside.errors!.map((e: { field: string }) => e.field)).toEqual(["body.workdays[0].date"]);
    expectProblem(await call("POST", "/business-calendars", { token: owner.token, body: body([{ start: "2026-02-15" }]) }), 422);
    expectProblem(await call("POST", "/business-calendars", { token: owner.token, body: body([{ start: "2026-02-15", end: "2026-02-16", extra: 1 }]) }), 422);
  });
});

describe("public holiday schedules", () => {
  it("ship mainland China 2026 from the State Council notice, and 2027 as not yet published", async () => {
    const res = await call("GET", "/public-holiday-schedules", { token: agentToken });
    expect(res.status).toBe(200);
    const cn2026 = res.body.items.find((s: { id: string }) => s.id === "CN-2026");
    expect(cn2026.published).toBe(true);
    expect(cn2026.source.title).toBe("国务院办公厅关于2026年部分节假日安排的通知");
    expect(cn2026.holidays).toEqual([
      { start: "2026-01-01", end: "2026-01-03" },
      { start: "2026-02-15", end: "2026-02-23" },
      { start: "2026-04-04", end: "2026-04-06" },
      { start: "2026-05-01", end: "2026-05-05" },
      { start: "2026-06-19", end: "2026-06-21" },
      { start: "2026-09-25", end: "2026-09-27" },
      { start: "2026-10-01", end: "2026-10-07" },
    ]);
    expect(cn2026.workdays.map((w: { date: string }) => w.date)).toEqual(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
    const cn2027 = res.body.items.find((s: { id: string }) => s.id === "CN-2027");
    expect(cn2027).toMatchObject({ published: false, source: null, holidays: [], workdays: [] });
  });

  it("imported into a calendar that has its own dates, gives the official deadlines", { timeout: 60_000 }, async () => {
    const cn2026 = (await call("GET", "/public-holiday-schedules", { token: owner.token })).body.items.find((s: { id: string }) => s.id === "CN-2026");
    const own = { holidays: ["2026-12-24", "2026-10-10"], workdays: [{ date: "2026-10-03", hoursOf: 1 }] };
    const merged = mergeHolidayDates(own, cn2026);
    const created = await call("POST", "/business-calendars", { token: owner.token, body: { name: "China 2026", timeZone: "Asia/Shanghai", weekly, ...merged } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The official make-up day 10-10 replaced the calendar's own holiday; its own make-up day inside the golden week went.
    expect(created.body.holidays).toContain("2026-12-24");
    expect(created.body.holidays).not.toContain("2026-10-10");
    expect(created.body.workdays).toHaveLength(6);
    const id = created.body.id;
    // Wednesday 09-30 17:00 + 24 h: 1 h, Thursday 10-08, Friday 10-09, then the make-up Saturday 10-10 until 14:00.
    expect(await due(id, "2026-09-30T17:00:00+08:00", 24 * 60)).toBe(at("2026-10-10T14:00:00+08:00"));
    // Friday 05-08 17:00 + 2 h: the make-up Saturday 05-09 at 10:00.
    expect(await due(id, "2026-05-08T17:00:00+08:00", 120)).toBe(at("2026-05-09T10:00:00+08:00"));
    // Thursday 04-02 17:00 + 11 h: 1 h, Friday 04-03 9 h, then Qingming (Sat–Mon) is closed: Tuesday 04-07 10:00.
    expect(await due(id, "2026-04-02T17:00:00+08:00", 11 * 60)).toBe(at("2026-04-07T10:00:00+08:00"));
    // Importing again changes nothing.
    expect(mergeHolidayDates(merged, cn2026)).toEqual(merged);
  });
});

describe("import from .ics", () => {
  it("reads all-day events as holiday ranges and 上班 events as make-up days, skipping timed ones", async () => {
    const res = await call("POST", "/holiday-imports", { token: owner.token, body: { ics: fixture } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const year = new Date().getUTCFullYear();
    const christmases = [year - 1, year, year + 1, year + 2, year + 3].map((y) => `${y}-12-25`);
    expect(res.body.holidays).toEqual(
      [{ start: "2026-02-15", end: "2026-02-23" }, { start: "2026-05-01", end: "2026-05-05" }, ...christmases].sort((a, b) =>
        (typeof a === "string" ? a : a.start).localeCompare(typeof b === "string" ? b : b.start),
      ),
    );
    expect(res.body.workdays).toEqual([
      { date: "2026-02-14", hoursOf: 1 },
      { date: "2026-02-28", hoursOf: 1 },
    ]);
    expect(res.body).toMatchObject({ events: 5 + christmases.length, skipped: 1 });
  });

  it("answers a malformed file, a file without all-day events and a bad URL with 422 problems", async () => {
    const bad = expectProblem(await call("POST", "/holiday-imports", { token: owner.token, body: { ics: malformed } }), 422, "invalid_ics");
    expect(bad.errors![0]!.field).toBe("body.ics");
    expectProblem(await call("POST", "/holiday-imports", { token: owner.token, body: { ics: "hello" } }), 422, "invalid_ics");
    const timedOnly = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20260216T020000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    expectProblem(await call("POST", "/holiday-imports", { token: owner.token, body: { ics: timedOnly } }), 422, "invalid_ics");
    expectProblem(await call("POST", "/holiday-imports", { token: owner.token, body: { url: "http://example.com/h.ics" } }), 422);
    expectProblem(await call("POST", "/holiday-imports", { token: owner.token, body: { url: "https://10.0.0.1/h.ics" } }), 422, "ics_fetch_failed");
    expectProblem(await call("POST", "/holiday-imports", { token: owner.token, body: { ics: fixture, url: "https://example.com/h.ics" } }), 422);
  });

  it("is for admins", async () => {
    expectProblem(await call("POST", "/holiday-imports", { token: agentToken, body: { ics: fixture } }), 403);
  });
});
