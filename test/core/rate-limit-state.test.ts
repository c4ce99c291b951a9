import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastUseIsStale } from "../../workers/core/auth/api-tokens";
import { limitState, refuseLocked, refuseOverLimit, type Limit } from "../../workers/core/auth/rate-limit";
import { AppError } from "../../workers/core/errors";

const limitArb = fc.record({ name: fc.constant("test"), limit: fc.integer({ min: 1, max: 100 }), windowSeconds: fc.integer({ min: 1, max: 86_400 }) });
const NOW = Date.UTC(2026, 11, 5, 7, 0, 0);

/** The error a refusal throws, or null when it lets the request through. */
function refusal(refuse: () => void): AppError | null {
  try {
    refuse();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe("a rate-limit window's state, read from its row (batched reads decide without another round trip)", () => {
  it("no row, or a window that has closed, counts nothing", () => {
    fc.assert(
      fc.property(limitArb, fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 10 * 86_400_000 }), (limit: Limit, count, sinceClose) => {
        const closed = { count, windowStart: new Date(NOW - limit.windowSeconds * 1000 - sinceClose) };
        for (const state of [limitState(limit, undefined, NOW), limitState(limit, closed, NOW)]) {
          expect(state).toEqual({ count: 0, remaining: limit.limit, retryAfterSeconds: limit.windowSeconds });
          expect(refusal(() => refuseOverLimit(state, "m"))).toBeNull();
          expect(refusal(() => refuseLocked(state, "locked", () => "m"))).toBeNull();
        }
      }),
    );
  });

  it("an open window counts its hits, and refuses once they reach the limit, until the window closes", () => {
    fc.assert(
      fc.property(limitArb, fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (limit: Limit, count, elapsedShare) => {
        const elapsed = Math.floor(elapsedShare * limit.windowSeconds * 1000);
        const state = limitState(limit, { count, windowStart: new Date(NOW - elapsed) }, NOW);
        expect(state.count).toBe(count);
        expect(state.remaining).toBe(limit.limit - count);
        expect(state.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(state.retryAfterSeconds).toBeLessThanOrEqual(limit.windowSeconds);
        // A hit over the limit is refused; a lockout starts when no failures are left.
        const over = refusal(() => refuseOverLimit(state, "too many"));
        expect(over === null).toBe(count <= limit.limit);
        if (over) expect(over).toMatchObject({ status: 429, code: "rate_limited", details: { retryAfterSeconds: state.retryAfterSeconds } });
        const locked = refusal(() => refuseLocked(state, "login_locked", (minutes) => `${minutes} minutes`));
        expect(locked === null).toBe(count < limit.limit);
        if (locked) expect(locked).toMatchObject({ status: 429, code: "login_locked", message: `${Math.ceil(state.retryAfterSeconds / 60)} minutes` });
      }),
    );
  });
});

describe("an API token's last use is written only when stale", () => {
  it("is stale when never used or older than a minute, fresh otherwise", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 10 * 60_000 })), (ago) => {
        const lastUsedAt = ago === null ? null : new Date(NOW - ago);
        expect(lastUseIsStale(lastUsedAt, new Date(NOW))).toBe(ago === null || ago > 60_000);
      }),
    );
  });
});
