/**
 * Business calendars: when a tenant's helpdesk is open, and business-time arithmetic over it.
 * Pure and synchronous: no I/O, no date library. Local wall time ⇄ UTC goes through
 * `Intl.DateTimeFormat` with the calendar's IANA zone (one cached formatter per zone): the offset
 * at an instant is read from its en-US `format` output (about 3× faster than `formatToParts`,
 * which is the fallback when the output has an unexpected shape). Offsets per UTC day and their
 * transitions are cached per zone, so a cold scan costs about one formatting call per day.
 *
 * ## Semantics
 *
 * - **What "open" means.** An instant is open exactly when the calendar's local clock, read at
 *   that instant, shows a date D and a time T with T inside one of D's open intervals
 *   `[start, end)` (end exclusive; "24:00" means the end of the day). D's intervals are:
 *   none if D is a holiday (listed as a date, or inside a { start, end } range, both ends included); `weekly[hoursOf]` if D is a make-up working day (调休), whatever
 *   weekday D is; otherwise `weekly[weekday of D]` (0 = Sunday … 6 = Saturday). A make-up day
 *   on a weekday replaces that weekday's hours; a holiday on a closed day changes nothing.
 * - **DST: intervals are wall-clock times**, so their real length follows the clock:
 *   - Wall times that do not exist (the spring-forward gap) are never shown by the clock, so they
 *     are never open. An interval boundary inside the gap therefore acts as the transition
 *     instant: America/New_York on 2026-03-08, 01:00–04:00 is open 06:00Z–08:00Z (2 real hours),
 *     02:30–05:00 opens at 03:00 EDT (07:00Z), and 02:00–03:00 is not open at all that day.
 *   - Wall times that occur twice (fall-back) are open on BOTH passes, because the clock shows
 *     them twice: New York on 2026-11-01, 01:00–04:00 is open 05:00Z–09:00Z (4 real hours).
 *     An interval with a boundary inside the repeated hour can be open in two pieces:
 *     00:00–01:30 that day is open 00:00–01:30 EDT, closed until the clock falls back to 01:00,
 *     and open again 01:00–01:30 EST (2 real hours in all). Touching intervals
 *     (00:00–01:30 and 01:30–03:00) still tile without gap or overlap, and no instant is ever
 *     counted twice.
 * - **Units.** Business time is measured in milliseconds internally; the API speaks minutes.
 *   `addBusinessMinutes` takes a whole, non-negative number of minutes (anything else is a
 *   RangeError); instants keep their millisecond precision. `businessMinutesBetween` returns the
 *   exact open time in minutes, which is fractional when a or b is not on a whole minute of open
 *   time (`businessMsBetween` gives the exact integer milliseconds).
 * - `addBusinessMinutes(start, 0)` is `start`. For m > 0 the result is the EARLIEST instant at
 *   which m minutes of open time have elapsed since start: it lies inside open time or exactly
 *   at the end of an open interval (Friday 17:30 + 30 min with 09:00–18:00 is Friday 18:00, not
 *   Monday 09:00), never inside closed time. Hence add(add(s, m), n) = add(s, m + n) exactly and
 *   businessMinutesBetween(s, add(s, m)) = m.
 * - `businessMinutesBetween(a, b)` counts open time in [a, b); 0 when b <= a.
 * - `nextOpening(at)` is `at` when open, else the first open instant after it; null when the
 *   calendar is never open (or nothing opens within the horizon).
 * - **A calendar with no open time at all** (every weekday empty; make-up days borrow weekday
 *   hours, so they cannot help): addBusinessMinutes throws an Error for m > 0,
 *   businessMinutesBetween returns 0, nextOpening returns null, isOpenAt is false.
 * - **Bounded work.** The walk goes UTC day by UTC day over whole open intervals (never minute by
 *   minute) and scans at most HORIZON_DAYS (about 10 years): addBusinessMinutes throws a
 *   RangeError when the target lies further away, businessMinutesBetween refuses spans longer
 *   than that, nextOpening returns null.
 * - **Time-zone data** comes from the runtime's ICU. Offsets are read to the second; a change of
 *   offset is located by bisection to the second. Offsets are probed once per UTC day, so the
 *   walk assumes no UTC day holds two transitions that cancel each other out (an assumption, not
 *   checked against all of tzdb; no current zone does this).
 * - Instants must lie between the years 1000 and 9000 (RangeError otherwise).
 * - Every function validates the calendar first (`validateCalendar`) and throws a RangeError
 *   listing the problems when it is invalid.
 */
import { zoneFormatter } from "./zone-formatter";

/** "HH:MM" wall-clock times in the calendar's zone; end is exclusive; "24:00" allowed as an end. */
export interface OpenInterval {
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA, e.g. "Asia/Shanghai", "Europe/Berlin", "America/New_York". */
  timeZone: string;
  /** Index 0 = Sunday … 6 = Saturday; zero or more intervals per day (lunch breaks, split shifts). */
  weekly: OpenInterval[][];
  /** Local dates closed all day: one "YYYY-MM-DD" date, or a range of them (both ends included). */
  holidays: Holiday[];
  /** Make-up working days (调休): a local date that works with the hours of weekday `hoursOf` (0–6) though it may fall on a weekend. */
  workdays: { date: string; hoursOf: number }[];
}

/** A holiday: one local date, or the dates from `start` to `end`, both included (at most MAX_HOLIDAY_RANGE_DAYS long). */
export type Holiday = string | HolidayRange;
export interface HolidayRange {
  start: string;
  end: string;
}

/** The longest holiday range, in days: a longer one is a mistake (a year typed wrong), and ranges are expanded day by day. */
export const MAX_HOLIDAY_RANGE_DAYS = 366;

export interface CalendarProblem {
  field: string;
  message: string;
}

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far any computation scans: about 10 years of days. */
export const HORIZON_DAYS = 3653;
const HORIZON_MS = HORIZON_DAYS * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Time zones

/** A cached formatter for the zone; throws RangeError for a zone the runtime does not know. */
const formatterFor = zoneFormatter("en-US", {
  calendar: "gregory",
  numberingSystem: "latn",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  hourCycle: "h23",
});

/** Date.UTC without the 0–99 ⇒ 1900–1999 quirk. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Instants outside these years are refused (Intl prints years before 1 CE as era years). */
const MIN_INSTANT = utcMs(1000, 1, 1);
const MAX_INSTANT = utcMs(9000, 1, 1);

/** Whether the calendar functions take this instant (between the years 1000 and 9000). */
export const isCalendarInstant = (d: Date) => d.getTime() >= MIN_INSTANT && d.getTime() <= MAX_INSTANT;

/** en-US with these options formats as "1/5/2026, 08:00:00"; `format` is several times faster than `formatToParts`. */
const EN_US_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})$/;

/** The zone's UTC offset (ms, to the second) in force at instant t: local wall time = t + offset. */
function offsetAt(timeZone: string, t: number, viaParts = false): number {
  const sec = Math.floor(t / 1000) * 1000;
  const f = formatterFor(timeZone);
  const m = viaParts ? null : EN_US_RE.exec(f.format(sec));
  if (m) return utcMs(Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]) % 24, Number(m[5]), Number(m[6])) - sec;
  // Unexpected shape (another ICU): read the parts instead.
  const part: Record<string, number> = {};
  for (const p of f.formatToParts(sec)) if (p.type !== "literal") part[p.type] = Number(p.value);
  return utcMs(part.year ?? 0, part.month ?? 1, part.day ?? 1, (part.hour ?? 0) % 24, part.minute ?? 0, part.second ?? 0) - sec;
}

/**
 * The UTC offset of `timeZone` at `at` in milliseconds (local wall time = UTC + offset), read to
 * the second. `method` picks the reading (the fast `format` path or `formatToParts`); both must agree.
 */
export function zoneOffsetMs(timeZone: string, at: Date, method: "format" | "parts" = "format"): number {
  if (!isKnownZone(timeZone)) throw new RangeError(`Unknown IANA time zone ${JSON.stringify(timeZone)}`);
  return offsetAt(timeZone, instant(at, "at"), method === "parts");
}

interface Segment {
  start: number;
  end: number;
  offset: number;
}

interface ZoneCache {
  /** UTC day index → offset at its first instant. */
  dayStart: Map<number, number>;
  /** UTC day index → constant-offset pieces covering the day. */
  segments: Map<number, Segment[]>;
}
const zoneCaches = new Map<string, ZoneCache>();
const ZONE_CACHE_LIMIT = 40_000;

function zoneCache(timeZone: string): ZoneCache {
  let z = zoneCaches.get(timeZone);
  if (!z || z.segments.size > ZONE_CACHE_LIMIT || z.dayStart.size > ZONE_CACHE_LIMIT) {
    z = { dayStart: new Map(), segments: new Map() };
    zoneCaches.set(timeZone, z);
  }
  return z;
}

function offsetAtDayStart(timeZone: string, z: ZoneCache, utcDay: number): number {
  let o = z.dayStart.get(utcDay);
  if (o === undefined) {
    o = offsetAt(timeZone, utcDay * DAY_MS);
    z.dayStart.set(utcDay, o);
  }
  return o;
}

/** Splits [a, b) (offsets oa at a and ob at b) at every change of offset, found by bisection to the second. */
function splitAtTransitions(timeZone: string, a: number, b: number, oa: number, ob: number): Segment[] {
  const out: Segment[] = [];
  while (oa !== ob) {
    let lo = a / 1000; // offset oa here
    let hi = b / 1000; // a different offset here
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(timeZone, mid * 1000) === oa) lo = mid;
      else hi = mid;
    }
    const t = hi * 1000;
    out.push({ start: a, end: t, offset: oa });
    a = t;
    oa = offsetAt(timeZone, t);
  }
  out.push({ start: a, end: b, offset: oa });
  return out;
}

/** Constant-offset pieces covering UTC day `utcDay`, cached per zone. */
function segmentsOfUtcDay(timeZone: string, utcDay: number): Segment[] {
  const z = zoneCache(timeZone);
  let segs = z.segments.get(utcDay);
  if (!segs) {
    const a = utcDay * DAY_MS;
    segs = splitAtTransitions(timeZone, a, a + DAY_MS, offsetAtDayStart(timeZone, z, utcDay), offsetAtDayStart(timeZone, z, utcDay + 1));
    z.segments.set(utcDay, segs);
  }
  return segs;
}

// ---------------------------------------------------------------------------------------------
// Validation

const START_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Day number (days since 1970-01-01) of a valid "YYYY-MM-DD", else null. */
function parseDate(s: unknown): number | null {
  if (typeof s !== "string") return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const t = utcMs(y, mo, d);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return Math.round(t / DAY_MS);
}

const knownZones = new Map<string, boolean>();

function isKnownZone(timeZone: unknown): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  let known = knownZones.get(timeZone);
  if (known === undefined) {
    known = checkZone(timeZone);
    if (knownZones.size > 1000) knownZones.clear();
    knownZones.set(timeZone, known);
  }
  return known;
}

function checkZone(timeZone: string): boolean {
  let resolved: string;
  try {
    resolved = formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Newer engines also accept UTC offsets ("+08:00"): not an IANA zone name.
  return !/^[+-]/.test(resolved) && !/^[+-]/.test(timeZone);
}

/** The first and last day number of a holiday (a date or a { start, end } range), or what is wrong with it. */
function holidayDays(h: unknown): [number, number] | string {
  if (typeof h === "string") {
    const day = parseDate(h);
    return day === null ? `Not a valid YYYY-MM-DD date: ${JSON.stringify(h)}` : [day, day];
  }
  const o = h as Record<string, unknown> | null;
  if (typeof o !== "object" || o === null || Array.isArray(o)) return `A holiday must be a YYYY-MM-DD date or a { start, end } range, got ${JSON.stringify(h)}`;
  const start = parseDate(o.start);
  const end = parseDate(o.end);
  if (start === null) return `Not a valid YYYY-MM-DD start date: ${JSON.stringify(o.start)}`;
  if (end === null) return `Not a valid YYYY-MM-DD end date: ${JSON.stringify(o.end)}`;
  if (end < start) return `The range ends (${o.end}) before it starts (${o.start})`;
  if (end - start + 1 > MAX_HOLIDAY_RANGE_DAYS) return `A holiday range may last at most ${MAX_HOLIDAY_RANGE_DAYS} days`;
  return [start, end];
}

/** Whether any weekday has open hours (make-up days borrow a weekday's hours, so they add none). */
export function hasOpenHours(c: BusinessCalendar): boolean {
  return c.weekly.some((day) => day.length > 0);
}

/** Every problem with the calendar, [] when valid. */
export function validateCalendar(c: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const cal = c as unknown as Record<string, unknown> | null;
  if (typeof cal !== "object" || cal === null) return [{ field: "", message: "A calendar must be an object" }];

  if (!isKnownZone(cal.timeZone)) add("timeZone", `Unknown IANA time zone ${JSON.stringify(cal.timeZone)}`);

  const weekly = cal.weekly;
  if (!Array.isArray(weekly) || weekly.length !== 7) {
    add("weekly", "weekly must list 7 days, Sunday (0) to Saturday (6)");
  } else {
    weekly.forEach((day: unknown, d) => {
      if (!Array.isArray(day)) return add(`weekly[${d}]`, "A day's hours must be a list of intervals");
      let prevEnd: number | null = null;
      let ordered = true;
      day.forEach((iv: unknown, i) => {
        const field = `weekly[${d}][${i}]`;
        const o = iv as Record<string, unknown> | null;
        if (typeof o !== "object" || o === null) return add(field, "An interval must be { start, end }");
        const startOk = typeof o.start === "string" && START_RE.test(o.start);
        const endOk = typeof o.end === "string" && END_RE.test(o.end);
        if (!startOk) add(`${field}.start`, `start must be HH:MM from 00:00 to 23:59, got ${JSON.stringify(o.start)}`);
        if (!endOk) add(`${field}.end`, `end must be HH:MM from 00:01 to 24:00, got ${JSON.stringify(o.end)}`);
        if (!startOk || !endOk) {
          ordered = false;
          return;
        }
        const s = minutesOfDay(o.start as string);
        const e = minutesOfDay(o.end as string);
        if (s >= e) {
          add(field, `start ${o.start} must be before end ${o.end} (use two intervals to span midnight)`);
          ordered = false;
          return;
        }
        if (ordered && prevEnd !== null && s < prevEnd) add(field, "Intervals of a day must be sorted by start and must not overlap");
        prevEnd = e;
      });
    });
  }

  const holidays = new Set<number>();
  if (!Array.isArray(cal.holidays)) add("holidays", "holidays must be a list of YYYY-MM-DD dates or { start, end } ranges");
  else
    cal.holidays.forEach((h: unknown, i) => {
      const days = holidayDays(h);
      if (typeof days === "string") add(`holidays[${i}]`, days);
      else for (let day = days[0]; day <= days[1]; day++) holidays.add(day);
    });
  if (holidays.size > HORIZON_DAYS) add("holidays", `Holidays may cover at most ${HORIZON_DAYS} days in all`);

  if (!Array.isArray(cal.workdays)) add("workdays", "workdays must be a list of { date, hoursOf }");
  else {
    const seen = new Set<number>();
    cal.workdays.forEach((w: unknown, i) => {
      const field = `workdays[${i}]`;
      const o = w as Record<string, unknown> | null;
      if (typeof o !== "object" || o === null) return add(field, "A make-up day must be { date, hoursOf }");
      const day = parseDate(o.date);
      if (day === null) add(`${field}.date`, `Not a valid YYYY-MM-DD date: ${JSON.stringify(o.date)}`);
      else if (holidays.has(day)) add(`${field}.date`, `${o.date} is both a holiday and a make-up working day`);
      else if (seen.has(day)) add(`${field}.date`, `${o.date} is listed twice as a make-up working day`);
      if (day !== null) seen.add(day);
      if (typeof o.hoursOf !== "number" || !Number.isInteger(o.hoursOf) || o.hoursOf < 0 || o.hoursOf > 6)
        add(`${field}.hoursOf`, `hoursOf must be a weekday number 0 (Sunday) to 6 (Saturday), got ${JSON.stringify(o.hoursOf)}`);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Compiled calendar

type DayHours = readonly (readonly [number, number])[]; // [start, end) in ms since local midnight

interface Compiled {
  timeZone: string;
  weekly: DayHours[];
  holidays: Set<number>;
  workdays: Map<number, number>;
  neverOpen: boolean;
}

function compile(c: BusinessCalendar): Compiled {
  const problems = validateCalendar(c);
  if (problems.length > 0)
    throw new RangeError(`Invalid business calendar: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  const weekly = c.weekly.map((day) => day.map((iv) => [minutesOfDay(iv.start) * MINUTE_MS, minutesOfDay(iv.end) * MINUTE_MS] as const));
  return {
    timeZone: c.timeZone,
    weekly,
    holidays: expandHolidays(c.holidays),
    workdays: new Map(c.workdays.map((w) => [parseDate(w.date) as number, w.hoursOf])),
    neverOpen: weekly.every((d) => d.length === 0),
  };
}

/** Day numbers of every date the holidays cover (validated before). */
function expandHolidays(holidays: Holiday[]): Set<number> {
  const out = new Set<number>();
  for (const h of holidays) {
    const [first, last] = holidayDays(h) as [number, number];
    for (let day = first; day <= last; day++) out.add(day);
  }
  return out;
}

const NO_HOURS: DayHours = [];

/** Open intervals of local day `day` (days since 1970-01-01). */
function hoursOfDay(cal: Compiled, day: number): DayHours {
  if (cal.holidays.has(day)) return NO_HOURS;
  const weekday = cal.workdays.get(day) ?? (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return cal.weekly[weekday] ?? NO_HOURS;
}

/**
 * Visits the open pieces [s, e) (UTC ms) inside [from, until) in increasing order until `visit`
 * returns true. Returns true if stopped by `visit`, false when `until` was reached.
 */
function walkOpen(cal: Compiled, from: number, until: number, visit: (s: number, e: number) => boolean): boolean {
  for (let utcDay = Math.floor(from / DAY_MS); utcDay * DAY_MS < until; utcDay++) {
    for (const seg of segmentsOfUtcDay(cal.timeZone, utcDay)) {
      const a = Math.max(seg.start, from);
      const b = Math.min(seg.end, until);
      if (a >= b) continue;
      const o = seg.offset;
      const la = a + o; // the local (wall-clock) range this piece of UTC shows: [la, lb)
      const lb = b + o;
      for (let day = Math.floor(la / DAY_MS); day * DAY_MS < lb; day++) {
        const midnight = day * DAY_MS;
        for (const [s, e] of hoursOfDay(cal, day)) {
          const ps = Math.max(midnight + s, la);
          const pe = Math.min(midnight + e, lb);
          if (pe > ps && visit(ps - o, pe - o)) return true;
        }
      }
    }
  }
  return false;
}

function instant(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a valid Date`);
  if (t < MIN_INSTANT || t > MAX_INSTANT) throw new RangeError(`${name} must lie between the years 1000 and 9000`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Whether the calendar is open at this instant (its local clock shows a time inside an open interval of its local date). */
export function isOpenAt(at: Date, c: BusinessCalendar): boolean {
  const cal = compile(c);
  const t = instant(at, "at");
  if (cal.neverOpen) return false;
  const local = t + offsetAt(cal.timeZone, t);
  const day = Math.floor(local / DAY_MS);
  const ms = local - day * DAY_MS;
  return hoursOfDay(cal, day).some(([s, e]) => s <= ms && ms < e);
}

/** The earliest instant at which `ms` milliseconds of open time have elapsed since `start` (start itself for 0). */
export function addBusinessMs(start: Date, ms: number, c: BusinessCalendar): Date {
  const cal = compile(c);
  const from = instant(start, "start");
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`Business time to add must be a whole, non-negative number, got ${ms}`);
  if (ms === 0) return new Date(from);
  if (cal.neverOpen) throw new Error(`The business calendar (${cal.timeZone}) has no open hours at all: cannot add business time to it`);
  let remaining = ms;
  let result = Number.NaN;
  const found = walkOpen(cal, from, from + HORIZON_MS, (s, e) => {
    if (remaining <= e - s) {
      result = s + remaining;
      return true;
    }
    remaining -= e - s;
    return false;
  });
  if (!found)
    throw new RangeError(`Adding ${ms / MINUTE_MS} business minutes reaches beyond ${HORIZON_DAYS} days (about 10 years) of calendar time`);
  return new Date(result);
}

/** The earliest instant at which `minutes` (a whole number) business minutes have elapsed since `start`. */
export function addBusinessMinutes(start: Date, minutes: number, c: BusinessCalendar): Date {
  if (!Number.isSafeInteger(minutes) || minutes < 0)
    throw new RangeError(`Business minutes to add must be a whole, non-negative number, got ${minutes}`);
  return addBusinessMs(start, minutes * MINUTE_MS, c);
}

/** Open time in [a, b), in whole milliseconds; 0 when b <= a. */
export function businessMsBetween(a: Date, b: Date, c: BusinessCalendar): number {
  const cal = compile(c);
  const from = instant(a, "a");
  const until = instant(b, "b");
  if (until <= from || cal.neverOpen) return 0;
  if (until - from > HORIZON_MS) throw new RangeError(`Cannot measure business time over more than ${HORIZON_DAYS} days (about 10 years)`);
  let total = 0;
  walkOpen(cal, from, until, (s, e) => {
    total += e - s;
    return false;
  });
  return total;
}

/** Open time in [a, b), in minutes (fractional when a or b is not on a whole minute of open time); 0 when b <= a. */
export function businessMinutesBetween(a: Date, b: Date, c: BusinessCalendar): number {
  return businessMsBetween(a, b, c) / MINUTE_MS;
}

/** `at` itself when open, else the first instant after it that is open; null if nothing opens within the horizon (about 10 years). */
export function nextOpening(at: Date, c: BusinessCalendar): Date | null {
  const cal = compile(c);
  const from = instant(at, "at");
  if (cal.neverOpen) return null;
  let result: number | null = null;
  walkOpen(cal, from, from + HORIZON_MS, (s) => {
    result = s;
    return true;
  });
  return result === null ? null : new Date(result);
}

/**
 * The open periods inside [a, b), touching pieces merged (22:00–24:00 followed by 00:00–02:00 is
 * one period): for an "explain" timeline. Same horizon as businessMsBetween.
 */
export function openPeriods(a: Date, b: Date, c: BusinessCalendar): { start: Date; end: Date }[] {
  const cal = compile(c);
  const from = instant(a, "a");
  const until = instant(b, "b");
  if (until <= from || cal.neverOpen) return [];
  if (until - from > HORIZON_MS) throw new RangeError(`Cannot list open periods over more than ${HORIZON_DAYS} days (about 10 years)`);
  const out: [number, number][] = [];
  walkOpen(cal, from, until, (s, e) => {
    const last = out.at(-1);
    if (last && last[1] === s) last[1] = e;
    else out.push([s, e]);
    return false;
  });
  return out.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
}
