import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newOrder } from "../../workers/core/rules/rule-order";

const rules = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 12 }).map((ids) => ids.map((id, position) => ({ id, position, name: `rule ${id}` })));

describe("newOrder", () => {
  it("takes any permutation: the rules in the new order, positions 0…n-1, and writes only the ones that moved", () => {
    fc.assert(
      fc.property(rules.chain((current) => fc.tuple(fc.constant(current), fc.shuffledSubarray(current, { minLength: current.length, maxLength: current.length }))), ([current, shuffled]) => {
        const ids = shuffled.map((r) => r.id);
        const order = newOrder(current, ids);
        expect(order?.rows.map((r) => r.id)).toEqual(ids);
        expect(order?.rows.map((r) => r.position)).toEqual(ids.map((_, i) => i));
        expect(order?.rows.map((r) => r.name)).toEqual(shuffled.map((r) => r.name));
        expect(order?.moved).toEqual(ids.flatMap((id, position) => (current.find((r) => r.id === id)!.position === position ? [] : [{ id, position }])));
      }),
    );
  });

  it("refuses a list that leaves a rule out, names one twice or names an unknown one", () => {
    const current = [{ id: "a", position: 0 }, { id: "b", position: 1 }];
    expect(newOrder(current, ["a"])).toBeNull();
    expect(newOrder(current, ["a", "a"])).toBeNull();
    expect(newOrder(current, ["a", "c"])).toBeNull();
    expect(newOrder(current, ["a", "b", "c"])).toBeNull();
    expect(newOrder(current, ["b", "a"])?.moved).toEqual([{ id: "b", position: 0 }, { id: "a", position: 1 }]);
  });
});
