import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oldestSelected } from "../../web/src/pages/agent/merge-target";

const ticket = fc.record({ id: fc.constantFrom("a", "b", "c", "d", "e"), number: fc.integer({ min: 1, max: 50 }), createdAt: fc.date({ min: new Date("2026-01-01"), max: new Date("2026-12-31"), noInvalidDate: true }).map((d) => d.toISOString()) });

describe("the bulk merge's proposed target", () => {
  it("is a selected ticket, and none selected and known is older (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1 }), fc.uniqueArray(ticket, { selector: (t) => t.id }), (ids, known) => {
        const target = oldestSelected(ids, known)!;
        expect(ids).toContain(target);
        const chosen = known.find((t) => t.id === target);
        const selectedKnown = known.filter((t) => ids.includes(t.id));
        if (!chosen) expect(selectedKnown).toEqual([]);
        else for (const t of selectedKnown) expect(t.createdAt > chosen.createdAt || (t.createdAt === chosen.createdAt && t.number >= chosen.number)).toBe(true);
      }),
    );
  });
});
