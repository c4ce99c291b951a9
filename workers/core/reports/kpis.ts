/**
 * KPI figures for a set of tickets over a report range. Pure: the adapter (`report-store.ts`)
 * gathers the facts, this decides what they mean. The definitions, in short (docs/reports.md
 * has them in full):
 *
 * - **Created, complaints, first reply**: tickets created in the range. First reply time is
 *   `firstResponseAt − createdAt` for those that have one (whenever it came).
 * - **Solved, resolution, one-touch, reopened**: tickets solved in the range (at least one
 *   solve inside it). Resolution time runs from creation to the ticket's last solve in the range.
 *   One-touch: exactly one public agent reply and never reopened. Reopened: ever reopened.
 *   Requester wait time: the part of that span the ticket was neither pending nor done (new,
 *   open, on hold: the requester waits for us), as Zendesk's requester wait time.
 * - **Backlog**: tickets not done at the end of each day (the status as of the changes before
 *   the day's end); today's figure is as of now, later days are null. `backlogNow`: not done now.
 * - **SLA**: clock instances whose outcome falls in the range: breached (at its breach time,
 *   even if fulfilled later) or fulfilled in time. Stopped clocks and clocks still running
 *   within their target have no outcome yet.
 * - **CSAT**: surveys sent in the range; answered ones are satisfied when rated good (good/bad)
 *   or 4–5 (one to five).
 *
 * Business minutes are counted in the ticket's own calendar; spans over the calendar horizon
 * (about 10 years) have no business figure.
 */
import type { SurveyScale, TicketType } from "../../../schema";
import { SLA_METRIC_NAMES, type CLOCK_STATES } from "../../../schema";
import { businessMinutesBetween, HORIZON_DAYS, MINUTE_MS, type BusinessCalendar } from "../sla/business-calendar";
import type { Dimensions } from "./buckets";
import type { ReportRange } from "./report-range";
import { fraction, summarize, type Fraction, type Summary } from "./statistics";
import { isDone, periodsWhere, statusTransitions, unsolvedPeriods, type StatusChange } from "./status-history";

export type SlaMetricName = (typeof SLA_METRIC_NAMES)[number];

export interface ClockFacts {
  metric: SlaMetricName;
  state: (typeof CLOCK_STATES)[number];
  dueAt: Date | null;
  fulfilledAt: Date | null;
  breachedAt: Date | null;
}

export interface TicketFacts {
  /** The ticket's current value in each dimension. */
  dims: Dimensions;
  type: TicketType;
  createdAt: Date;
  firstResponseAt: Date | null;
  /** Time order; the first is the status at creation. */
  statuses: StatusChange[];
  /** Public replies by agents (automatic mail excluded), ever. */
  publicReplies: number;
  /** The business hours this ticket's durations are counted in. */
  calendar: BusinessCalendar;
  clocks: ClockFacts[];
}

export interface SurveyFacts {
  /** The surveyed ticket's current value in each dimension. */
  dims: Dimensions;
  /** When the survey was sent. */
  createdAt: Date;
  scale: SurveyScale;
  rating: number | null;
  answeredAt: Date | null;
}

export interface Durations {
  /** How many tickets the figures describe. */
  count: number;
  calendarMinutes: Summary;
  businessMinutes: Summary;
}

export interface DayFigures {
  date: string;
  created: number;
  /** Not done at the end of the day; as of now for today; null for days still to come. */
  backlog: number | null;
}

export interface Kpis {
  ticketsCreated: number;
  ticketsSolved: number;
  complaints: number;
  backlogNow: number;
  daily: DayFigures[];
  firstReply: Durations;
  /** Creation to the last solve in the range, never paused: the total resolution time. */
  resolution: Durations;
  /** Of the same span, the time neither pending nor done (new, open, on hold). */
  requesterWait: Durations;
  sla: Record<SlaMetricName, Fraction>;
  oneTouch: Fraction;
  reopened: Fraction;
  csat: { score: Fraction; responseRate: Fraction };
}

export type Period = Pick<ReportRange, "start" | "end" | "days">;

/** good/bad: 1 is good; one to five: 4 or 5. */
export function isSatisfied(scale: SurveyScale, rating: number): boolean {
  return scale === "good_bad" ? rating === 1 : rating >= 4;
}

/** The clock's result, if it has one yet: a breach at its breach time, else a fulfilment in time. */
export function clockOutcome(clock: ClockFacts, now: Date): { achieved: boolean; at: Date } | null {
  if (clock.breachedAt) return { achieved: false, at: clock.breachedAt };
  // Past due but not yet marked by the cron: breached all the same (a breach happens at the due time).
  if (clock.state === "running" && clock.dueAt && clock.dueAt <= now) return { achieved: false, at: clock.dueAt };
  if (clock.state === "fulfilled" && clock.fulfilledAt) return { achieved: true, at: clock.fulfilledAt };
  return null;
}

export function computeKpis(tickets: readonly TicketFacts[], surveys: readonly SurveyFacts[], range: Period, now: Date): Kpis {
  const [start, end, nowMs] = [range.start.getTime(), range.end.getTime(), now.getTime()];
  const within = (at: Date) => at.getTime() >= start && at.getTime() < end;
  const dayStarts = range.days.map((d) => d.start.getTime());
  // Where each day's backlog is read: its end, or now for today; days that have not begun have none.
  const samples = range.days.filter((d) => d.start.getTime() <= nowMs).map((d) => Math.min(d.end.getTime(), nowMs));

  const created = range.days.map(() => 0);
  const backlogDelta = Array.from({ length: samples.length + 1 }, () => 0);
  const first = durationLists();
  const resolution = durationLists();
  const requesterWait = durationLists();
  const sla = Object.fromEntries(SLA_METRIC_NAMES.map((m) => [m, { achieved: 0, total: 0 }])) as Record<SlaMetricName, { achieved: number; total: number }>;
  let [ticketsCreated, complaints, solved, oneTouch, reopened, backlogNow] = [0, 0, 0, 0, 0, 0];

  for (const t of tickets) {
    if (within(t.createdAt)) {
      ticketsCreated++;
      created[upperBound(dayStarts, t.createdAt.getTime()) - 1]!++;
      if (t.type === "complaint") complaints++;
      if (t.firstResponseAt) first.add(t.createdAt, t.firstResponseAt, t.calendar);
    }

    const { solves, reopens } = statusTransitions(t.statuses);
    const lastSolve = solves.filter(within).at(-1);
    if (lastSolve) {
      solved++;
      resolution.add(t.createdAt, lastSolve, t.calendar);
      requesterWait.addPeriods(
        periodsWhere(t.statuses, lastSolve.getTime(), (s) => s !== "pending"),
        t.calendar,
      );
      if (reopens.length > 0) reopened++;
      else if (t.publicReplies === 1) oneTouch++;
    }

    // A period [from, to) is in the backlog at a sample s when from < s <= to: a change at the
    // very end of a day belongs to the next day.
    for (const { from, to } of unsolvedPeriods(t.statuses)) {
      backlogDelta[upperBound(samples, from)]!++;
      backlogDelta[upperBound(samples, to)]!--;
    }
    const current = t.statuses.at(-1);
    if (current && !isDone(current.status)) backlogNow++;

    for (const clock of t.clocks) {
      const outcome = clockOutcome(clock, now);
      if (!outcome || !within(outcome.at)) continue;
      sla[clock.metric].total++;
      if (outcome.achieved) sla[clock.metric].achieved++;
    }
  }

  let [sent, answered, satisfied] = [0, 0, 0];
  for (const s of surveys) {
    if (!within(s.createdAt)) continue;
    sent++;
    if (s.answeredAt && s.rating !== null) {
      answered++;
      if (isSatisfied(s.scale, s.rating)) satisfied++;
    }
  }

  let running = 0;
  const backlog = samples.map((_, i) => (running += backlogDelta[i]!));
  return {
    ticketsCreated,
    ticketsSolved: solved,
    complaints,
    backlogNow,
    daily: range.days.map((d, i) => ({ date: d.date, created: created[i]!, backlog: backlog[i] ?? null })),
    firstReply: first.summary(),
    resolution: resolution.summary(),
    requesterWait: requesterWait.summary(),
    sla: Object.fromEntries(SLA_METRIC_NAMES.map((m) => [m, fraction(sla[m].achieved, sla[m].total)])) as Record<SlaMetricName, Fraction>,
    oneTouch: fraction(oneTouch, solved),
    reopened: fraction(reopened, solved),
    csat: { score: fraction(satisfied, answered), responseRate: fraction(answered, sent) },
  };
}

/** Calendar and business minutes of a set of spans (one figure per ticket). */
function durationLists() {
  const calendar: number[] = [];
  const business: number[] = [];
  const HORIZON_MS = HORIZON_DAYS * 1440 * MINUTE_MS;
  return {
    add(from: Date, to: Date, hours: BusinessCalendar) {
      this.addPeriods([{ from: from.getTime(), to: Math.max(from.getTime(), to.getTime()) }], hours);
    },
    /** One ticket's figure made of several periods (epoch ms, [from, to)). */
    addPeriods(periods: readonly { from: number; to: number }[], hours: BusinessCalendar) {
      calendar.push(periods.reduce((sum, p) => sum + (p.to - p.from), 0) / MINUTE_MS);
      // businessMinutesBetween refuses spans beyond its horizon; such a ticket has no business figure.
      if (periods.every((p) => p.to - p.from <= HORIZON_MS))
        business.push(periods.reduce((sum, p) => sum + businessMinutesBetween(new Date(p.from), new Date(p.to), hours), 0));
    },
    summary: (): Durations => ({ count: calendar.length, calendarMinutes: summarize(calendar), businessMinutes: summarize(business) }),
  };
}

/** How many of the ascending `sorted` are <= x. */
function upperBound(sorted: readonly number[], x: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
