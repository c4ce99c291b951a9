import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES, type TicketStatus } from "../../schema";
import { computeClocks, type HistoryEvent, type TimeMath } from "../../workers/core/sla/clocks";
import { isKept, keepOutcomes, outcomeOf, type PolicyClock, type Replay } from "../../workers/core/sla/kept-outcomes";
import { SLA_METRICS, type SlaMetric, type SlaTarget } from "../../workers/core/sla/policy-match";

const T0 = Date.parse("2026-03-02T09:00:00.000Z");
const MIN = 60_000;
const m = (n: number) => new Date(T0 + n * MIN);
const plain: TimeMath = { add: (start, minutes) => new Date(start.getTime() + minutes * MIN), between: (a, b) => (b.getTime() - a.getTime()) / MIN };

type Targets = Partial<Record<SlaMetric, SlaTarget>>;
interface Policy {
  id: string;
  targets: Targets;
  paused: TicketStatus[];
  /** The policy's `reopenResumes`. */
  resumes?: boolean;
}

/** One evaluation as `evaluateSla` makes it: the policy's clocks, then the stored outcomes kept (replayed under their own policy, if it still exists). */
function evaluate(events: HistoryEvent[], policy: Policy | null, policies: readonly Policy[], stored: PolicyClock[], now: Date): PolicyClock[] {
  const computed = policy ? computeClocks({ events, targets: policy.targets, pausedStatuses: policy.paused, reopenResumes: policy.resumes, now, time: plain }).map((c) => ({ ...c, policyId: policy.id })) : [];
  const replay: Replay = (policyId, metric, target) => {
    const own = policies.find((p) => p.id === policyId);
    return own ? computeClocks({ events, targets: { [metric]: target }, pausedStatuses: own.paused, reopenResumes: own.resumes, now, time: plain }) : null;
  };
  return keepOutcomes(computed, stored, replay, SLA_METRICS);
}

const created: HistoryEvent[] = [
  { at: m(0), type: "ticket_created", actorType: "customer" },
  { at: m(0), type: "field_change", actorType: "customer", field: "status", newValue: "new" },
  { at: m(0), type: "customer_message", actorType: "customer" },
];
const key = (c: PolicyClock) => `${c.metric}/${c.instance}`;

describe("a reopen that resumes the resolution clock", () => {
  const resolving = (resumes: boolean): Policy => ({ id: "pol_res", targets: { resolution: { minutes: 60, businessHours: false } }, paused: [], resumes });
  const solvedAt = (n: number, status: TicketStatus = "solved"): HistoryEvent => ({ at: m(n), type: "field_change", actorType: "agent", field: "status", newValue: status });

  it("undoes the stored achievement: the history says the clock runs again, and the next solve ends it", () => {
    const policy = resolving(true);
    const events = [...created, solvedAt(30)];
    const achieved = evaluate(events, policy, [policy], [], m(31));
    expect(achieved).toMatchObject([{ metric: "resolution", instance: 1, state: "fulfilled", fulfilledAt: m(30) }]);
    events.push(solvedAt(50, "open"));
    const reopened = evaluate(events, policy, [policy], achieved, m(55));
    expect(reopened).toMatchObject([{ metric: "resolution", instance: 1, state: "running", fulfilledAt: null, reopenedAt: m(50), dueAt: m(80), elapsedMinutes: 35 }]);
    events.push(solvedAt(70));
    expect(evaluate(events, policy, [policy], reopened, m(71))).toMatchObject([{ instance: 1, state: "fulfilled", fulfilledAt: m(70), elapsedMinutes: 50 }]);
  });

  it("without it the achievement stays and the reopen starts instance 2", () => {
    const policy = resolving(false);
    const events = [...created, solvedAt(30)];
    const achieved = evaluate(events, policy, [policy], [], m(31));
    events.push(solvedAt(50, "open"));
    expect(evaluate(events, policy, [policy], achieved, m(55))).toMatchObject([
      { instance: 1, state: "fulfilled", fulfilledAt: m(30) },
      { instance: 2, state: "running", startedAt: m(50) },
    ]);
  });

  it("an achievement under another target is still kept though the clock resumed (outcomes are history)", () => {
    const before: Policy = { id: "pol_before", targets: { resolution: { minutes: 40, businessHours: false } }, paused: [], resumes: true };
    const after = resolving(true);
    const events = [...created, solvedAt(30)];
    const achieved = evaluate(events, before, [before, after], [], m(31));
    events.push(solvedAt(50, "open"));
    const now = evaluate(events, after, [before, after], achieved, m(55));
    expect(now).toMatchObject([{ instance: 1, state: "running", policyId: "pol_res" }]);
  });
});

describe("an outcome already reached is kept", () => {
  const normalOnly: Policy = { id: "pol_normal", targets: { first_reply: { minutes: 60, businessHours: false } }, paused: [] };
  const noTargets: Policy = { id: "pol_normal", targets: {}, paused: [] };

  it("a breach survives an escalation to a priority without targets, and the later reply still ends the clock", () => {
    const events = [...created];
    const breached = evaluate(events, normalOnly, [normalOnly], [], m(61));
    expect(breached).toMatchObject([{ metric: "first_reply", state: "breached", breachedAt: m(60) }]);
    // Escalated to urgent, which the policy has no target for: the breach stays.
    const escalated = evaluate(events, noTargets, [normalOnly], breached, m(62));
    expect(escalated).toMatchObject([{ metric: "first_reply", instance: 1, state: "breached", breachedAt: m(60), fulfilledAt: null, targetMinutes: 60, policyId: "pol_normal" }]);
    // The reply after the escalation fulfils it, late (it leaves the list of unmet breaches).
    events.push({ at: m(80), type: "public_reply", actorType: "agent" });
    const replied = evaluate(events, noTargets, [normalOnly], escalated, m(81));
    expect(replied).toMatchObject([{ metric: "first_reply", state: "breached", breachedAt: m(60), fulfilledAt: m(80), elapsedMinutes: 80 }]);
  });

  it("a deadline passed before the change counts though the stored clock was still running (the escalation's write comes before any mark)", () => {
    const running = evaluate([...created], normalOnly, [normalOnly], [], m(30));
    expect(running).toMatchObject([{ state: "running", dueAt: m(60) }]);
    expect(evaluate([...created], noTargets, [normalOnly], running, m(61))).toMatchObject([{ state: "breached", breachedAt: m(60), policyId: "pol_normal" }]);
  });

  it("an achieved reply is not made a breach by a smaller target afterwards", () => {
    const events = [...created, { at: m(20), type: "public_reply", actorType: "agent" } as HistoryEvent];
    const achieved = evaluate(events, normalOnly, [normalOnly], [], m(30));
    const urgent: Policy = { id: "pol_normal", targets: { first_reply: { minutes: 10, businessHours: false } }, paused: [] };
    expect(evaluate(events, urgent, [urgent], achieved, m(31))).toMatchObject([{ state: "fulfilled", fulfilledAt: m(20), targetMinutes: 60, breachedAt: null }]);
  });

  it("a clock of a deleted policy stays as stored", () => {
    const breached = evaluate([...created], normalOnly, [normalOnly], [], m(61));
    expect(evaluate([...created], null, [], breached, m(70))).toEqual(breached);
  });

  it("an undecided clock follows the new targets (a running clock without a target goes)", () => {
    const running = evaluate([...created], normalOnly, [normalOnly], [], m(30));
    expect(running).toMatchObject([{ state: "running" }]);
    expect(evaluate([...created], noTargets, [normalOnly], running, m(31))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random histories and random sequences of re-matches.

const targetArb = fc.option(fc.record({ minutes: fc.integer({ min: 0, max: 120 }), businessHours: fc.boolean() }), { nil: undefined });
const policyArb = (id: string): fc.Arbitrary<Policy> =>
  fc.record({
    id: fc.constant(id),
    targets: fc.record({ first_reply: targetArb, next_reply: targetArb, periodic_update: targetArb, resolution: targetArb }).map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v)) as Targets),
    paused: fc.subarray([...TICKET_STATUSES]),
  });
const stepArb = fc.oneof(
  fc.constant({ type: "customer_message", actorType: "customer" } as const),
  fc.constant({ type: "public_reply", actorType: "agent" } as const),
  fc.constantFrom(...TICKET_STATUSES).map((status) => ({ type: "field_change", actorType: "agent", field: "status", newValue: status }) as const),
);
const scenarioArb = fc.record({
  policies: fc.tuple(policyArb("pol_a"), policyArb("pol_b"), policyArb("pol_c")),
  steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), stepArb), { maxLength: 20 }),
  // Each evaluation: how long after the previous one, which policy matches (3: none), which policies still exist.
  evaluations: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 90 }), policy: fc.integer({ min: 0, max: 3 }), deleted: fc.subarray([0, 1, 2]) }), { minLength: 1, maxLength: 8 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function run({ policies, steps, evaluations }: Scenario) {
  const events: HistoryEvent[] = [...created];
  let t = 0;
  for (const [gap, step] of steps) events.push({ ...step, at: m((t += gap)) });
  const results: PolicyClock[][] = [];
  let now = 0;
  let stored: PolicyClock[] = [];
  for (const e of evaluations) {
    now += e.gap;
    const existing = policies.filter((_, i) => !e.deleted.includes(i));
    const policy = e.policy < 3 && !e.deleted.includes(e.policy) ? policies[e.policy]! : null;
    stored = evaluate(events, policy, existing, stored, m(now));
    results.push(stored);
  }
  return results;
}

describe("properties", () => {
  it("an outcome once reached is never lost nor changed, across any sequence of re-matches, target removals and deleted policies", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const results = run(scenario);
        for (const [i, earlier] of results.entries())
          for (const clock of earlier.filter((c) => outcomeOf(c) !== null))
            for (const later of results.slice(i + 1)) {
              const same = later.find((c) => key(c) === key(clock));
              expect(same && outcomeOf(same)).toBe(outcomeOf(clock));
              expect(same!.breachedAt).toEqual(clock.breachedAt);
            }
      }),
      { numRuns: 300 },
    );
  });

  it("with one policy throughout, keeping outcomes changes nothing: the clocks are those computed from the history", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const same = { ...scenario, evaluations: scenario.evaluations.map((e) => ({ ...e, policy: 0, deleted: [] })) };
        const results = run(same);
        const last = results.at(-1)!;
        const now = m(same.evaluations.reduce((sum, e) => sum + e.gap, 0));
        const events: HistoryEvent[] = [...created];
        let t = 0;
        for (const [gap, step] of same.steps) events.push({ ...step, at: m((t += gap)) });
        const fresh = computeClocks({ events, targets: same.policies[0].targets, pausedStatuses: same.policies[0].paused, now, time: plain });
        expect(last).toEqual(fresh.map((c) => ({ ...c, policyId: "pol_a" })));
      }),
      { numRuns: 300 },
    );
  });

  it("a clock without a reached outcome is kept only if this evaluation computes it, and clocks stay ordered by metric then instance", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const results = run(scenario);
        for (const [i, clocks] of results.entries()) {
          const before = i === 0 ? [] : results[i - 1]!;
          for (const c of clocks.filter((c) => outcomeOf(c) === null)) expect(before.find((b) => key(b) === key(c) && outcomeOf(b) !== null)).toBeUndefined();
          const order = clocks.map((c) => SLA_METRICS.indexOf(c.metric) * 1000 + c.instance);
          expect(order).toEqual([...order].sort((a, b) => a - b));
          expect(new Set(clocks.map(key)).size).toBe(clocks.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("isKept (the SLA panel's note)", () => {
  it("a clock computed under the policy and target that apply now is not kept; one from another policy, priority or target is", () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom("urgent", "normal"), (scenario, priority) => {
        const [a, b] = scenario.policies;
        const policy = { id: a.id, targets: { [priority]: a.targets } };
        const events = [...created];
        for (const c of computeClocks({ events, targets: a.targets, pausedStatuses: a.paused, now: m(500), time: plain })) {
          expect(isKept({ ...c, policyId: a.id }, policy, priority)).toBe(false);
          expect(isKept({ ...c, policyId: a.id }, policy, priority === "urgent" ? "normal" : "urgent")).toBe(true);
          expect(isKept({ ...c, policyId: b.id }, policy, priority)).toBe(true);
          expect(isKept({ ...c, policyId: a.id }, null, priority)).toBe(true);
          expect(isKept({ ...c, policyId: a.id, targetMinutes: c.targetMinutes + 1 }, policy, priority)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
