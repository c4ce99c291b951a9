import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tagsDiff } from "../../web/src/pages/macros/tags-diff";

const tags = fc.uniqueArray(fc.constantFrom("refund", "vip", "late", "退款", "broken_item"), { maxLength: 5 });

describe("a tags change as the macro preview shows it", () => {
  it("the added are in the new list and not the old, the removed the reverse; applied to the old list they give the new one's set", () => {
    fc.assert(
      fc.property(tags, tags, (from, to) => {
        const { added, removed } = tagsDiff({ from: JSON.stringify(from), to: JSON.stringify(to) });
        for (const tag of added) expect(to.includes(tag) && !from.includes(tag)).toBe(true);
        for (const tag of removed) expect(from.includes(tag) && !to.includes(tag)).toBe(true);
        expect(new Set([...from.filter((t) => !removed.includes(t)), ...added])).toEqual(new Set(to));
      }),
    );
  });

  it("no list (null) or a malformed one is empty", () => {
    expect(tagsDiff({ from: null, to: '["refund"]' })).toEqual({ added: ["refund"], removed: [] });
    expect(tagsDiff({ from: "not json", to: null })).toEqual({ added: [], removed: [] });
  });
});
