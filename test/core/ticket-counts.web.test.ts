import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The module reads the app's wording at load (through the api client's session).
vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
let counts: typeof import("../../web/src/pages/agent/use-ticket-counts");
beforeAll(async () => void (counts = await import("../../web/src/pages/agent/use-ticket-counts")));

// The saved views' tabs and the takeable-work panel count through the one hook (docs/web.md, view counts).
describe("ticket counts", () => {
  it("a count reads as its number, with a + when the list has more", () => {
    fc.assert(
      fc.property(fc.nat(counts.COUNT_LIMIT), fc.boolean(), (count, more) => {
        const label = counts.countLabel({ count, more });
        expect(Number.parseInt(label, 10)).toBe(count);
        expect(label.endsWith("+")).toBe(more);
      }),
    );
  });
});
