import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The module reads the app's wording at load (through the api client's session).
vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
let counts: typeof import("../../web/src/pages/agent/use-ticket-counts");
beforeAll(async () => void (counts = await import("../../web/src/pages/agent/use-ticket-counts")));

// The saved views' tabs and the takeable-work panel count through the one hook, in one request (docs/web.md, view counts).
describe("ticket counts", () => {
  it("a count reads as its number, with a + when the list has more, and ? when it has none", () => {
    fc.assert(
      fc.property(fc.nat(counts.COUNT_LIMIT), fc.boolean(), (count, more) => {
        const label = counts.countLabel({ count, more });
        expect(Number.parseInt(label, 10)).toBe(count);
        expect(label.endsWith("+")).toBe(more);
      }),
    );
    expect(counts.countLabel({ count: null, more: false })).toBe("?");
  });

  it("the callers' queries sent together come back to each caller, in order, in chunks the API takes", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 30 }), { maxLength: 8 }), (callers) => {
        const all = callers.flat();
        const chunks = counts.chunksOf(all, counts.MAX_COUNTED);
        expect(chunks.every((c) => c.length >= 1 && c.length <= counts.MAX_COUNTED)).toBe(true);
        expect(chunks.flat()).toEqual(all);
        expect(counts.splitBack(callers.map((c) => c.length), all)).toEqual(callers);
      }),
    );
  });
});
