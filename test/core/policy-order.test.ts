import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choosePolicy, type PolicyConditions, type SlaPolicy, type TicketFacts } from "../../workers/core/sla/policy-match";
import { bottomPosition, isCatchAll, shadowedBy } from "../../workers/core/sla/policy-order";

const conditionsArb: fc.Arbitrary<PolicyConditions> = fc.oneof(
  fc.constant({}),
  fc.constant<PolicyConditions>({ priorities: [] }),
  fc.record({ priorities: fc.subarray(["low", "normal", "high", "urgent"] as const, { minLength: 1 }) }),
  fc.record({ channels: fc.subarray(["email", "web", "api"] as const, { minLength: 1 }) }),
  fc.record({ tagsAny: fc.array(fc.constantFrom("vip", "refund"), { minLength: 1, maxLength: 2 }) }),
);

/** Policies at positions 0..n-1 (as the store keeps them), in any mix of catch-alls and specific ones. */
const policiesArb = fc.array(fc.record({ active: fc.boolean(), conditions: conditionsArb }), { maxLength: 8 }).map((list) =>
  list.map((p, position): SlaPolicy => ({ id: `sla_${String(position).padStart(2, "0")}`, name: `P${position}`, position, targets: {}, ...p })),
);

/** The store's insert: every policy at or after the position moves down one. */
function inserted(existing: SlaPolicy[], incoming: SlaPolicy, position: number): SlaPolicy[] {
  return [...existing.map((p) => (p.position >= position ? { ...p, position: p.position + 1 } : p)), { ...incoming, position }];
}

const facts: TicketFacts = { priority: "urgent", type: "question", channel: "email", customerTier: "vip", groupId: null, tags: ["vip", "refund"] };

describe("where a new SLA policy goes", () => {
  it("a new policy with conditions is never shadowed, and applies to a ticket no earlier specific policy takes", () => {
    fc.assert(
      fc.property(policiesArb, conditionsArb, (existing, conditions) => {
        fc.pre(!isCatchAll(conditions));
        const incoming: SlaPolicy = { id: "sla_new", name: "New", position: -1, active: true, conditions, targets: {} };
        const after = inserted(existing, incoming, bottomPosition(existing, conditions));
        expect(shadowedBy(after).has("sla_new")).toBe(false);
        // Policies that were not shadowed before stay unshadowed: nothing specific moved below a catch-all.
        const before = shadowedBy(existing);
        for (const p of existing) if (!before.has(p.id)) expect(shadowedBy(after).has(p.id)).toBe(false);
        // A ticket that matches the new policy and no earlier specific one gets it.
        const chosen = choosePolicy(after, facts);
        const earlier = after.filter((p) => p.active && p.position < after.find((q) => q.id === "sla_new")!.position && !isCatchAll(p.conditions));
        if (choosePolicy([{ ...incoming, position: 0 }], facts) && !choosePolicy(earlier, facts)) expect(chosen?.policy.id).toBe("sla_new");
      }),
    );
  });

  it("a new catch-all goes last; the specific policies keep their order", () => {
    fc.assert(
      fc.property(policiesArb, (existing) => {
        expect(bottomPosition(existing, {})).toBe(existing.length);
        const specific = (list: SlaPolicy[]) => [...list].sort((a, b) => a.position - b.position).filter((p) => !isCatchAll(p.conditions)).map((p) => p.id);
        const incoming: SlaPolicy = { id: "sla_zz", name: "New", position: -1, active: true, conditions: { channels: ["email"] }, targets: {} };
        const after = inserted(existing, incoming, bottomPosition(existing, incoming.conditions));
        expect(specific(after).filter((id) => id !== "sla_zz")).toEqual(specific(existing));
      }),
    );
  });

  it("shadowedBy names the first active catch-all above; an inactive catch-all shadows nothing", () => {
    const p = (id: string, position: number, active: boolean, conditions: PolicyConditions): SlaPolicy => ({ id, name: id, position, active, conditions, targets: {} });
    const list = [p("a", 0, false, {}), p("b", 1, true, { priorities: ["urgent"] }), p("c", 2, true, { tagsAny: [] }), p("d", 3, true, { channels: ["email"] }), p("e", 4, false, {})];
    expect([...shadowedBy(list)]).toEqual([
      ["d", "c"],
      ["e", "c"],
    ]);
  });
});
