import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BoundedMap } from "../../workers/core/bounded-map";

describe("a map kept per isolate, bounded", () => {
  it("holds the newest `max` keys set, each with its last value, however many are set", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer())), (max, sets) => {
        const map = new BoundedMap<number, number>(max);
        for (const [key, value] of sets) map.set(key, value);
        // A model: the keys in the order they were last set, the oldest first.
        const lastSet = new Map<number, number>();
        for (const [key, value] of sets) {
          lastSet.delete(key);
          lastSet.set(key, value);
        }
        expect([...map]).toEqual([...lastSet].slice(-max));
      }),
    );
  });
});
