import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { latestLoad } from "../../web/src/ui/latest-load";

/** A load the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

describe("reloads of one resource", () => {
  it("an older load that answers after a newer one is dropped: the page keeps the newer answer", async () => {
    const shown: unknown[] = [];
    const load = latestLoad();
    const before = deferred<string>();
    const after = deferred<string>();
    load(before.promise, (o) => shown.push(o));
    load(after.promise, (o) => shown.push(o));
    after.resolve("assigned to B, open");
    before.resolve("unassigned, new");
    await Promise.allSettled([before.promise, after.promise]);
    await Promise.resolve();
    expect(shown).toEqual([{ data: "assigned to B, open" }]);
  });

  it("whatever order loads finish in, only the last one started answers (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), fc.array(fc.boolean(), { minLength: n, maxLength: n }))), async ([n, order, fails]) => {
        const shown: unknown[] = [];
        const load = latestLoad();
        const loads = Array.from({ length: n }, () => deferred<number>());
        loads.forEach((d) => load(d.promise, (o) => shown.push(o)));
        for (const i of order) fails[i] ? loads[i]!.reject(new Error(`load ${i}`)) : loads[i]!.resolve(i);
        await Promise.allSettled(loads.map((d) => d.promise));
        await Promise.resolve();
        const last = n - 1;
        expect(shown).toEqual([fails[last] ? { error: new Error(`load ${last}`) } : { data: last }]);
      }),
      { numRuns: 100 },
    );
  });
});
