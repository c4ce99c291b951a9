/**
 * SLA clocks derived from a ticket's event history (pure: no I/O, no clock of its own).
 *
 * The same history, targets and `now` always give the same clocks, so clocks can be
 * recomputed at any time (after a policy or calendar edit, for an audit, for an "explain"
 * timeline). Time arithmetic is injected (`TimeMath`): a business calendar or plain time.
 *
 * Reading the history
 * - Events are taken in time order; events at the same instant keep the order they were given
 *   in (the store's id order). Events after `now` are ignored: the clocks are as of `now`.
 * - All events at one instant are handled together: first the messages, one by one, then the
 *   status the ticket is left in at that instant. So "reply and solve" in one update does not
 *   start a periodic-update clock, and "reply and set pending" starts it paused.
 * - The status is the `newValue` of the last `field_change` event with field "status" (the
 *   ticket store records the initial status that way at creation, with oldValue null); before
 *   any such event it is "new". Values that are not a ticket status are ignored.
 * - The ticket is created at its `ticket_created` event (else at its earliest event). Earlier
 *   events only set the status.
 * - A "public agent reply" is a `public_reply` event with actorType "agent" and not
 *   `automatic`. Internal notes, automatic messages (auto-acknowledgements, surveys) and
 *   system actions never count (RT counts correspondence, never comments).
 * - A "customer message" is a `customer_message` event that is not `automatic` (auto-replies,
 *   out-of-office and bulk mail are never answered, so they never start a clock). Its actor
 *   does not matter: an agent logging what a customer said on the phone is a customer message.
 * - "Done" means status solved or closed.
 * - A ticket automatic mail started (a `field_change` of `automatic` to "true" at creation) is
 *   not work: its clocks start when it stops being automatic (the change to "false": an agent
 *   treats it as a ticket, or a person writes), as if it had been created then.
 *
 * The metrics are independent: each is derived from the history alone, never from another
 * metric's clock (Zammad #5177, #3140). A metric with no target has no instances.
 *
 * first_reply (one instance)
 * - Starts when the ticket is created (by a customer or an agent: the description is always
 *   recorded as a customer message, so an agent-created ticket ends first reply at the agent's
 *   next public reply, as in Zendesk). Never pauses.
 * - Fulfilled by the first public agent reply.
 * - If the ticket is done before any reply, the clock stops at that instant: state "stopped"
 *   (no breach) if it was not yet due, "breached" (with `stoppedAt`) if it was. It does not
 *   restart if the ticket is reopened; what the customer writes next is measured by next_reply.
 *
 * next_reply (instances 1, 2, …)
 * - Measures customer messages once the first-reply phase is over (a public agent reply was
 *   given, or the ticket was done before any reply). Never pauses.
 * - An instance starts at the OLDEST customer message not yet answered: a customer message
 *   starts one only when none is running; later messages do not restart it. None starts when
 *   the ticket is done at that instant.
 * - Fulfilled by the next public agent reply.
 * - Stopped (no breach, unless already past due) when the ticket is done: solving a ticket
 *   after a customer's "thanks, it works" owes no reply.
 *
 * periodic_update, periodic_update_unpaused (instances 1, 2, …)
 * - Start at each public agent reply after which the ticket is not done; fulfilled by the next
 *   public agent reply, which starts the next instance at the same instant.
 * - periodic_update pauses in its paused statuses; periodic_update_unpaused never pauses (RT's
 *   "keep in loop" beside Zendesk's "pausable update"). Both stop when the ticket is done (state
 *   "stopped", no breach unless already past due). Reopening does not start them: only a reply does.
 *
 * resolution, requester_wait, total_resolution (the resolution metrics; instances 1, 2, …)
 * - Instance 1 starts when the ticket is created. Fulfilled when the ticket becomes done
 *   (solved; closed counts too, for histories that skip solved).
 * - They differ only in what pauses them (`metric-pauses.ts`): resolution its paused statuses
 *   (policy default: pending and on_hold); requester_wait pending only (the time the requester
 *   waits for us); total_resolution nothing. Every pause interval is recorded, so "parking" a
 *   ticket in pending can be audited.
 * - When a done ticket is reopened (its status leaves solved for a status that is not done), a
 *   NEW instance starts at the reopen instant (paused at once if reopened into a paused status).
 *   With `reopenResumes`, the instance the solve fulfilled is resumed instead: its fulfilment is
 *   undone, the time the ticket was done is a pause (so no earlier active time is lost and the
 *   time solved never counts), and `reopenedAt` records the reopen. A breach reached before the
 *   solve stays a breach.
 *
 * Paused statuses are per metric (`pausedStatusesOf`): `pausedStatuses` is the policy-wide set,
 * `pausedStatusesByMetric` overrides it metric by metric.
 *
 * Deadlines and breaches (every clock)
 * - Active time is the time outside pauses, measured with `time.between` in the target's hours.
 * - While running, `dueAt = time.add(lastResume, target - activeSoFar)`: the instant the target
 *   is used up. While paused, `dueAt` is null (the UI shows what remains).
 * - A clock breaches at `dueAt` unless it is fulfilled at or before `dueAt`: when `now >= dueAt`,
 *   or when it is fulfilled, stopped or paused after it, or stopped or paused exactly at it
 *   (the target is used up). `breachedAt = dueAt`; from then on `dueAt` stays `breachedAt` and
 *   the state stays "breached" even when the clock is later fulfilled (`fulfilledAt` is kept)
 *   or stopped (`stoppedAt` is kept); pauses are still recorded and active time still counted.
 * - For a clock that ended without breach, `dueAt` is the deadline as it stood when it ended
 *   (never before `fulfilledAt`/`stoppedAt`).
 * - `elapsedMinutes` is the active time from `startedAt` to the end (fulfilment, stop, or `now`).
 * - `stoppedAt` (beyond the agreed shape) tells a clock stopped without fulfilment from one still
 *   running; with `fulfilledAt` it gives every instance's end, so "never two running instances
 *   of a metric" can be checked.
 */
import type { TicketStatus } from "../../../schema";
import { TICKET_STATUSES } from "../../../schema";
import { pausedStatusesOf, RESOLUTION_METRICS, UPDATE_METRICS } from "./metric-pauses";
import { SLA_METRICS, type SlaMetric, type SlaTarget } from "./policy-match";

export interface HistoryEvent {
  at: Date;
  type: "ticket_created" | "customer_message" | "public_reply" | "internal_note" | "field_change";
  actorType: "customer" | "agent" | "system";
  field?: string | null;
  newValue?: string | null;
  automatic?: boolean;
}

/** Minutes arithmetic, injected: a business calendar, or plain time when `businessHours` is false. */
export interface TimeMath {
  add(start: Date, minutes: number, businessHours: boolean): Date;
  between(a: Date, b: Date, businessHours: boolean): number;
}

export interface ClockInput {
  events: HistoryEvent[];
  targets: Partial<Record<SlaMetric, SlaTarget>>;
  /** The policy-wide paused statuses (periodic update and resolution, unless set per metric). */
  pausedStatuses: readonly TicketStatus[];
  /** Per metric, the statuses that pause it (overrides `pausedStatuses` and the metric's default). */
  pausedStatusesByMetric?: Partial<Record<SlaMetric, readonly TicketStatus[]>>;
  /** A reopen resumes the resolution metrics' last instance instead of starting a new one. */
  reopenResumes?: boolean;
  now: Date;
  time: TimeMath;
}

export interface Pause {
  from: Date;
  to: Date | null;
}

export interface ClockInstance {
  metric: SlaMetric;
  instance: number;
  startedAt: Date;
  pauses: Pause[];
  dueAt: Date | null;
  fulfilledAt: Date | null;
  breachedAt: Date | null;
  /** When the clock stopped without being fulfilled (the ticket was solved or closed). */
  stoppedAt: Date | null;
  /** The last reopen that resumed this clock (`reopenResumes`); null when none did. */
  reopenedAt: Date | null;
  state: "running" | "paused" | "fulfilled" | "breached" | "stopped";
  elapsedMinutes: number;
  targetMinutes: number;
  businessHours: boolean;
}

const STATUSES: ReadonlySet<string> = new Set(TICKET_STATUSES);
const isDone = (s: TicketStatus) => s === "solved" || s === "closed";
const isAgentReply = (e: HistoryEvent) => e.type === "public_reply" && e.actorType === "agent" && !e.automatic;
const isCustomerMessage = (e: HistoryEvent) => e.type === "customer_message" && !e.automatic;

/** One instance of one metric while the history is replayed. */
class Clock {
  /** Active minutes before `resumedAt` (all of them once the clock has ended). */
  private consumed = 0;
  /** Start of the current active stretch; null while paused or after the end. */
  private resumedAt: Date | null;
  private readonly pauses: Pause[] = [];
  private breachedAt: Date | null = null;
  private fulfilledAt: Date | null = null;
  private stoppedAt: Date | null = null;
  private endDue: Date | null = null;
  private reopenedAt: Date | null = null;

  constructor(
    readonly metric: SlaMetric,
    readonly instance: number,
    private readonly startedAt: Date,
    private readonly target: SlaTarget,
    private readonly time: TimeMath,
  ) {
    this.resumedAt = startedAt;
  }

  get open() {
    return this.fulfilledAt === null && this.stoppedAt === null;
  }

  /** The instant the target is used up, counting from `from` with what is left. */
  private deadlineFrom(from: Date): Date {
    return this.time.add(from, Math.max(0, this.target.minutes - this.consumed), this.target.businessHours);
  }

  /** Records a breach if the target ran out before `t` (or at `t`, unless a fulfilment happens at `t`). */
  private settle(t: Date, fulfilling: boolean) {
    if (this.resumedAt === null || this.breachedAt !== null) return;
    const due = this.deadlineFrom(this.resumedAt);
    if (due.getTime() < t.getTime() || (!fulfilling && due.getTime() <= t.getTime())) this.breachedAt = due;
  }

  private activeUntil(t: Date): number {
    return this.resumedAt === null ? 0 : Math.max(0, this.time.between(this.resumedAt, t, this.target.businessHours));
  }

  pause(t: Date) {
    if (!this.open || this.resumedAt === null) return;
    this.settle(t, false);
    this.consumed += this.activeUntil(t);
    this.resumedAt = null;
    this.pauses.push({ from: t, to: null });
  }

  resume(t: Date) {
    if (!this.open || this.resumedAt !== null) return;
    const last = this.pauses[this.pauses.length - 1];
    if (last) last.to = t;
    this.resumedAt = t;
  }

  end(t: Date, how: "fulfil" | "stop") {
    if (!this.open) return;
    if (this.resumedAt !== null) {
      this.settle(t, how === "fulfil");
      this.endDue = this.breachedAt ?? this.deadlineFrom(this.resumedAt);
      this.consumed += this.activeUntil(t);
      this.resumedAt = null;
    } else {
      const last = this.pauses[this.pauses.length - 1];
      if (last) last.to = t;
      this.endDue = this.breachedAt ?? this.deadlineFrom(t);
    }
    if (how === "fulfil") this.fulfilledAt = t;
    else this.stoppedAt = t;
  }

  /**
   * The ticket was reopened at `t` after a solve fulfilled this clock: it is open again, paused
   * from the solve (the pause it was in at the solve, if any, carries on); the caller resumes it
   * at `t` unless the status pauses it.
   */
  reopen(t: Date) {
    if (this.fulfilledAt === null) return;
    const last = this.pauses[this.pauses.length - 1];
    if (last && last.to?.getTime() === this.fulfilledAt.getTime()) last.to = null;
    else this.pauses.push({ from: this.fulfilledAt, to: null });
    // Fulfilled just as the target ran out: undone, the target is used up at that deadline.
    if (this.breachedAt === null && this.consumed >= this.target.minutes) this.breachedAt = this.endDue;
    this.fulfilledAt = null;
    this.endDue = null;
    this.reopenedAt = t;
  }

  snapshot(now: Date): ClockInstance {
    if (this.open) this.settle(now, false);
    const running = this.open && this.resumedAt !== null;
    const elapsed = this.consumed + (running ? this.activeUntil(now) : 0);
    let dueAt: Date | null;
    if (this.breachedAt) dueAt = this.breachedAt;
    else if (!this.open) dueAt = this.endDue;
    else dueAt = running && this.resumedAt ? this.deadlineFrom(this.resumedAt) : null;
    const state: ClockInstance["state"] = this.breachedAt
      ? "breached"
      : this.fulfilledAt
        ? "fulfilled"
        : this.stoppedAt
          ? "stopped"
          : running
            ? "running"
            : "paused";
    return {
      metric: this.metric,
      instance: this.instance,
      startedAt: this.startedAt,
      pauses: this.pauses.map((p) => ({ from: p.from, to: p.to })),
      dueAt,
      fulfilledAt: this.fulfilledAt,
      breachedAt: this.breachedAt,
      stoppedAt: this.stoppedAt,
      reopenedAt: this.reopenedAt,
      state,
      elapsedMinutes: elapsed,
      targetMinutes: this.target.minutes,
      businessHours: this.target.businessHours,
    };
  }
}

/** Every instance of every metric that has a target, ordered by metric (SLA_METRICS) then instance. */
export function computeClocks(input: ClockInput): ClockInstance[] {
  const { targets, now, time } = input;
  const paused = Object.fromEntries(SLA_METRICS.map((metric) => [metric, new Set(pausedStatusesOf(metric, input))])) as Record<SlaMetric, Set<TicketStatus>>;
  const events = input.events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.at.getTime() <= now.getTime())
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
  if (events.length === 0) return [];
  const createdAt = (events.find((e) => e.type === "ticket_created") ?? events[0]!).at.getTime();

  const clocks = Object.fromEntries(SLA_METRICS.map((metric) => [metric, []])) as unknown as Record<SlaMetric, Clock[]>;
  const current = (metric: SlaMetric) => {
    const list = clocks[metric];
    const last = list[list.length - 1];
    return last?.open ? last : null;
  };
  const start = (metric: SlaMetric, t: Date) => {
    const target = targets[metric];
    if (target) clocks[metric].push(new Clock(metric, clocks[metric].length + 1, t, target, time));
  };

  let status: TicketStatus = "new";
  /** Started by automatic mail and not yet treated as work (`field_change` of `automatic`). */
  let automatic = false;
  let created = false;
  /** A public agent reply was given, or the ticket was done before any: next_reply applies from here on. */
  let firstPhaseOver = false;

  for (let i = 0; i < events.length; ) {
    const at = events[i]!.at;
    let j = i;
    while (j < events.length && events[j]!.at.getTime() === at.getTime()) j++;
    const group = events.slice(i, j);
    i = j;

    for (const e of group) {
      if (e.type === "field_change" && e.field === "status" && e.newValue && STATUSES.has(e.newValue)) status = e.newValue as TicketStatus;
      if (e.type === "field_change" && e.field === "automatic") automatic = e.newValue === "true";
    }
    if (at.getTime() < createdAt || (automatic && !created)) continue;
    const done = isDone(status);

    if (!created) {
      created = true;
      start("first_reply", at);
      for (const metric of RESOLUTION_METRICS) start(metric, at);
    }

    for (const e of group) {
      if (isAgentReply(e)) {
        firstPhaseOver = true;
        current("first_reply")?.end(at, "fulfil");
        current("next_reply")?.end(at, "fulfil");
        for (const metric of UPDATE_METRICS) {
          current(metric)?.end(at, "fulfil");
          if (!done) start(metric, at);
        }
      } else if (isCustomerMessage(e) && firstPhaseOver && !done && !current("next_reply")) {
        start("next_reply", at);
      }
    }

    if (done) {
      firstPhaseOver = true;
      current("first_reply")?.end(at, "stop");
      current("next_reply")?.end(at, "stop");
      for (const metric of UPDATE_METRICS) current(metric)?.end(at, "stop");
      for (const metric of RESOLUTION_METRICS) current(metric)?.end(at, "fulfil");
    } else {
      for (const metric of RESOLUTION_METRICS) {
        const last = clocks[metric].at(-1);
        if (!last || last.open) continue;
        if (input.reopenResumes) last.reopen(at); // reopened: resumed
        else start(metric, at); // reopened: a new instance
      }
    }
    for (const metric of SLA_METRICS) {
      const clock = current(metric);
      if (!clock) continue;
      if (paused[metric].has(status)) clock.pause(at);
      else clock.resume(at);
    }
  }

  return SLA_METRICS.flatMap((metric) => clocks[metric].map((clock) => clock.snapshot(now)));
}
