/**
 * Importing holidays into a business calendar, as pure functions shared by the API and the web
 * app: turn a list of dates into ranges, and merge imported holidays and make-up working days
 * into a calendar's own. The import wins where the two disagree about a date: an imported
 * make-up day removes the same single-date holiday, an imported holiday removes make-up days
 * inside it. Merging the same import twice changes nothing the second time.
 */
import type { BusinessCalendar, Holiday } from "./business-calendar";
import { MAKE_UP_DAY_HOURS_OF, type HolidaySchedule } from "./holiday-schedules";

export type HolidayDates = Pick<BusinessCalendar, "holidays" | "workdays">;

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const startOf = (h: Holiday) => (typeof h === "string" ? h : h.start);
const endOf = (h: Holiday) => (typeof h === "string" ? h : h.end);
const keyOf = (h: Holiday) => `${startOf(h)}/${endOf(h)}`;

/** Dates (any order, repeats allowed) as holidays: runs of consecutive days become { start, end }, a lone day stays a date. */
export function datesToHolidays(dates: readonly string[]): Holiday[] {
  const days = [...new Set(dates.map(dayOf))].sort((a, b) => a - b);
  const out: Holiday[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === (days[j] as number) + 1) j++;
    const first = dateOf(days[i] as number);
    out.push(i === j ? first : { start: first, end: dateOf(days[j] as number) });
    i = j + 1;
  }
  return out;
}

/** A published schedule as a calendar's holidays and make-up working days (with Monday's hours). */
export function scheduleDates(schedule: Pick<HolidaySchedule, "holidays" | "workdays">): HolidayDates {
  return {
    holidays: schedule.holidays.map((h) => (h.start === h.end ? h.start : { start: h.start, end: h.end })),
    workdays: schedule.workdays.map((w) => ({ date: w.date, hoursOf: MAKE_UP_DAY_HOURS_OF })),
  };
}

/** The calendar's holidays and make-up days with the imported ones added (see the file comment for conflicts), sorted by date. */
export function mergeHolidayDates(current: HolidayDates, imported: HolidayDates): HolidayDates {
  const importedWorkdays = new Set(imported.workdays.map((w) => w.date));
  const insideImported = (date: string) => imported.holidays.some((h) => startOf(h) <= date && date <= endOf(h));
  const holidays = current.holidays.filter((h) => !(typeof h === "string" && importedWorkdays.has(h)));
  const known = new Set(holidays.map(keyOf));
  for (const h of imported.holidays) if (!known.has(keyOf(h))) (known.add(keyOf(h)), holidays.push(h));
  const workdays = current.workdays.filter((w) => !insideImported(w.date) && !importedWorkdays.has(w.date));
  workdays.push(...new Map(imported.workdays.map((w) => [w.date, w])).values());
  return {
    holidays: holidays.sort((a, b) => startOf(a).localeCompare(startOf(b)) || endOf(a).localeCompare(endOf(b))),
    workdays: workdays.sort((a, b) => a.date.localeCompare(b.date)),
  };
}
