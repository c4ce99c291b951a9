import { addBusinessMs, openPeriods, zoneOffsetMs, type BusinessCalendar } from "../sla/business-calendar";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How far ahead a business day is looked for (a calendar with no open day in a year gives no date). */
const LOOK_AHEAD_DAYS = 400;

/** The UTC instant of local midnight `days` days after the local day of `at`, in `timeZone`. */
function localMidnight(at: Date, days: number, timeZone: string): Date {
  const local = at.getTime() + zoneOffsetMs(timeZone, at);
  const midnightAsUtc = Math.floor(local / DAY_MS) * DAY_MS + days * DAY_MS;
  return new Date(midnightAsUtc - zoneOffsetMs(timeZone, new Date(midnightAsUtc - zoneOffsetMs(timeZone, new Date(midnightAsUtc)))));
}

/**
 * When a follow-up task (回访) is due (docs/rules.md "Automations"). Business hours: that much open
 * time of the calendar after `start`. Business days: the close of the N-th business day after the
 * start's own day (a day with open hours, in the calendar's zone) — solved on Monday, due in 2
 * business days: Wednesday at closing time. Without a calendar: N × 24 hours or N hours later.
 * Neither given: 2 business days. Null when the calendar has no open day ahead.
 */
export function followUpDue(start: Date, due: { dueInBusinessHours?: number; dueInBusinessDays?: number }, calendar: BusinessCalendar | null): Date | null {
  const days = due.dueInBusinessHours === undefined ? (due.dueInBusinessDays ?? 2) : null;
  if (calendar === null) return new Date(start.getTime() + (days === null ? due.dueInBusinessHours! * HOUR_MS : days * DAY_MS));
  if (days === null) return addBusinessMs(start, due.dueInBusinessHours! * HOUR_MS, calendar);
  let found = 0;
  for (let d = 1; d <= days + LOOK_AHEAD_DAYS; d++) {
    const open = openPeriods(localMidnight(start, d, calendar.timeZone), localMidnight(start, d + 1, calendar.timeZone), calendar);
    if (open.length && ++found === days) return open.at(-1)!.end;
  }
  return null;
}
