import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Action, Condition, type Conditions } from "../../workers/core/rules/rule-schema";
import { missingReferences, notifyProblems, triggerReferences, type ReferenceKind } from "../../workers/core/rules/trigger-references";

const id = fc.stringMatching(/^[a-z]{3}_[0-9a-z]{1,8}$/);
const mail = { subject: { en: "s" }, body: { en: "b" } };

/** A condition or action with the ids it names, as (kind, id) pairs the references must list. */
type Named<T> = { value: T; named: [ReferenceKind, string][] };

const none: [ReferenceKind, string][] = [];
const conditions: fc.Arbitrary<Named<Condition>> = fc.oneof<fc.Arbitrary<Named<Condition>>[]>(
  fc.array(id, { minLength: 1, maxLength: 4 }).map((ids) => ({ value: Condition.parse({ field: "support_address", op: "is", value: ids }), named: ids.map((i) => ["support_address", i] as [ReferenceKind, string]) })),
  fc.array(fc.option(id, { nil: null }), { minLength: 1, maxLength: 4 }).chain((ids) =>
    fc.constantFrom("group" as const, "assignee" as const).map((field) => ({
      value: Condition.parse({ field, op: "is_not", value: ids }),
      named: ids.filter((i): i is string => i !== null).map((i) => [field === "group" ? "group" : "user", i] as [ReferenceKind, string]),
    })),
  ),
  id.map((i) => ({ value: Condition.parse({ field: "business_hours", op: "within", calendarId: i }), named: [["calendar", i]] as [ReferenceKind, string][] })),
  fc.option(id, { nil: null }).map((i) => ({ value: Condition.parse({ field: "hours_since", since: "created", op: "gt", value: 1, calendarId: i }), named: i === null ? [] : ([["calendar", i]] as [ReferenceKind, string][]) })),
  fc.constant({ value: Condition.parse({ field: "text", op: "contains_any", value: ["退款"] }), named: none }),
);

const actions: fc.Arbitrary<Named<Action>> = fc.oneof<fc.Arbitrary<Named<Action>>[]>(
  fc.option(id, { nil: null }).map((i) => ({ value: Action.parse({ type: "set_group", groupId: i }), named: i === null ? [] : ([["group", i]] as [ReferenceKind, string][]) })),
  fc.option(id, { nil: null }).map((i) => ({ value: Action.parse({ type: "set_assignee", assigneeId: i }), named: i === null ? [] : ([["user", i]] as [ReferenceKind, string][]) })),
  id.map((i) => ({ value: Action.parse({ type: "email_agent", userId: i, ...mail }), named: [["user", i]] as [ReferenceKind, string][] })),
  id.map((i) => ({ value: Action.parse({ type: "email_group", groupId: i, ...mail }), named: [["group", i]] as [ReferenceKind, string][] })),
  id.map((i) => ({ value: Action.parse({ type: "apply_macro", macroId: i }), named: [["macro", i]] as [ReferenceKind, string][] })),
  id.map((i) => ({ value: Action.parse({ type: "call_webhook", webhookId: i }), named: [["webhook", i]] as [ReferenceKind, string][] })),
  id.map((i) => ({ value: Action.parse({ type: "notify", to: "user", id: i, text: "t" }), named: [["user", i]] as [ReferenceKind, string][] })),
  id.map((i) => ({ value: Action.parse({ type: "notify", to: "group", id: i, text: "t" }), named: [["group", i]] as [ReferenceKind, string][] })),
  fc.constant({ value: Action.parse({ type: "set_priority", value: "urgent" }), named: none }),
);

const rules = fc.record({ all: fc.array(conditions, { maxLength: 4 }), any: fc.array(conditions, { maxLength: 4 }), actions: fc.array(actions, { maxLength: 5 }) });

/** The value at a dotted path (`actions.0.groupId`). */
const at = (root: unknown, path: string) => path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);

describe("trigger references", () => {
  it("lists every id the conditions and actions name, in order, each at a path that holds it", () => {
    fc.assert(
      fc.property(rules, (r) => {
        const rule = { conditions: { all: r.all.map((c) => c.value), any: r.any.map((c) => c.value) } satisfies Conditions, actions: r.actions.map((a) => a.value) };
        const references = triggerReferences(rule);
        expect(references.map((x) => [x.kind, x.id])).toEqual([...r.all, ...r.any, ...r.actions].flatMap((n) => n.named));
        for (const ref of references) expect(at(rule, ref.field)).toBe(ref.id);
      }),
    );
  });

  it("reports exactly the references whose id is not found among its kind, on their fields", () => {
    fc.assert(
      fc.property(rules, fc.func(fc.boolean()), (r, present) => {
        const rule = { conditions: { all: r.all.map((c) => c.value), any: r.any.map((c) => c.value) }, actions: r.actions.map((a) => a.value) };
        const references = triggerReferences(rule);
        const kept = references.filter((x) => present(x.kind, x.id));
        const found = { group: new Set<string>(), user: new Set<string>(), support_address: new Set<string>(), calendar: new Set<string>(), webhook: new Set<string>(), macro: new Set<string>() };
        for (const x of kept) found[x.kind].add(x.id);
        const missing = missingReferences(references, found);
        expect(missing.map((m) => m.field)).toEqual(references.filter((x) => !found[x.kind].has(x.id)).map((x) => x.field));
        expect(missing.every((m) => m.code.endsWith("_not_found"))).toBe(true);
      }),
    );
  });

  it("wants a notice to a person or group to name one, and one to the assignee to name no one", () => {
    const notify = (to: "assignee" | "user" | "group", id: string | null) => Action.parse({ type: "notify", to, id, text: "t" });
    expect(notifyProblems([notify("assignee", null), notify("user", "usr_1"), notify("group", "grp_1")])).toEqual([]);
    expect(notifyProblems([notify("user", null), Action.parse({ type: "set_priority", value: "low" }), notify("assignee", "usr_1"), notify("group", null)]).map((p) => p.field)).toEqual([
      "actions.0.id",
      "actions.2.id",
      "actions.3.id",
    ]);
  });
});
