import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CUSTOMER_TIERS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_TYPES } from "../../schema";
import { checkConditions, choosePolicy, describeMatch, type PolicyConditions, type SlaPolicy, type TicketFacts } from "../../workers/core/sla/policy-match";

const facts = (overrides: Partial<TicketFacts> = {}): TicketFacts => ({
  priority: "normal",
  type: "question",
  channel: "email",
  customerTier: "standard",
  groupId: null,
  tags: [],
  ...overrides,
});

const policy = (id: string, position: number, conditions: PolicyConditions = {}, active = true): SlaPolicy => ({
  id,
  name: `Policy ${id}`,
  position,
  active,
  conditions,
  targets: { urgent: { first_reply: { minutes: 60, businessHours: false } } },
});

describe("choosePolicy", () => {
  it("returns null when there are no policies or none matches", () => {
    expect(choosePolicy([], facts())).toBeNull();
    expect(choosePolicy([policy("a", 1, { priorities: ["urgent"] })], facts())).toBeNull();
  });

  it("a policy without conditions applies to every ticket and says so", () => {
    const result = choosePolicy([policy("all", 1)], facts());
    expect(result?.policy.id).toBe("all");
    expect(result?.reasons).toEqual(["no conditions: applies to every ticket"]);
  });

  it("empty condition lists mean any", () => {
    const result = choosePolicy([policy("e", 1, { priorities: [], types: [], channels: [], customerTiers: [], groupIds: [], tagsAny: [], tagsAll: [] })], facts());
    expect(result?.reasons).toEqual(["no conditions: applies to every ticket"]);
  });

  it("tries policies by position, not by array order or name", () => {
    const policies = [policy("catch-all", 10), policy("urgent", 1, { priorities: ["urgent", "high"] }), policy("aaa", 5, { types: ["complaint"] })];
    expect(choosePolicy(policies, facts({ priority: "urgent" }))?.policy.id).toBe("urgent");
    expect(choosePolicy(policies, facts({ type: "complaint" }))?.policy.id).toBe("aaa");
    expect(choosePolicy(policies, facts())?.policy.id).toBe("catch-all");
  });

  it("breaks position ties by id, whatever the input order", () => {
    expect(choosePolicy([policy("b", 1), policy("a", 1)], facts())?.policy.id).toBe("a");
    expect(choosePolicy([policy("a", 1), policy("b", 1)], facts())?.policy.id).toBe("a");
  });

  it("skips inactive policies", () => {
    const policies = [policy("off", 1, {}, false), policy("on", 2)];
    expect(choosePolicy(policies, facts())?.policy.id).toBe("on");
    expect(choosePolicy([policy("off", 1, {}, false)], facts())).toBeNull();
  });

  it("explains every condition in plain English", () => {
    const result = choosePolicy(
      [
        policy("vip", 1, {
          priorities: ["urgent", "high"],
          types: ["incident"],
          channels: ["email", "web"],
          customerTiers: ["vip"],
          groupIds: ["grp_1"],
          tagsAny: ["billing", "refund", "outage"],
          tagsAll: ["priority_support"],
        }),
      ],
      facts({ priority: "urgent", type: "incident", channel: "web", customerTier: "vip", groupId: "grp_1", tags: ["refund", "billing", "priority_support"] }),
    );
    expect(result?.reasons).toEqual([
      "priority is urgent (policy: urgent, high)",
      "type is incident",
      "channel is web (policy: email, web)",
      "customer tier is vip",
      "group is grp_1",
      "has tags billing, refund (policy: any of billing, outage, refund)",
      "has tag priority_support",
    ]);
  });

  it("says the same as data: each condition with the ticket's and the policy's values, the words derived from it", () => {
    const vip = policy("vip", 1, { priorities: ["urgent", "high"], customerTiers: ["vip"], groupIds: ["grp_1"], tagsAny: ["Refund", "billing"], tagsAll: ["a"] });
    const result = choosePolicy([vip], facts({ priority: "urgent", customerTier: "vip", groupId: "grp_1", tags: ["refund", "a"] }));
    expect(result?.matched).toEqual([
      { condition: "priority", values: ["urgent"], allowed: ["urgent", "high"] },
      { condition: "customerTier", values: ["vip"], allowed: ["vip"] },
      { condition: "groupId", values: ["grp_1"], allowed: ["grp_1"] },
      { condition: "tagsAny", values: ["refund"], allowed: ["billing", "refund"] },
      { condition: "tagsAll", values: ["a"], allowed: ["a"] },
    ]);
    expect(result?.reasons).toEqual(result?.matched.map(describeMatch));
    expect(choosePolicy([policy("all", 1)], facts())?.matched).toEqual([{ condition: "none", values: [], allowed: [] }]);
  });

  it("groupIds never match a ticket without a group", () => {
    expect(choosePolicy([policy("g", 1, { groupIds: ["grp_1"] })], facts({ groupId: null }))).toBeNull();
    expect(choosePolicy([policy("g", 1, { groupIds: ["grp_1"] })], facts({ groupId: "grp_2" }))).toBeNull();
    expect(choosePolicy([policy("g", 1, { groupIds: ["grp_1"] })], facts({ groupId: "grp_1" }))?.policy.id).toBe("g");
  });

  it("tagsAny needs one tag, tagsAll needs every tag; tags compare as tickets store them", () => {
    const any = policy("any", 1, { tagsAny: ["Billing Issue", "refund"] });
    const all = policy("all", 1, { tagsAll: ["a", "b"] });
    expect(choosePolicy([any], facts({ tags: ["billing_issue"] }))?.reasons).toEqual(["has tag billing_issue (policy: any of billing_issue, refund)"]);
    expect(choosePolicy([any], facts({ tags: ["other"] }))).toBeNull();
    expect(choosePolicy([all], facts({ tags: ["a"] }))).toBeNull();
    expect(choosePolicy([all], facts({ tags: ["b", "a", "c"] }))?.reasons).toEqual(["has all tags a, b"]);
  });

  it("says why a policy fails", () => {
    const check = checkConditions({ priorities: ["urgent"], groupIds: ["grp_1"], tagsAll: ["x", "y"] }, facts({ tags: ["x"] }));
    expect(check.matches).toBe(false);
    expect(check.failures).toEqual(["priority is normal, not urgent", "group is not set, not grp_1", "lacks tag y (policy: all of x, y)"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, against an independent oracle of what "every condition holds" means.

const GROUPS = ["grp_1", "grp_2", "grp_3"];
const TAGS = ["a", "b", "c", "d"];
const someOf = <T>(values: readonly T[]) => fc.option(fc.subarray([...values]), { nil: undefined });

const conditionsArb: fc.Arbitrary<PolicyConditions> = fc.record({
  priorities: someOf(TICKET_PRIORITIES),
  types: someOf(TICKET_TYPES),
  channels: someOf(TICKET_CHANNELS),
  customerTiers: someOf(CUSTOMER_TIERS),
  groupIds: someOf(GROUPS),
  tagsAny: someOf(TAGS),
  tagsAll: someOf(TAGS),
});
const factsArb: fc.Arbitrary<TicketFacts> = fc.record({
  priority: fc.constantFrom(...TICKET_PRIORITIES),
  type: fc.constantFrom(...TICKET_TYPES),
  channel: fc.constantFrom(...TICKET_CHANNELS),
  customerTier: fc.constantFrom(...CUSTOMER_TIERS),
  groupId: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
  tags: fc.subarray(TAGS),
});
const policiesArb = fc
  .array(fc.record({ position: fc.integer({ min: 0, max: 20 }), active: fc.boolean(), conditions: conditionsArb }), { maxLength: 8 })
  .map((rows) => rows.map((r, i): SlaPolicy => ({ id: `p${i}`, name: `P${i}`, targets: {}, ...r })));

function holds(c: PolicyConditions, f: TicketFacts): boolean {
  const ok = <T>(list: T[] | undefined, value: T) => !list || list.length === 0 || list.includes(value);
  return (
    ok(c.priorities, f.priority) &&
    ok(c.types, f.type) &&
    ok(c.channels, f.channel) &&
    ok(c.customerTiers, f.customerTier) &&
    (!c.groupIds || c.groupIds.length === 0 || (f.groupId !== null && c.groupIds.includes(f.groupId))) &&
    (!c.tagsAny || c.tagsAny.length === 0 || c.tagsAny.some((t) => f.tags.includes(t))) &&
    (!c.tagsAll || c.tagsAll.every((t) => f.tags.includes(t)))
  );
}
const before = (a: SlaPolicy, b: SlaPolicy) => a.position < b.position || (a.position === b.position && a.id < b.id);

describe("choosePolicy properties", () => {
  it("the chosen policy is active and its conditions all hold; every active policy tried before it fails one", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, (policies, f) => {
        const result = choosePolicy(policies, f);
        const candidates = policies.filter((p) => p.active && holds(p.conditions, f));
        if (!result) return candidates.length === 0;
        expect(result.policy.active).toBe(true);
        expect(holds(result.policy.conditions, f)).toBe(true);
        for (const p of policies) if (p.active && before(p, result.policy)) expect(holds(p.conditions, f)).toBe(false);
        expect(result.reasons.length).toBeGreaterThan(0);
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it("never chooses an inactive policy, and deactivating every other policy cannot change a match into another", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, (policies, f) => {
        const result = choosePolicy(policies, f);
        if (result) expect(result.policy.active).toBe(true);
        const allOff = policies.map((p) => ({ ...p, active: false }));
        expect(choosePolicy(allOff, f)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("order matters by position only: shuffling the input gives the same answer; moving the chosen policy last can change it", () => {
    fc.assert(
      fc.property(policiesArb, factsArb, fc.integer(), (policies, f, seed) => {
        const shuffled = [...policies].sort((a, b) => ((a.id.charCodeAt(1) * 31 + seed) % 7) - ((b.id.charCodeAt(1) * 31 + seed) % 7));
        expect(choosePolicy(shuffled, f)?.policy.id).toBe(choosePolicy(policies, f)?.policy.id);
        const result = choosePolicy(policies, f);
        if (!result) return;
        const moved = policies.map((p) => (p.id === result.policy.id ? { ...p, position: 1000 } : p));
        const other = policies.find((p) => p.id !== result.policy.id && p.active && holds(p.conditions, f));
        const again = choosePolicy(moved, f);
        if (other) expect(again?.policy.id).not.toBe(result.policy.id);
        else expect(again?.policy.id).toBe(result.policy.id);
      }),
      { numRuns: 300 },
    );
  });

  it("reasons name one line per condition the policy sets", () => {
    fc.assert(
      fc.property(conditionsArb, factsArb, (c, f) => {
        const check = checkConditions(c, f);
        expect(check.matches).toBe(holds(c, f));
        const set = [c.priorities, c.types, c.channels, c.customerTiers, c.groupIds, c.tagsAny, c.tagsAll].filter((l) => l && l.length > 0).length;
        expect(check.reasons.length + check.failures.length).toBe(Math.max(set, 1));
        if (set === 0) expect(check.reasons).toEqual(["no conditions: applies to every ticket"]);
      }),
      { numRuns: 300 },
    );
  });
});
