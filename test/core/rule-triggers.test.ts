import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_PRIORITIES, TICKET_TYPES } from "../../schema";
import { planActions } from "../../workers/core/rules/rule-actions";
import { RULE_EVENTS, type Action, type Condition } from "../../workers/core/rules/rule-schema";
import { MAX_TRIGGER_PASSES, runTriggers, selectTriggers, type RuleTrigger } from "../../workers/core/rules/rule-triggers";
import { factsOf } from "./rule-fixtures";

let serial = 0;
const trigger = (over: Partial<RuleTrigger>): RuleTrigger => ({
  id: `trg_${++serial}`,
  name: "A trigger",
  position: serial,
  active: true,
  events: ["ticket_created"],
  conditions: { all: [], any: [] },
  actions: [{ type: "add_note", body: "hi" }],
  ...over,
});

const fieldAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant("set_priority" as const), value: fc.constantFrom(...TICKET_PRIORITIES) }),
  fc.record({ type: fc.constant("set_type" as const), value: fc.constantFrom(...TICKET_TYPES) }),
  fc.record({ type: fc.constant("set_status" as const), value: fc.constantFrom("open" as const, "pending" as const, "solved" as const, "new" as const, "closed" as const) }),
  fc.record({ type: fc.constant("set_group" as const), groupId: fc.constantFrom(null, "grp_1", "grp_2") }),
  fc.record({ type: fc.constantFrom("add_tags" as const, "remove_tags" as const), tags: fc.array(fc.constantFrom("vip", "refund", "Late"), { minLength: 1, maxLength: 2 }) }),
);
const whenCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field: fc.constant("priority" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.subarray([...TICKET_PRIORITIES], { minLength: 1 }) }),
  fc.record({ field: fc.constant("tags" as const), op: fc.constantFrom("contains_any" as const, "contains_none" as const), value: fc.array(fc.constantFrom("vip", "refund", "late"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ field: fc.constant("changed" as const), changed: fc.constantFrom("priority" as const, "status" as const, "groupId" as const) }),
);
const arbitraryTrigger = fc
  .record({
    id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
    position: fc.integer({ min: 0, max: 10 }),
    active: fc.boolean(),
    events: fc.subarray([...RULE_EVENTS], { minLength: 1 }),
    all: fc.array(whenCondition, { maxLength: 2 }),
    actions: fc.array(fieldAction, { minLength: 1, maxLength: 3 }),
  })
  .map(({ all, id, ...t }) => ({ ...t, id, name: `Trigger ${id}`, conditions: { all, any: [] } }) satisfies RuleTrigger);
const triggers = fc.uniqueArray(arbitraryTrigger, { selector: (t) => t.id, maxLength: 8 });
const event = fc.constantFrom(...RULE_EVENTS);

describe("trigger selection and chains (pure)", () => {
  it("a trigger fires at most once per causing event, only if active, and the run ends within the pass bound", () => {
    fc.assert(
      fc.property(triggers, event, (ts, ev) => {
        const run = runTriggers(ts, factsOf({ event: ev }));
        const ids = run.fired.map((f) => f.trigger.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const f of run.fired) {
          expect(f.trigger.active).toBe(true);
          expect(f.pass).toBeLessThanOrEqual(MAX_TRIGGER_PASSES);
          expect(f.reasons).toHaveLength(f.trigger.conditions.all.length);
        }
      }),
    );
  });

  it("without chaining, the run's first triggers are those selectTriggers picks, in order", () => {
    fc.assert(
      fc.property(triggers, event, (ts, ev) => {
        const facts = factsOf({ event: ev });
        const selected = selectTriggers(ts, ev, facts);
        const sorted = selected.map((t) => t.position);
        expect([...sorted].sort((a, b) => a - b)).toEqual(sorted);
        const alsoUpdated = ev === "ticket_solved" || ev === "ticket_reopened";
        for (const t of selected) expect(t.active && (t.events.includes(ev) || (alsoUpdated && t.events.includes("ticket_updated")))).toBe(true);
        // Triggers that change nothing raise no ticket_updated: then the run is the selection.
        const inert = ts.map((t) => ({ ...t, actions: [{ type: "add_note", body: "x" }] as Action[] }));
        expect(runTriggers(inert, facts).fired.map((f) => f.trigger.id)).toEqual(selectTriggers(inert, ev, facts).map((t) => t.id));
      }),
    );
  });

  it("the run's patch is what its triggers changed, applied in order", () => {
    fc.assert(
      fc.property(triggers, (ts) => {
        const facts = factsOf();
        const run = runTriggers(ts, facts);
        if (run.fired.every((f) => f.changes.length === 0)) expect(run.patch).toEqual({});
        for (const [field, value] of Object.entries(run.patch)) expect(run.ticket[field as keyof typeof run.ticket]).toEqual(value);
      }),
    );
  });

  it("an inactive trigger, or one for another event, does not fire", () => {
    const off = trigger({ active: false });
    const other = trigger({ events: ["agent_replied"] });
    expect(runTriggers([off, other], factsOf()).fired).toEqual([]);
    expect(runTriggers([off, other], factsOf({ event: "agent_replied" })).fired.map((f) => f.trigger.id)).toEqual([other.id]);
  });

  it("a change raises ticket_updated for later triggers in the same pass and for earlier ones in the next", () => {
    const watchesPriority = trigger({ position: 1, events: ["ticket_updated"], conditions: { all: [{ field: "changed", changed: "priority", to: "urgent" }], any: [] }, actions: [{ type: "add_tags", tags: ["escalated"] }] });
    const refund = trigger({ position: 2, conditions: { all: [{ field: "text", op: "contains_any", value: ["退款"] }], any: [] }, actions: [{ type: "set_priority", value: "urgent" }, { type: "set_group", groupId: "grp_tier2" }] });
    const afterTag = trigger({ position: 3, events: ["ticket_updated"], conditions: { all: [{ field: "tags", op: "contains_any", value: ["escalated"] }], any: [] }, actions: [{ type: "set_type", value: "complaint" }] });
    const run = runTriggers([watchesPriority, refund, afterTag], factsOf());
    expect(run.fired.map((f) => [f.trigger.id, f.pass])).toEqual([
      [refund.id, 1],
      [watchesPriority.id, 2],
      [afterTag.id, 2],
    ]);
    expect(run.patch).toEqual({ priority: "urgent", groupId: "grp_tier2", tags: ["escalated"], type: "complaint" });
  });

  it("a chain longer than the bound stops after MAX_TRIGGER_PASSES passes", () => {
    // Each trigger waits for the one after it: trigger k fires in pass k.
    const chain = Array.from({ length: MAX_TRIGGER_PASSES + 3 }, (_, k) =>
      trigger({
        position: 100 - k,
        events: k === 0 ? ["ticket_created"] : ["ticket_updated"],
        conditions: { all: k === 0 ? [] : [{ field: "tags", op: "contains_any", value: [`step${k - 1}`] }], any: [] },
        actions: [{ type: "add_tags", tags: [`step${k}`] }],
      }),
    );
    const run = runTriggers(chain, factsOf());
    expect(run.fired).toHaveLength(MAX_TRIGGER_PASSES);
    expect(run.fired.map((f) => f.pass)).toEqual(Array.from({ length: MAX_TRIGGER_PASSES }, (_, i) => i + 1));
  });

  it("a trigger that solves raises ticket_solved; one that cannot move the status leaves it", () => {
    const solve = trigger({ position: 1, actions: [{ type: "set_status", value: "solved" }] });
    const onSolved = trigger({ position: 0, events: ["ticket_solved"], actions: [{ type: "add_tags", tags: ["done"] }] });
    const run = runTriggers([onSolved, solve], factsOf({}, { status: "open" }));
    expect(run.fired.map((f) => f.trigger.id)).toEqual([solve.id, onSolved.id]);
    expect(run.ticket.solvedAt).toEqual(factsOf().now);
    const back = trigger({ actions: [{ type: "set_status", value: "new" }, { type: "set_priority", value: "high" }] });
    expect(runTriggers([back], factsOf({}, { status: "open" })).patch).toEqual({ priority: "high" });
  });

  it("a solve or a reopen is an update too: ticket_updated triggers run for it", () => {
    const onUpdate = trigger({ events: ["ticket_updated"], actions: [{ type: "add_tags", tags: ["touched"] }] });
    for (const event of ["ticket_solved", "ticket_reopened"] as const) expect(runTriggers([onUpdate], factsOf({ event })).patch).toEqual({ tags: ["touched"] });
    expect(runTriggers([onUpdate], factsOf({ event: "agent_replied" })).fired).toEqual([]);
  });

  it("no triggers, or no event: nothing runs", () => {
    expect(runTriggers([], factsOf())).toMatchObject({ fired: [], patch: {} });
    expect(runTriggers([trigger({})], factsOf({ event: null })).fired).toEqual([]);
  });
});

describe("planActions (pure)", () => {
  it("field actions become one change, the rest effects in order; a later action on a field wins", () => {
    const { change, effects } = planActions(
      [
        { type: "set_priority", value: "high" },
        { type: "add_note", body: "n" },
        { type: "set_priority", value: "urgent" },
        { type: "add_tags", tags: ["Refund", "vip"] },
        { type: "remove_tags", tags: ["vip"] },
        { type: "call_webhook", webhookId: "whk_1" },
        { type: "set_group", groupId: null },
      ],
      { status: "new", priority: "normal", type: "question", groupId: null, assigneeId: null },
    );
    expect(change).toEqual({ priority: "urgent", addTags: ["refund"], removeTags: ["vip"] });
    expect(effects.map((e) => e.type)).toEqual(["add_note", "call_webhook"]);
  });

  it("every action is either in the change or an effect, never both", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fieldAction, fc.constant<Action>({ type: "assign_by_group_method" }), fc.constant<Action>({ type: "apply_macro", macroId: "mac_1" })), { minLength: 1, maxLength: 6 }), (actions) => {
        const { effects } = planActions(actions, { status: "open", priority: "normal", type: "question", groupId: null, assigneeId: null });
        expect(effects).toEqual(actions.filter((a) => a.type === "assign_by_group_method" || a.type === "apply_macro"));
      }),
    );
  });
});
