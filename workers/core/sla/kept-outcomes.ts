/**
 * SLA outcomes are history (pure): a clock that has breached or been achieved keeps that outcome
 * whatever a later change does to the ticket's targets — a re-match to another policy, a
 * priority the policy has no target for (an escalation on breach), an edited target.
 *
 * Clocks are recomputed from the history on every change (`clocks.ts`); without this, a change
 * that leaves a metric without a target would drop its breached clock, and a smaller target
 * would turn an achieved reply into a breach after the fact. So, per (metric, instance) of the
 * clocks as last stored, unless this evaluation computes it under the same policy and target:
 * - the stored clock is replayed under the policy and target it was stored with, as of now. If
 *   that reaches an outcome (breached, or fulfilled in time), it is kept: an outcome reached
 *   before this change, even one the cron had not marked yet (a running clock past its deadline
 *   when the escalation's write recomputes it). Replaying keeps its end following the history:
 *   a breached first reply is still fulfilled by the reply that comes after the escalation.
 * - if the stored clock had an outcome that the replay does not reach again (the calendar
 *   changed) or cannot be replayed (its policy was deleted), it stands as stored;
 * - otherwise the clock as computed now (or none: a running clock without a target any more goes).
 * One exception: a fulfilment that a later reopen undid (the policy resumes its resolution clocks:
 * `reopenResumes`; the clock's `reopenedAt` is after the stored fulfilment, computed now under the
 * same policy and target, or replayed under the stored one) is not an outcome any more: the
 * clock is as computed now.
 * Instances are numbered by the history alone (a target only decides whether a metric is
 * measured), so a kept instance and computed ones of the same metric never overlap.
 */
import type { ClockInstance } from "./clocks";
import type { SlaMetric, SlaTarget } from "./policy-match";

/** A clock with the policy it was computed under. */
export interface PolicyClock extends ClockInstance {
  policyId: string;
}

export type Outcome = "breached" | "achieved";

/** What a clock has reached for good: a breach, or fulfilment in time; null while undecided (or stopped unmeasured). */
export const outcomeOf = (c: Pick<ClockInstance, "breachedAt" | "state">): Outcome | null => (c.breachedAt ? "breached" : c.state === "fulfilled" ? "achieved" : null);

/** A reopen resumed `fresh` after `stored` was fulfilled: the fulfilment no longer stands. */
const resumedSince = (fresh: ClockInstance, stored: ClockInstance) =>
  fresh.reopenedAt !== null && stored.fulfilledAt !== null && fresh.reopenedAt.getTime() >= stored.fulfilledAt.getTime();

const key = (c: Pick<ClockInstance, "metric" | "instance">) => `${c.metric}/${c.instance}`;
const sameTarget = (a: PolicyClock, b: PolicyClock) => a.policyId === b.policyId && a.targetMinutes === b.targetMinutes && a.businessHours === b.businessHours;

/**
 * Whether a clock is kept from an earlier policy or target (its outcome is history): it was not
 * computed under the policy that applies now with that policy's target for the ticket's priority.
 */
export function isKept(clock: PolicyClock, policy: { id: string; targets: Partial<Record<string, Partial<Record<SlaMetric, SlaTarget>>>> } | null, priority: string): boolean {
  const target = policy?.id === clock.policyId ? policy.targets[priority]?.[clock.metric] : undefined;
  return !target || target.minutes !== clock.targetMinutes || target.businessHours !== clock.businessHours;
}

/** One metric's clocks under a stored clock's own policy and target; null when that policy is gone. */
export type Replay = (policyId: string, metric: SlaMetric, target: SlaTarget) => ClockInstance[] | null;

/**
 * The clocks to store: `computed` (this evaluation) with every outcome of `stored` kept (see the
 * module comment). Ordered like `computeClocks`: by metric, then instance.
 */
export function keepOutcomes(computed: readonly PolicyClock[], stored: readonly PolicyClock[], replay: Replay, metrics: readonly SlaMetric[]): PolicyClock[] {
  const now = new Map(computed.map((c) => [key(c), c]));
  const replays = new Map<string, Map<string, ClockInstance> | null>();
  const replayed = (s: PolicyClock) => {
    const id = `${s.policyId}/${s.metric}/${s.targetMinutes}/${s.businessHours}`;
    if (!replays.has(id)) {
      const clocks = replay(s.policyId, s.metric, { minutes: s.targetMinutes, businessHours: s.businessHours });
      replays.set(id, clocks && new Map(clocks.map((c) => [key(c), c])));
    }
    return replays.get(id)?.get(key(s));
  };
  const kept = new Map<string, PolicyClock>();
  for (const s of stored) {
    const fresh = now.get(key(s));
    if (fresh && sameTarget(fresh, s) && outcomeOf(fresh) === outcomeOf(s)) continue; // as computed
    if (fresh && sameTarget(fresh, s) && resumedSince(fresh, s)) continue; // reopened: as computed
    const again = replayed(s);
    if (again && resumedSince(again, s)) continue; // reopened under its own policy: as computed
    const outcome = again && outcomeOf(again);
    if (outcome && (outcomeOf(s) === null || outcomeOf(s) === outcome)) kept.set(key(s), { ...again, policyId: s.policyId });
    else if (outcomeOf(s) !== null) kept.set(key(s), s);
  }
  if (kept.size === 0) return [...computed];
  const merged = [...computed.filter((c) => !kept.has(key(c))), ...kept.values()];
  return merged.sort((a, b) => metrics.indexOf(a.metric) - metrics.indexOf(b.metric) || a.instance - b.instance);
}
