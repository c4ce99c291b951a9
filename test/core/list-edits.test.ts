import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rowEdits } from "../../web/src/pages/admin/list-edits";

describe("a rule row's edits of its list (conditions, actions)", () => {
  it("replaces or removes exactly that row and leaves the list it was given as it was", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { minLength: 1, maxLength: 10 }).chain((list) => fc.tuple(fc.constant(list), fc.nat({ max: list.length - 1 }), fc.integer())),
        ([list, index, next]) => {
          const before = [...list];
          let changed: number[] = [];
          const edits = rowEdits(list, index, (n) => (changed = n));
          edits.onChange(next);
          expect(changed).toEqual([...before.slice(0, index), next, ...before.slice(index + 1)]);
          edits.onRemove();
          expect(changed).toEqual([...before.slice(0, index), ...before.slice(index + 1)]);
          expect(list).toEqual(before);
        },
      ),
    );
  });
});
