/**
 * The period a report covers: whole local days of a time zone, `from` to `to` inclusive.
 * Pure: day boundaries come from the runtime's time-zone data (`zoneOffsetMs`), nothing else.
 *
 * A local day starts at the first instant its date shows on the zone's clock, so a day is 23 or
 * 25 hours long across a DST switch, and a day whose midnight is skipped by a spring-forward
 * (e.g. America/Havana) starts at the switch.
 */
import { invalidField } from "../errors";
import { zoneOffsetMs } from "../sla/business-calendar";

/** At most a year (a leap year's worth) per report: every figure is derived from raw rows at request time. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Instants before 1970 cannot be stored; a far-future bound keeps the calendar arithmetic (which stops at 9000) well inside its limits. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2999;

export interface ReportDay {
  /** Local date, "YYYY-MM-DD". */
  date: string;
  start: Date;
  /** The next day's start (exclusive). */
  end: Date;
}

export interface ReportRange {
  from: string;
  to: string;
  timeZone: string;
  /** Start of `from`, inclusive. */
  start: Date;
  /** Start of the day after `to`, exclusive. */
  end: Date;
  days: ReportDay[];
}

/** Whether the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    zoneOffsetMs(timeZone, new Date(0));
    return true;
  } catch {
    return false;
  }
}

/**
 * The range from `from` to `to` (local dates, inclusive) in `timeZone`. Refuses (422, naming the
 * query field) a date that does not exist, `from` after `to`, more than MAX_RANGE_DAYS days, and
 * an unknown zone.
 */
export function reportRange(from: string, to: string, timeZone: string): ReportRange {
  const first = dayNumber(from, "query.from");
  const last = dayNumber(to, "query.to");
  if (first > last) throw invalidField("query.to", "invalid_range", `The range ends (${to}) before it starts (${from})`);
  if (last - first + 1 > MAX_RANGE_DAYS)
    throw invalidField("query.to", "range_too_long", `A report covers at most ${MAX_RANGE_DAYS} days; this range has ${last - first + 1}`);
  if (!isTimeZone(timeZone)) throw invalidField("query.timeZone", "invalid_time_zone", `Unknown IANA time zone "${timeZone}"`);

  const starts: Date[] = [];
  for (let n = first; n <= last + 1; n++) starts.push(localDayStart(n, timeZone));
  const days = starts.slice(0, -1).map((start, i) => ({ date: dateOf(first + i), start, end: starts[i + 1]! }));
  return { from, to, timeZone, start: starts[0]!, end: starts.at(-1)!, days };
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" that exists in the proleptic Gregorian calendar. */
function dayNumber(date: string, field: string): number {
  const m = DATE_RE.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const t = Date.UTC(y, mo - 1, d);
  const real = m !== null && new Date(t).getUTCMonth() === mo - 1 && new Date(t).getUTCDate() === d;
  if (!real) throw invalidField(field, "invalid_date", `"${date}" is not a date (YYYY-MM-DD)`);
  if (y < FIRST_YEAR || y > LAST_YEAR) throw invalidField(field, "invalid_date", `Dates must lie between the years ${FIRST_YEAR} and ${LAST_YEAR}`);
  return Math.round(t / DAY_MS);
}

function dateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Local wall time at instant t, as milliseconds of a UTC-based count. */
const wallAt = (t: number, timeZone: string) => t + zoneOffsetMs(timeZone, new Date(t));

/**
 * The first instant whose local date is day `n` in `timeZone`. Offsets are read a day either
 * side of local midnight (one switch at most in between, as tzdb has it): the midnight found
 * with either offset is the answer when the clock really shows it (the earlier one when a
 * fall-back shows it twice); when neither does, a spring-forward skipped midnight and the day
 * starts at the switch, found by bisection to the second.
 */
export function localDayStart(n: number, timeZone: string): Date {
  const midnight = n * DAY_MS;
  const candidates = [...new Set([-DAY_MS, DAY_MS].map((d) => midnight - zoneOffsetMs(timeZone, new Date(midnight + d))))];
  const shown = candidates.filter((t) => wallAt(t, timeZone) === midnight);
  if (shown.length) return new Date(Math.min(...shown));
  let [before, after] = [Math.min(...candidates), Math.max(...candidates)]; // wall time < midnight at before, > at after
  while (after - before > 1000) {
    const mid = before + Math.max(1000, Math.floor((after - before) / 2000) * 1000);
    if (wallAt(mid, timeZone) >= midnight) after = mid;
    else before = mid;
  }
  return new Date(after);
}
