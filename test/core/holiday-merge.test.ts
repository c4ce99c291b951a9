import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateCalendar, type BusinessCalendar, type Holiday } from "../../workers/core/sla/business-calendar";
import { datesToHolidays, mergeHolidayDates, scheduleDates, type HolidayDates } from "../../workers/core/sla/holiday-merge";
import { holidaySchedule } from "../../workers/core/sla/holiday-schedules";

const DAY = 86_400_000;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayArb = fc.integer({ min: Date.UTC(2025, 0, 1) / DAY, max: Date.UTC(2027, 11, 31) / DAY });
/** Every date a list of holidays covers. */
const covered = (holidays: Holiday[]) => {
  const out = new Set<string>();
  for (const h of holidays) {
    const [a, b] = typeof h === "string" ? [h, h] : [h.start, h.end];
    for (let t = Date.parse(a); t <= Date.parse(b); t += DAY) out.add(dateOf(t / DAY));
  }
  return out;
};
const weekly = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
const valid = (dates: HolidayDates) => validateCalendar({ timeZone: "Asia/Shanghai", weekly, ...dates } as BusinessCalendar);

/** A self-consistent set of holidays and make-up days: no make-up day inside a holiday. */
const datesArb: fc.Arbitrary<HolidayDates> = fc
  .record({
    holidays: fc.array(fc.record({ day: dayArb, length: fc.integer({ min: 0, max: 9 }) }), { maxLength: 8 }),
    workdays: fc.uniqueArray(dayArb, { maxLength: 6 }),
  })
  .map(({ holidays, workdays }) => {
    const list: Holiday[] = holidays.map((h) => (h.length === 0 ? dateOf(h.day) : { start: dateOf(h.day), end: dateOf(h.day + h.length) }));
    const closed = covered(list);
    return { holidays: list, workdays: workdays.map(dateOf).filter((d) => !closed.has(d)).map((date) => ({ date, hoursOf: 1 })) };
  });

describe("datesToHolidays", () => {
  it("joins consecutive days into ranges", () => {
    expect(datesToHolidays(["2026-02-17", "2026-02-15", "2026-02-16", "2026-03-01", "2026-02-16", "2026-02-28"])).toEqual([
      { start: "2026-02-15", end: "2026-02-17" },
      { start: "2026-02-28", end: "2026-03-01" },
    ]);
    expect(datesToHolidays(["2026-12-25"])).toEqual(["2026-12-25"]);
  });
  it("covers exactly the dates given, with no two ranges touching", () => {
    fc.assert(
      fc.property(fc.array(dayArb, { maxLength: 40 }), (days) => {
        const holidays = datesToHolidays(days.map(dateOf));
        expect([...covered(holidays)].sort()).toEqual([...new Set(days.map(dateOf))].sort());
        const ends = holidays.map((h) => (typeof h === "string" ? [h, h] : [h.start, h.end]));
        for (let i = 1; i < ends.length; i++) expect(Date.parse(ends[i]![0]!) - Date.parse(ends[i - 1]![1]!)).toBeGreaterThan(DAY);
      }),
    );
  });
});

describe("mergeHolidayDates", () => {
  it("keeps every imported date, and a valid calendar stays valid", () => {
    fc.assert(
      fc.property(datesArb, datesArb, (current, imported) => {
        const merged = mergeHolidayDates(current, imported);
        const closed = covered(merged.holidays);
        for (const d of covered(imported.holidays)) expect(closed.has(d)).toBe(true);
        for (const w of imported.workdays) expect(merged.workdays).toContainEqual(w);
        // A calendar's own range around an imported make-up day is the one conflict left to the admin.
        const ownRangeHit = imported.workdays.some((w) => current.holidays.some((h) => typeof h !== "string" && h.start <= w.date && w.date <= h.end));
        if (!ownRangeHit) expect(valid(merged)).toEqual([]);
      }),
    );
  });
  it("is idempotent: importing the same dates twice changes nothing", () => {
    fc.assert(fc.property(datesArb, datesArb, (current, imported) => {
      const once = mergeHolidayDates(current, imported);
      expect(mergeHolidayDates(once, imported)).toEqual(once);
    }));
  });
  it("the shipped China 2026 schedule is a valid calendar on its own", () => {
    const cn = holidaySchedule("CN-2026")!;
    expect(valid(scheduleDates(cn))).toEqual([]);
    // Every make-up day is a weekend day, every period is as many days as the notice says.
    for (const w of cn.workdays) expect([0, 6]).toContain(new Date(`${w.date}T00:00:00Z`).getUTCDay());
    expect(cn.holidays.map((h) => (Date.parse(h.end) - Date.parse(h.start)) / DAY + 1)).toEqual([3, 9, 3, 5, 3, 3, 7]);
    expect(holidaySchedule("CN-2027")).toMatchObject({ published: false, holidays: [], workdays: [] });
  });
});
