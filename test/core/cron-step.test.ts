import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flattenSets, regroupSets } from "../../workers/core/work/cron-step";

// The tick sends every step's scans as one list; each result must come back to its own step
// under its own name, whatever the number of steps and scans (none included).
const stepsArb = fc.array(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 5 }), { maxLength: 8 });

describe("a tick's scans in one batch", () => {
  it("every result goes back to its step under its scan's name", () => {
    fc.assert(
      fc.property(stepsArb, (names) => {
        // A scan stands for itself here: flattening and regrouping never run it.
        const steps = names.map((step, s) => Object.fromEntries(step.map((name) => [name, `${s}/${name}`])));
        const flat = flattenSets(steps);
        expect(Object.values(flat)).toEqual(steps.flatMap((s) => Object.values(s)));
        // The batch answers each statement (readAll, by name); here with the statement's own tag.
        const found = regroupSets(steps, Object.fromEntries(Object.entries(flat).map(([key, scan]) => [key, `result of ${scan}`])));
        expect(found).toEqual(names.map((step, s) => Object.fromEntries(step.map((name) => [name, `result of ${s}/${name}`]))));
      }),
    );
  });
});
