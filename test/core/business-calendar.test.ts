import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  addBusinessMs,
  type BusinessCalendar,
  businessMinutesBetween,
  businessMsBetween,
  isOpenAt,
  nextOpening,
  type OpenInterval,
  openPeriods,
  validateCalendar,
  zoneOffsetMs,
} from "../../workers/core/sla/business-calendar";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const d = (iso: string) => new Date(iso);
const iso = (x: Date | null) => (x === null ? null : x.toISOString());

const iv = (start: string, end: string): OpenInterval => ({ start, end });
/** Weekly hours: the same intervals on the given weekdays (0 = Sunday). */
function weeklyOn(days: number[], intervals: OpenInterval[]): OpenInterval[][] {
  return Array.from({ length: 7 }, (_, i) => (days.includes(i) ? intervals : []));
}
function calendar(timeZone: string, weekly: OpenInterval[][], holidays: BusinessCalendar["holidays"] = [], workdays: BusinessCalendar["workdays"] = []): BusinessCalendar {
  return { timeZone, weekly, holidays, workdays };
}
const MON_FRI = [1, 2, 3, 4, 5];
const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6];
const allDay = (timeZone: string) => calendar(timeZone, weeklyOn(ALL_WEEK, [iv("00:00", "24:00")]));
const periods = (a: string, b: string, c: BusinessCalendar) => openPeriods(d(a), d(b), c).map((p) => [iso(p.start), iso(p.end)]);

// ------------------------------------------------------------------------------------------------
// Hand-checked cases (every expected instant written with its explicit offset)

describe("Shanghai office hours", () => {
  const office = calendar("Asia/Shanghai", weeklyOn(MON_FRI, [iv("09:00", "18:00")]));

  it("Friday 17:30 + 60 min is Monday 09:30", () => {
    expect(iso(addBusinessMinutes(d("2026-11-13T17:30:00+08:00"), 60, office))).toBe(iso(d("2026-11-16T09:30:00+08:00")));
    expect(businessMinutesBetween(d("2026-11-13T17:30:00+08:00"), d("2026-11-16T09:30:00+08:00"), office)).toBe(60);
  });

  it("lands exactly at the end of an interval rather than at the next opening", () => {
    expect(iso(addBusinessMinutes(d("2026-11-13T17:30:00+08:00"), 30, office))).toBe(iso(d("2026-11-13T18:00:00+08:00")));
  });

  it("adds 0 minutes as the start itself, even in closed time, keeping milliseconds", () => {
    const sat = d("2026-11-14T12:00:00.123+08:00");
    expect(addBusinessMinutes(sat, 0, office).getTime()).toBe(sat.getTime());
    expect(iso(addBusinessMinutes(sat, 1, office))).toBe(iso(d("2026-11-16T09:01:00+08:00")));
    expect(iso(addBusinessMinutes(d("2026-11-16T10:00:00.250+08:00"), 1, office))).toBe("2026-11-16T02:01:00.250Z");
  });

  it("isOpenAt and nextOpening", () => {
    expect(isOpenAt(d("2026-11-16T09:00:00+08:00"), office)).toBe(true);
    expect(isOpenAt(d("2026-11-16T17:59:59.999+08:00"), office)).toBe(true);
    expect(isOpenAt(d("2026-11-16T18:00:00+08:00"), office)).toBe(false);
    expect(isOpenAt(d("2026-11-16T08:59:59.999+08:00"), office)).toBe(false);
    expect(isOpenAt(d("2026-11-14T12:00:00+08:00"), office)).toBe(false);
    expect(iso(nextOpening(d("2026-11-14T12:00:00+08:00"), office))).toBe(iso(d("2026-11-16T09:00:00+08:00")));
    expect(iso(nextOpening(d("2026-11-16T11:11:11.111+08:00"), office))).toBe(iso(d("2026-11-16T11:11:11.111+08:00")));
    expect(iso(nextOpening(d("2026-11-16T18:00:00+08:00"), office))).toBe(iso(d("2026-11-17T09:00:00+08:00")));
  });

  it("measures fractional minutes when an end is not on a whole minute", () => {
    expect(businessMinutesBetween(d("2026-11-16T09:00:30+08:00"), d("2026-11-16T10:00:00+08:00"), office)).toBe(59.5);
    expect(businessMsBetween(d("2026-11-16T17:59:59.999+08:00"), d("2026-11-17T09:00:00.001+08:00"), office)).toBe(2);
  });

  it("counts 0 when b <= a", () => {
    expect(businessMinutesBetween(d("2026-11-16T12:00:00+08:00"), d("2026-11-16T10:00:00+08:00"), office)).toBe(0);
    expect(businessMinutesBetween(d("2026-11-16T12:00:00+08:00"), d("2026-11-16T12:00:00+08:00"), office)).toBe(0);
  });
});

describe("lunch break 12:00–13:30", () => {
  const office = calendar("Asia/Shanghai", weeklyOn(MON_FRI, [iv("09:00", "12:00"), iv("13:30", "18:00")]));
  it("skips the break", () => {
    expect(iso(addBusinessMinutes(d("2026-11-16T11:30:00+08:00"), 60, office))).toBe(iso(d("2026-11-16T14:00:00+08:00")));
    expect(iso(addBusinessMinutes(d("2026-11-16T11:00:00+08:00"), 60, office))).toBe(iso(d("2026-11-16T12:00:00+08:00")));
    expect(iso(addBusinessMinutes(d("2026-11-16T12:45:00+08:00"), 60, office))).toBe(iso(d("2026-11-16T14:30:00+08:00")));
    expect(businessMinutesBetween(d("2026-11-16T11:00:00+08:00"), d("2026-11-16T14:00:00+08:00"), office)).toBe(90);
    expect(businessMinutesBetween(d("2026-11-16T00:00:00+08:00"), d("2026-11-17T00:00:00+08:00"), office)).toBe(450);
  });
  it("is closed over lunch", () => {
    expect(isOpenAt(d("2026-11-16T11:59:59.999+08:00"), office)).toBe(true);
    expect(isOpenAt(d("2026-11-16T12:00:00+08:00"), office)).toBe(false);
    expect(isOpenAt(d("2026-11-16T13:29:59.999+08:00"), office)).toBe(false);
    expect(isOpenAt(d("2026-11-16T13:30:00+08:00"), office)).toBe(true);
    expect(iso(nextOpening(d("2026-11-16T12:00:00+08:00"), office))).toBe(iso(d("2026-11-16T13:30:00+08:00")));
    expect(periods("2026-11-16T00:00:00+08:00", "2026-11-17T00:00:00+08:00", office)).toEqual([
      [iso(d("2026-11-16T09:00:00+08:00")), iso(d("2026-11-16T12:00:00+08:00"))],
      [iso(d("2026-11-16T13:30:00+08:00")), iso(d("2026-11-16T18:00:00+08:00"))],
    ]);
  });
});

describe("a night shift across midnight (22:00–24:00 then 00:00–02:00)", () => {
  // Mon–Fri evenings 22:00–24:00, continuing Tue–Sat 00:00–02:00.
  const weekly = Array.from({ length: 7 }, (_, day) => [
    ...(day >= 2 && day <= 6 ? [iv("00:00", "02:00")] : []),
    ...(day >= 1 && day <= 5 ? [iv("22:00", "24:00")] : []),
  ]);
  const night = calendar("Asia/Shanghai", weekly);
  it("runs through midnight", () => {
    expect(iso(addBusinessMinutes(d("2026-11-16T23:00:00+08:00"), 120, night))).toBe(iso(d("2026-11-17T01:00:00+08:00")));
    expect(iso(addBusinessMinutes(d("2026-11-16T23:00:00+08:00"), 60, night))).toBe(iso(d("2026-11-17T00:00:00+08:00")));
    // Friday 23:30: 30 min Friday, 120 Saturday morning, then Monday 22:00 + 30.
    expect(iso(addBusinessMinutes(d("2026-11-20T23:30:00+08:00"), 180, night))).toBe(iso(d("2026-11-23T22:30:00+08:00")));
    expect(isOpenAt(d("2026-11-17T00:00:00+08:00"), night)).toBe(true);
    expect(isOpenAt(d("2026-11-17T02:00:00+08:00"), night)).toBe(false);
    expect(isOpenAt(d("2026-11-16T01:00:00+08:00"), night)).toBe(false); // Monday 01:00 follows Sunday: closed
    expect(periods("2026-11-16T20:00:00+08:00", "2026-11-17T03:00:00+08:00", night)).toEqual([
      [iso(d("2026-11-16T22:00:00+08:00")), iso(d("2026-11-17T02:00:00+08:00"))],
    ]);
  });
});

describe("year end", () => {
  const office = calendar("Asia/Shanghai", weeklyOn(MON_FRI, [iv("09:00", "18:00")]), ["2027-01-01"]);
  it("Thursday 2026-12-31 17:00 + 2 h, with New Year's Day closed, is Monday 2027-01-04 10:00", () => {
    expect(iso(addBusinessMinutes(d("2026-12-31T17:00:00+08:00"), 120, office))).toBe(iso(d("2027-01-04T10:00:00+08:00")));
    expect(businessMinutesBetween(d("2026-12-31T17:00:00+08:00"), d("2027-01-04T10:00:00+08:00"), office)).toBe(120);
    expect(isOpenAt(d("2027-01-01T10:00:00+08:00"), office)).toBe(false);
  });
  it("a holiday is a LOCAL date: 2027-01-01 in Shanghai starts at 2026-12-31T16:00Z", () => {
    const allWeek = calendar("Asia/Shanghai", weeklyOn(ALL_WEEK, [iv("00:00", "24:00")]), ["2027-01-01"]);
    expect(isOpenAt(d("2026-12-31T15:59:59.999Z"), allWeek)).toBe(true);
    expect(isOpenAt(d("2026-12-31T16:00:00Z"), allWeek)).toBe(false);
    expect(iso(nextOpening(d("2026-12-31T16:00:00Z"), allWeek))).toBe("2027-01-01T16:00:00.000Z");
  });
});

describe("2026 National Day golden week (国庆节) with make-up days (调休)", () => {
  // Official 2026 arrangement: closed 10-01 … 10-07; Sunday 09-20 and Saturday 10-10 are working days.
  const holidays = ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"];
  const workdays = [
    { date: "2026-09-20", hoursOf: 1 },
    { date: "2026-10-10", hoursOf: 1 },
  ];
  const office = calendar("Asia/Shanghai", weeklyOn(MON_FRI, [iv("09:00", "18:00")]), holidays, workdays);

  it("validates", () => {
    expect(validateCalendar(office)).toEqual([]);
  });
  it("Wednesday 09-30 17:00 + 8 h skips the whole week: Thursday 10-08 16:00", () => {
    expect(iso(addBusinessMinutes(d("2026-09-30T17:00:00+08:00"), 8 * 60, office))).toBe(iso(d("2026-10-08T16:00:00+08:00")));
  });
  it("Wednesday 09-30 17:00 + 24 h lands on the make-up Saturday 10-10 at 14:00", () => {
    // 1 h Wednesday, 9 h Thursday 10-08, 9 h Friday 10-09, 5 h Saturday 10-10.
    expect(iso(addBusinessMinutes(d("2026-09-30T17:00:00+08:00"), 24 * 60, office))).toBe(iso(d("2026-10-10T14:00:00+08:00")));
  });
  it("Friday 10-09 17:00 + 8 h lands on the make-up Saturday 10-10 at 16:00", () => {
    expect(iso(addBusinessMinutes(d("2026-10-09T17:00:00+08:00"), 8 * 60, office))).toBe(iso(d("2026-10-10T16:00:00+08:00")));
  });
  it("Friday 09-18 17:00 + 2 h lands on the make-up Sunday 09-20 at 10:00", () => {
    expect(iso(addBusinessMinutes(d("2026-09-18T17:00:00+08:00"), 120, office))).toBe(iso(d("2026-09-20T10:00:00+08:00")));
  });
  it("is closed on the holidays and open on the make-up days", () => {
    expect(isOpenAt(d("2026-10-05T10:00:00+08:00"), office)).toBe(false); // a Monday in the holiday
    expect(isOpenAt(d("2026-10-10T10:00:00+08:00"), office)).toBe(true);
    expect(isOpenAt(d("2026-10-11T10:00:00+08:00"), office)).toBe(false); // an ordinary Sunday
    expect(iso(nextOpening(d("2026-09-30T18:00:00+08:00"), office))).toBe(iso(d("2026-10-08T09:00:00+08:00")));
    // 09-30, 10-08, 10-09, 10-10: four 9-hour days.
    expect(businessMinutesBetween(d("2026-09-30T00:00:00+08:00"), d("2026-10-11T00:00:00+08:00"), office)).toBe(4 * 9 * 60);
  });
  it("a make-up day borrows the hours of the weekday it names", () => {
    const halfDays = calendar(
      "Asia/Shanghai",
      [[], [iv("09:00", "18:00")], [iv("09:00", "18:00")], [iv("09:00", "18:00")], [iv("09:00", "18:00")], [iv("09:00", "12:00")], []],
      [],
      [{ date: "2026-10-10", hoursOf: 5 }],
    );
    expect(businessMinutesBetween(d("2026-10-10T00:00:00+08:00"), d("2026-10-11T00:00:00+08:00"), halfDays)).toBe(180);
  });
});

describe("holidays as date ranges: 2026 Spring Festival (春节) with its make-up Saturdays", () => {
  // Closed 02-15 … 02-23 (one range); Saturdays 02-14 and 02-28 are working days.
  const workdays = [
    { date: "2026-02-14", hoursOf: 1 },
    { date: "2026-02-28", hoursOf: 1 },
  ];
  const weekly = weeklyOn(MON_FRI, [iv("09:00", "18:00")]);
  const ranged = calendar("Asia/Shanghai", weekly, [{ start: "2026-02-15", end: "2026-02-23" }], workdays);
  const expanded = calendar("Asia/Shanghai", weekly, Array.from({ length: 9 }, (_, i) => `2026-02-${String(15 + i).padStart(2, "0")}`), workdays);

  it("validates, and a range means the same as its dates listed one by one", () => {
    expect(validateCalendar(ranged)).toEqual([]);
    for (const at of ["2026-02-13T17:00:00+08:00", "2026-02-14T17:00:00+08:00", "2026-02-20T10:00:00+08:00", "2026-02-27T12:00:00+08:00"])
      expect(iso(addBusinessMinutes(d(at), 20 * 60, ranged))).toBe(iso(addBusinessMinutes(d(at), 20 * 60, expanded)));
  });
  it("Friday 02-13 17:00 + 2 h: 1 h Friday, then the make-up Saturday 02-14 at 10:00", () => {
    expect(iso(addBusinessMinutes(d("2026-02-13T17:00:00+08:00"), 120, ranged))).toBe(iso(d("2026-02-14T10:00:00+08:00")));
  });
  it("Saturday 02-14 17:00 + 2 h skips the whole range (both ends closed): Tuesday 02-24 10:00", () => {
    expect(isOpenAt(d("2026-02-15T10:00:00+08:00"), ranged)).toBe(false); // first day
    expect(isOpenAt(d("2026-02-23T10:00:00+08:00"), ranged)).toBe(false); // last day, a Monday
    expect(iso(addBusinessMinutes(d("2026-02-14T17:00:00+08:00"), 120, ranged))).toBe(iso(d("2026-02-24T10:00:00+08:00")));
  });
  it("02-09 … 03-01: 4 + 1 + 4 + 1 working days of 9 h (the range and ordinary weekends closed, both make-up Saturdays open)", () => {
    // Mon 02-09 … Fri 02-13 is 5 days; Sat 02-14; Tue 02-24 … Fri 02-27 is 4 days; Sat 02-28.
    expect(businessMinutesBetween(d("2026-02-09T00:00:00+08:00"), d("2026-03-02T00:00:00+08:00"), ranged)).toBe((5 + 1 + 4 + 1) * 9 * 60);
  });
  it("names a bad range's problem", () => {
    const fields = (holidays: unknown[]) => validateCalendar({ ...ranged, workdays: [], holidays } as BusinessCalendar).map((p) => p.field);
    expect(fields([{ start: "2026-02-23", end: "2026-02-15" }])).toEqual(["holidays[0]"]);
    expect(fields([{ start: "2026-02-30", end: "2026-03-01" }, { start: "2026-01-01" }, 20260101, ["2026-01-01"]])).toEqual(["holidays[0]", "holidays[1]", "holidays[2]", "holidays[3]"]);
    expect(fields([{ start: "2026-01-01", end: "2027-01-02" }])).toEqual(["holidays[0]"]); // 367 days
    expect(fields([{ start: "2026-01-01", end: "2026-12-31" }, "2026-05-01"])).toEqual([]);
    expect(validateCalendar({ ...ranged, workdays: [{ date: "2026-02-20", hoursOf: 1 }] }).map((p) => p.field)).toEqual(["workdays[0].date"]);
  });
});

describe("Europe/Berlin across the 2026 DST switches", () => {
  const sundayNight = calendar("Europe/Berlin", weeklyOn([0], [iv("01:00", "04:00")]));
  it("01:00–04:00 lasts 2 real hours on 2026-03-29 and 4 on 2026-10-25", () => {
    expect(periods("2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z", sundayNight)).toEqual([["2026-03-29T00:00:00.000Z", "2026-03-29T02:00:00.000Z"]]);
    expect(periods("2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z", sundayNight)).toEqual([["2026-10-24T23:00:00.000Z", "2026-10-25T03:00:00.000Z"]]);
    expect(iso(addBusinessMinutes(d("2026-10-24T12:00:00Z"), 180, sundayNight))).toBe("2026-10-25T02:00:00.000Z"); // 03:00 CET
    expect(iso(addBusinessMinutes(d("2026-03-28T12:00:00Z"), 150, sundayNight))).toBe("2026-04-04T23:30:00.000Z"); // 2 h, then 01:30 CEST a week later
  });
  it("a day lasts 23 and 25 hours on a 24/7 calendar", () => {
    const c = allDay("Europe/Berlin");
    expect(businessMinutesBetween(d("2026-03-29T00:00:00+01:00"), d("2026-03-30T00:00:00+02:00"), c)).toBe(23 * 60);
    expect(businessMinutesBetween(d("2026-10-25T00:00:00+02:00"), d("2026-10-26T00:00:00+01:00"), c)).toBe(25 * 60);
  });
  it("an interval starting in the spring-forward gap opens at the transition", () => {
    const c = calendar("Europe/Berlin", weeklyOn([0], [iv("02:30", "05:00")]));
    expect(periods("2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z", c)).toEqual([["2026-03-29T01:00:00.000Z", "2026-03-29T03:00:00.000Z"]]);
  });
  it("an interval ending inside the repeated hour is open on both passes", () => {
    const c = calendar("Europe/Berlin", weeklyOn([0], [iv("00:00", "02:30")]));
    expect(periods("2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z", c)).toEqual([
      ["2026-10-24T22:00:00.000Z", "2026-10-25T00:30:00.000Z"], // 00:00–02:30 CEST
      ["2026-10-25T01:00:00.000Z", "2026-10-25T01:30:00.000Z"], // 02:00–02:30 CET
    ]);
  });
  it("office hours are wall-clock hours on both sides of a switch", () => {
    const office = calendar("Europe/Berlin", weeklyOn(MON_FRI, [iv("09:00", "18:00")]));
    expect(iso(addBusinessMinutes(d("2026-03-27T17:00:00+01:00"), 120, office))).toBe(iso(d("2026-03-30T10:00:00+02:00")));
    expect(iso(addBusinessMinutes(d("2026-10-23T17:00:00+02:00"), 120, office))).toBe(iso(d("2026-10-26T10:00:00+01:00")));
  });
});

describe("America/New_York across 2026-03-08 and 2026-11-01", () => {
  const sundayNight = calendar("America/New_York", weeklyOn([0], [iv("01:00", "04:00")]));
  it("01:00–04:00 lasts 2 real hours on spring-forward and 4 on fall-back", () => {
    expect(businessMinutesBetween(d("2026-03-08T00:00:00-05:00"), d("2026-03-09T00:00:00-04:00"), sundayNight)).toBe(120);
    expect(periods("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", sundayNight)).toEqual([["2026-03-08T06:00:00.000Z", "2026-03-08T08:00:00.000Z"]]);
    expect(periods("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", sundayNight)).toEqual([["2026-11-01T05:00:00.000Z", "2026-11-01T09:00:00.000Z"]]);
  });
  it("adds across the switches", () => {
    expect(iso(addBusinessMinutes(d("2026-03-07T12:00:00Z"), 150, sundayNight))).toBe(iso(d("2026-03-15T01:30:00-04:00")));
    expect(iso(addBusinessMinutes(d("2026-10-31T12:00:00Z"), 150, sundayNight))).toBe(iso(d("2026-11-01T02:30:00-05:00")));
  });
  it("wall times that do not exist are never open", () => {
    const gapOnly = calendar("America/New_York", weeklyOn([0], [iv("02:00", "03:00")]));
    expect(businessMinutesBetween(d("2026-03-08T00:00:00-05:00"), d("2026-03-09T00:00:00-04:00"), gapOnly)).toBe(0);
    expect(iso(nextOpening(d("2026-03-07T12:00:00Z"), gapOnly))).toBe(iso(d("2026-03-15T02:00:00-04:00")));
    expect(isOpenAt(d("2026-03-08T07:00:00Z"), gapOnly)).toBe(false); // 03:00 EDT
    const fromGap = calendar("America/New_York", weeklyOn([0], [iv("02:30", "05:00")]));
    expect(periods("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", fromGap)).toEqual([["2026-03-08T07:00:00.000Z", "2026-03-08T09:00:00.000Z"]]);
    expect(isOpenAt(d("2026-03-08T07:00:00Z"), fromGap)).toBe(true);
    expect(isOpenAt(d("2026-03-08T06:59:59.999Z"), fromGap)).toBe(false); // 01:59:59 EST
  });
  it("wall times that occur twice are open twice; touching intervals still tile", () => {
    const early = calendar("America/New_York", weeklyOn([0], [iv("00:00", "01:30")]));
    expect(periods("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", early)).toEqual([
      ["2026-11-01T04:00:00.000Z", "2026-11-01T05:30:00.000Z"], // 00:00–01:30 EDT
      ["2026-11-01T06:00:00.000Z", "2026-11-01T06:30:00.000Z"], // 01:00–01:30 EST
    ]);
    expect(isOpenAt(d("2026-11-01T05:45:00Z"), early)).toBe(false); // 01:45 EDT
    expect(isOpenAt(d("2026-11-01T06:15:00Z"), early)).toBe(true); // 01:15 EST
    const late = calendar("America/New_York", weeklyOn([0], [iv("01:30", "03:00")]));
    expect(businessMinutesBetween(d("2026-11-01T00:00:00Z"), d("2026-11-02T00:00:00Z"), late)).toBe(120);
    const both = calendar("America/New_York", weeklyOn([0], [iv("00:00", "01:30"), iv("01:30", "03:00")]));
    expect(periods("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", both)).toEqual([["2026-11-01T04:00:00.000Z", "2026-11-01T08:00:00.000Z"]]);
  });
});

describe("half-hour and odd offsets", () => {
  it("Lord Howe: 24.5- and 23.5-hour days", () => {
    const c = allDay("Australia/Lord_Howe");
    expect(businessMinutesBetween(d("2026-04-05T00:00:00+11:00"), d("2026-04-06T00:00:00+10:30"), c)).toBe(24.5 * 60);
    expect(businessMinutesBetween(d("2026-10-04T00:00:00+10:30"), d("2026-10-05T00:00:00+11:00"), c)).toBe(23.5 * 60);
  });
  it("Chatham and Kolkata office hours", () => {
    const chatham = calendar("Pacific/Chatham", weeklyOn(MON_FRI, [iv("09:00", "17:00")]));
    expect(iso(nextOpening(d("2026-07-04T00:00:00Z"), chatham))).toBe(iso(d("2026-07-06T09:00:00+12:45")));
    expect(iso(nextOpening(d("2026-12-05T00:00:00Z"), chatham))).toBe(iso(d("2026-12-07T09:00:00+13:45")));
    const kolkata = calendar("Asia/Kolkata", weeklyOn(MON_FRI, [iv("09:30", "18:30")]));
    expect(iso(addBusinessMinutes(d("2026-11-13T18:00:00+05:30"), 60, kolkata))).toBe(iso(d("2026-11-16T10:00:00+05:30")));
  });
});

describe("calendars without open time, horizons, bad input", () => {
  const closed = calendar("Asia/Shanghai", weeklyOn([], []), ["2026-01-01"], [{ date: "2026-01-03", hoursOf: 1 }]);
  it("a never-open calendar", () => {
    expect(validateCalendar(closed)).toEqual([]);
    expect(() => addBusinessMinutes(d("2026-01-01T00:00:00Z"), 1, closed)).toThrow(/no open hours/);
    expect(addBusinessMinutes(d("2026-01-01T00:00:00Z"), 0, closed).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(businessMinutesBetween(d("2020-01-01T00:00:00Z"), d("2060-01-01T00:00:00Z"), closed)).toBe(0);
    expect(nextOpening(d("2026-01-01T00:00:00Z"), closed)).toBeNull();
    expect(isOpenAt(d("2026-01-03T10:00:00+08:00"), closed)).toBe(false);
  });
  it("refuses to scan more than about 10 years", () => {
    const oneMinuteAWeek = calendar("Europe/Berlin", weeklyOn([0], [iv("12:00", "12:01")]));
    expect(addBusinessMinutes(d("2026-01-01T00:00:00Z"), 500, oneMinuteAWeek).getUTCFullYear()).toBe(2035);
    expect(() => addBusinessMinutes(d("2026-01-01T00:00:00Z"), 600, oneMinuteAWeek)).toThrow(RangeError);
    expect(() => businessMinutesBetween(d("2026-01-01T00:00:00Z"), d("2037-01-01T00:00:00Z"), oneMinuteAWeek)).toThrow(/10 years/);
    const wednesdayHoliday = calendar("Asia/Shanghai", weeklyOn([3], [iv("09:00", "10:00")]), ["2026-01-07"]);
    expect(iso(nextOpening(d("2026-01-06T00:00:00Z"), wednesdayHoliday))).toBe(iso(d("2026-01-14T09:00:00+08:00")));
  });
  it("rejects bad arguments", () => {
    const office = calendar("Asia/Shanghai", weeklyOn(MON_FRI, [iv("09:00", "18:00")]));
    expect(() => addBusinessMinutes(d("2026-01-01T00:00:00Z"), 1.5, office)).toThrow(RangeError);
    expect(() => addBusinessMinutes(d("2026-01-01T00:00:00Z"), -1, office)).toThrow(RangeError);
    expect(() => addBusinessMinutes(d("2026-01-01T00:00:00Z"), Number.NaN, office)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date(Number.NaN), 1, office)).toThrow(RangeError);
    expect(() => isOpenAt(d("2026-01-01T00:00:00Z"), { ...office, timeZone: "Mars/Olympus" })).toThrow(/Invalid business calendar: timeZone/);
  });
});

describe("validateCalendar", () => {
  const good = calendar("Europe/Berlin", weeklyOn(MON_FRI, [iv("09:00", "12:00"), iv("12:00", "18:00")]), ["2026-12-25"], [{ date: "2026-12-27", hoursOf: 1 }]);
  const fields = (c: unknown) => validateCalendar(c as BusinessCalendar).map((p) => p.field);

  it("accepts good calendars", () => {
    expect(validateCalendar(good)).toEqual([]);
    expect(validateCalendar(allDay("UTC"))).toEqual([]);
    expect(validateCalendar(calendar("Pacific/Chatham", weeklyOn([], [])))).toEqual([]);
  });
  it("names each problem's field", () => {
    expect(fields({ ...good, timeZone: "Mars/Olympus" })).toEqual(["timeZone"]);
    expect(fields({ ...good, timeZone: "+08:00" })).toEqual(["timeZone"]);
    expect(fields({ ...good, timeZone: "" })).toEqual(["timeZone"]);
    expect(fields({ ...good, weekly: good.weekly.slice(0, 6) })).toEqual(["weekly"]);
    const withDay = (day: unknown) => ({ ...good, weekly: [day, ...good.weekly.slice(1)] });
    expect(fields(withDay([iv("9:00", "12:00")]))).toEqual(["weekly[0][0].start"]);
    expect(fields(withDay([iv("09:00", "24:01")]))).toEqual(["weekly[0][0].end"]);
    expect(fields(withDay([iv("24:00", "24:00")]))).toEqual(["weekly[0][0].start"]);
    expect(fields(withDay([iv("09:60", "10:00")]))).toEqual(["weekly[0][0].start"]);
    expect(fields(withDay([iv("12:00", "12:00")]))).toEqual(["weekly[0][0]"]);
    expect(fields(withDay([iv("22:00", "02:00")]))).toEqual(["weekly[0][0]"]);
    expect(fields(withDay([iv("09:00", "12:00"), iv("11:00", "13:00")]))).toEqual(["weekly[0][1]"]);
    expect(fields(withDay([iv("13:00", "14:00"), iv("09:00", "12:00")]))).toEqual(["weekly[0][1]"]);
    expect(fields(withDay("09:00-18:00"))).toEqual(["weekly[0]"]);
    expect(fields({ ...good, holidays: ["2026-02-30", "2026-1-05", "2026-13-01", "2025-02-29", "2024-02-29"] })).toEqual([
      "holidays[0]",
      "holidays[1]",
      "holidays[2]",
      "holidays[3]",
    ]);
    expect(fields({ ...good, workdays: [{ date: "2026-12-25", hoursOf: 1 }] })).toEqual(["workdays[0].date"]);
    expect(fields({ ...good, workdays: [{ date: "2026-12-27", hoursOf: 7 }, { date: "2026-12-27", hoursOf: 1 }] })).toEqual([
      "workdays[0].hoursOf",
      "workdays[1].date",
    ]);
    expect(fields({ ...good, workdays: [{ date: "2026-12-27", hoursOf: 1.5 }] })).toEqual(["workdays[0].hoursOf"]);
    expect(fields({ ...good, holidays: undefined, workdays: null })).toEqual(["holidays", "workdays"]);
    expect(validateCalendar({ ...good, weekly: good.weekly.slice(0, 6) })[0]?.message).toMatch(/7 days/);
  });
});

// ------------------------------------------------------------------------------------------------
// Properties over generated calendars

const ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC"];
const pad = (n: number) => String(n).padStart(2, "0");
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const T2024 = Date.UTC(2024, 0, 1);
const T2028 = Date.UTC(2028, 0, 1);

/** Minute-of-day boundary points: any minute, quarter hours, and the DST-sensitive early-morning hours. */
const pointArb = fc.oneof(
  fc.integer({ min: 0, max: 1440 }),
  fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
  fc.constantFrom(0, 60, 90, 105, 120, 150, 165, 180, 210, 225, 240, 1440),
);
/** A day's intervals: sorted distinct points paired up (sorted, non-overlapping, start < end). */
const dayArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<OpenInterval[]>([]) },
  { weight: 1, arbitrary: fc.constant<OpenInterval[]>([iv("00:00", "24:00")]) },
  {
    weight: 5,
    arbitrary: fc.uniqueArray(pointArb, { minLength: 2, maxLength: 6 }).map((points) => {
      const p = [...points].sort((a, b) => a - b);
      const out: OpenInterval[] = [];
      for (let i = 0; i + 1 < p.length; i += 2) out.push(iv(hhmm(p[i] as number), hhmm(p[i + 1] as number)));
      return out;
    }),
  },
);
const dayNumberArb = fc.integer({ min: T2024 / DAY, max: T2028 / DAY - 1 });
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekly: fc.array(dayArb, { minLength: 7, maxLength: 7 }),
    holidays: fc.array(fc.record({ day: dayNumberArb, length: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 14 })), asRange: fc.boolean() }), { maxLength: 25 }),
    workdays: fc.uniqueArray(fc.record({ day: dayNumberArb, hoursOf: fc.integer({ min: 0, max: 6 }) }), { selector: (w) => w.day, maxLength: 10 }),
  })
  .filter((c) => c.weekly.some((day) => day.length > 0))
  .map((c) => {
    // A holiday is one date (length 0, written as a date or as a one-day range) or a range of up to 15 days.
    const closed = (day: number) => c.holidays.some((h) => h.day <= day && day <= h.day + h.length);
    return {
      timeZone: c.timeZone,
      weekly: c.weekly,
      holidays: c.holidays.map((h) => (h.length === 0 && !h.asRange ? dateOf(h.day) : { start: dateOf(h.day), end: dateOf(h.day + h.length) })),
      workdays: c.workdays.filter((w) => !closed(w.day)).map((w) => ({ date: dateOf(w.day), hoursOf: w.hoursOf })),
    };
  });

/** Starts across 2024–2027 with millisecond precision, half of them in the months where zones switch DST. */
const instantArb = fc.oneof(
  fc.integer({ min: T2024, max: T2028 }),
  fc
    .record({ year: fc.integer({ min: 2024, max: 2027 }), month: fc.constantFrom(2, 3, 8, 9, 10), offset: fc.integer({ min: 0, max: 31 * DAY }) })
    .map(({ year, month, offset }) => Date.UTC(year, month, 1) + offset),
);
const weeklyOpenMinutes = (c: BusinessCalendar) =>
  c.weekly.flat().reduce((sum, i) => sum + (Number(i.end.slice(0, 2)) * 60 + Number(i.end.slice(3))) - (Number(i.start.slice(0, 2)) * 60 + Number(i.start.slice(3))), 0);
/** Minutes to add: mostly small, sometimes up to ~30 weeks of this calendar's open time. */
const minutesFor = (c: BusinessCalendar) =>
  fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: Math.min(weeklyOpenMinutes(c) * 30, 100_000) }));
const scenarioArb = calendarArb.chain((c) => fc.record({ c: fc.constant(c), start: instantArb, m: minutesFor(c), n: minutesFor(c) }));

/** Independent oracle: read the local clock with another formatter and look the calendar up by hand. */
const oracleFormatters = new Map<string, Intl.DateTimeFormat>();
function oracleIsOpen(t: number, c: BusinessCalendar): boolean {
  let f = oracleFormatters.get(c.timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("sv-SE", { timeZone: c.timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    oracleFormatters.set(c.timeZone, f);
  }
  const text = f.format(new Date(t)); // "2026-03-08 01:30"
  const date = text.slice(0, 10);
  const time = text.slice(11, 16);
  if (c.holidays.some((h) => (typeof h === "string" ? h === date : h.start <= date && date <= h.end))) return false;
  const makeUp = c.workdays.find((w) => w.date === date);
  const weekday = makeUp ? makeUp.hoursOf : new Date(`${date}T00:00:00Z`).getUTCDay();
  return (c.weekly[weekday] ?? []).some((i) => i.start <= time && time < i.end);
}

const RUNS = { numRuns: 150 };

describe("properties", () => {
  it("generated calendars are valid", () => {
    fc.assert(fc.property(calendarArb, (c) => {
        expect(validateCalendar(c)).toEqual([]);
      }), { numRuns: 300 });
  });

  it("the fast offset reading agrees with formatToParts", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES, "America/St_Johns", "Asia/Kathmandu", "Europe/Dublin"), fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, t) => {
        expect(zoneOffsetMs(zone, new Date(t))).toBe(zoneOffsetMs(zone, new Date(t), "parts"));
      }),
      { numRuns: 500 },
    );
    expect(zoneOffsetMs("Asia/Kolkata", d("2026-01-01T00:00:00Z"))).toBe(5.5 * HOUR);
    expect(zoneOffsetMs("Pacific/Chatham", d("2026-01-01T00:00:00Z"), "parts")).toBe(13.75 * HOUR);
    expect(zoneOffsetMs("America/New_York", d("2026-11-01T05:59:59.999Z"))).toBe(-4 * HOUR);
    expect(zoneOffsetMs("America/New_York", d("2026-11-01T06:00:00Z"))).toBe(-5 * HOUR);
  });

  it("isOpenAt agrees with reading the local clock independently", () => {
    fc.assert(fc.property(calendarArb, instantArb, (c, t) => isOpenAt(new Date(t), c) === oracleIsOpen(t, c)), { numRuns: 1000 });
  });

  it("isOpenAt agrees with the day-by-day walk (one millisecond of business time at t)", () => {
    fc.assert(fc.property(calendarArb, instantArb, (c, t) => isOpenAt(new Date(t), c) === (businessMsBetween(new Date(t), new Date(t + 1), c) === 1)), {
      numRuns: 500,
    });
  });

  it("monotonic: m1 <= m2 ⇒ add(s, m1) <= add(s, m2)", () => {
    fc.assert(
      fc.property(scenarioArb, ({ c, start, m, n }) => {
        const [m1, m2] = m <= n ? [m, n] : [n, m];
        expect(addBusinessMinutes(new Date(start), m1, c).getTime()).toBeLessThanOrEqual(addBusinessMinutes(new Date(start), m2, c).getTime());
      }),
      RUNS,
    );
  });

  it("additive: add(add(s, m), n) is exactly add(s, m + n)", () => {
    fc.assert(
      fc.property(scenarioArb, ({ c, start, m, n }) => {
        const twoSteps = addBusinessMinutes(addBusinessMinutes(new Date(start), m, c), n, c);
        expect(twoSteps.getTime()).toBe(addBusinessMinutes(new Date(start), m + n, c).getTime());
      }),
      RUNS,
    );
  });

  it("consistent with between: between(s, add(s, m)) === m, and the result ends open time", () => {
    fc.assert(
      fc.property(scenarioArb, ({ c, start, m }) => {
        const s = new Date(start);
        const r = addBusinessMinutes(s, m, c);
        expect(businessMinutesBetween(s, r, c)).toBe(m);
        if (m > 0) {
          expect(r.getTime()).toBeGreaterThan(start);
          expect(isOpenAt(new Date(r.getTime() - 1), c)).toBe(true); // the last millisecond counted was open
          expect(oracleIsOpen(r.getTime() - 1, c)).toBe(true);
          // the earliest such instant: one millisecond less is not enough
          expect(businessMsBetween(s, new Date(r.getTime() - 1), c)).toBe(m * MIN - 1);
        } else expect(r.getTime()).toBe(start);
      }),
      RUNS,
    );
  });

  it("between is additive over a split point and never exceeds wall-clock time", () => {
    const spanArb = fc.tuple(instantArb, fc.integer({ min: 0, max: 120 * DAY }), fc.integer({ min: 0, max: 120 * DAY }));
    fc.assert(
      fc.property(calendarArb, spanArb, (c, [a, x, y]) => {
        const [A, B, C] = [new Date(a), new Date(a + x), new Date(a + x + y)];
        const ab = businessMsBetween(A, B, c);
        const bc = businessMsBetween(B, C, c);
        expect(ab + bc).toBe(businessMsBetween(A, C, c));
        expect(businessMinutesBetween(A, B, c)).toBeLessThanOrEqual(x / MIN);
        expect(businessMinutesBetween(C, A, c)).toBe(0);
        const list = openPeriods(A, C, c);
        expect(list.reduce((sum, p) => sum + p.end.getTime() - p.start.getTime(), 0)).toBe(ab + bc);
      }),
      RUNS,
    );
  });

  it("nextOpening is the first open instant at or after t", () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (c, t) => {
        const open = nextOpening(new Date(t), c);
        expect(open).not.toBeNull();
        const o = (open as Date).getTime();
        expect(o).toBeGreaterThanOrEqual(t);
        expect(isOpenAt(open as Date, c)).toBe(true);
        expect(businessMsBetween(new Date(t), open as Date, c)).toBe(0);
        expect(o === t).toBe(isOpenAt(new Date(t), c));
        expect(addBusinessMs(new Date(t), 1, c).getTime()).toBe(o + 1);
      }),
      RUNS,
    );
  });

  it("a 24/7 calendar is plain calendar arithmetic in every zone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instantArb, fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 200 * DAY }), (zone, t, m, span) => {
        const c = allDay(zone);
        expect(addBusinessMinutes(new Date(t), m, c).getTime()).toBe(t + m * MIN);
        expect(businessMinutesBetween(new Date(t), new Date(t + span), c)).toBe(span / MIN);
        expect(isOpenAt(new Date(t), c)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("efficiency", () => {
  // workerd's clock barely moves during pure CPU work, so these bounds only catch gross regressions;
  // measured under Node 22 with cold caches: ~15 ms for the 60-day add (formatter creation included),
  // ~30 ms for a full 10-year scan.
  it("adds 60 days of business minutes and scans 10 years quickly", () => {
    const office = calendar("Europe/Berlin", weeklyOn(MON_FRI, [iv("09:00", "12:00"), iv("13:00", "18:00")]), ["2026-12-25"]);
    const t0 = performance.now();
    const due = addBusinessMinutes(d("2026-01-05T08:00:00Z"), 60 * 24 * 60, office); // 180 business days of 8 h
    const t1 = performance.now();
    expect(businessMinutesBetween(d("2026-01-05T08:00:00Z"), due, office)).toBe(60 * 24 * 60);
    const oneMinuteAWeek = calendar("America/New_York", weeklyOn([3], [iv("12:00", "12:01")]));
    const t2 = performance.now();
    expect(() => addBusinessMinutes(d("2026-01-01T00:00:00Z"), 1000, oneMinuteAWeek)).toThrow(RangeError);
    const t3 = performance.now();
    console.log(`60 days of business minutes: ${(t1 - t0).toFixed(1)} ms; a 10-year scan: ${(t3 - t2).toFixed(1)} ms`);
    expect(t1 - t0).toBeLessThan(250);
    expect(t3 - t2).toBeLessThan(2000);
  });
});
