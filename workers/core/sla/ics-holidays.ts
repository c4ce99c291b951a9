/**
 * Holidays from an iCalendar (RFC 5545) file, parsed with ical.js. Only all-day events count
 * (DTSTART;VALUE=DATE): an event with a time of day is not a day off and is skipped. DTEND is
 * exclusive (an all-day event without DTEND or DURATION lasts one day). A yearly or other
 * recurring event is expanded within the import window (the year before `now` to three years
 * after). An event whose SUMMARY says it is a working day (上班, 补班, 调班, "make-up", "working
 * day" — how Chinese holiday feeds mark 调休) becomes a make-up working day with Monday's hours;
 * every other all-day event is a holiday. Consecutive days become one { start, end } range.
 */
import ICAL from "ical.js";
import { AppError } from "../errors";
import { datesToHolidays, type HolidayDates } from "./holiday-merge";
import { MAKE_UP_DAY_HOURS_OF } from "./holiday-schedules";

export interface IcsImport extends HolidayDates {
  /** All-day events read (each occurrence of a recurring one counted). */
  events: number;
  /** Events skipped: timed ones, and recurring ones with no occurrence in the window. */
  skipped: number;
}

const WORKDAY_RE = /上班|补班|调班|make-?up|working day|workday/i;
const MAX_EVENTS = 2000;
const MAX_DAYS = 3000;
/** Occurrences a recurring event may step through before reaching the window's end (a daily rule from the year 1000 would be millions). */
const MAX_RECURRENCE_STEPS = 20_000;
const DAY_MS = 86_400_000;

const invalid = (message: string) => new AppError(422, "invalid_ics", message, { errors: [{ field: "body.ics", code: "invalid_ics", message }] });

/** The holidays and make-up days in an .ics text; 422 `invalid_ics` when it is not iCalendar or holds no all-day event. */
export function holidaysFromIcs(text: string, now = new Date()): IcsImport {
  let vevents: ICAL.Component[];
  try {
    const parsed: unknown = ICAL.parse(text);
    const roots = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
    vevents = roots.flatMap((root) => {
      if (!Array.isArray(root) || root[0] !== "vcalendar") throw new Error("not a VCALENDAR");
      return new ICAL.Component(root).getAllSubcomponents("vevent");
    });
  } catch (error) {
    throw invalid(`Not an iCalendar file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (vevents.length > MAX_EVENTS) throw invalid(`The file has ${vevents.length} events; at most ${MAX_EVENTS} are read`);
  const from = now.getUTCFullYear() - 1;
  const until = now.getUTCFullYear() + 3;
  const holidays: string[] = [];
  const workdays = new Set<string>();
  let events = 0;
  let skipped = 0;
  try {
    for (const vevent of vevents) {
      const event = new ICAL.Event(vevent);
      const start = event.startDate;
      if (!start || !start.isDate) {
        skipped++;
        continue;
      }
      const days = Math.max(1, Math.round((event.endDate ? event.endDate.toUnixTime() - start.toUnixTime() : DAY_MS / 1000) / 86_400));
      const workday = WORKDAY_RE.test(event.summary ?? "");
      const starts: ICAL.Time[] = [];
      if (event.isRecurring()) {
        const it = event.iterator();
        let steps = 0;
        for (let next = it.next(); next && next.year <= until && starts.length < MAX_EVENTS; next = it.next()) {
          if (++steps > MAX_RECURRENCE_STEPS) throw invalid(`A recurring event ("${event.summary ?? ""}") repeats too often to expand`);
          if (next.year >= from) starts.push(next);
        }
        if (starts.length === 0) skipped++;
      } else starts.push(start);
      for (const first of starts) {
        events++;
        for (let i = 0; i < days; i++) {
          const date = new Date(Date.UTC(first.year, first.month - 1, first.day + i)).toISOString().slice(0, 10);
          if (workday) workdays.add(date);
          else holidays.push(date);
          if (holidays.length + workdays.size > MAX_DAYS) throw invalid(`The file covers more than ${MAX_DAYS} days`);
        }
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(`Not a valid iCalendar event: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (events === 0) throw invalid("The file has no all-day events: nothing to import");
  const closed = new Set(holidays);
  return {
    holidays: datesToHolidays(holidays),
    workdays: [...workdays].filter((d) => !closed.has(d)).sort().map((date) => ({ date, hoursOf: MAKE_UP_DAY_HOURS_OF })),
    events,
    skipped,
  };
}
