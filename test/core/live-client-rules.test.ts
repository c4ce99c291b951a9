import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconnectDelay } from "../../web/src/live/reconnect-delay";
import { titleWithCount } from "../../web/src/live/title-count";

describe("the web app's live client", () => {
  it("reconnects after 0.5-1 s at first, backing off to at most 30 s, never before half the ceiling", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = reconnectDelay(attempt, () => r);
        const ceiling = Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 10));
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2 - 1);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(reconnectDelay(attempt + 1, () => r)).toBeGreaterThanOrEqual(delay);
      }),
    );
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(50, () => 0.999999)).toBe(30_000);
  });

  it("puts one count in front of the title and takes it away again", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(500), fc.nat(500), (title, first, second) => {
        const base = title.replace(/^\(\d+\) /, "");
        const counted = titleWithCount(titleWithCount(title, first), second);
        expect(counted).toBe(second > 0 ? `(${second}) ${base}` : base);
        expect(titleWithCount(counted, 0)).toBe(base);
      }),
    );
    expect(titleWithCount("Kefu 客服", 3)).toBe("(3) Kefu 客服");
  });
});
