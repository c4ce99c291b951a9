import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SEND_ATTEMPTS, retryDelayMs } from "../../workers/core/mail/outbox";

const MINUTE = 60_000;

describe("retryDelayMs", () => {
  it("waits 1, 4, 16, 64, 256 minutes after 1..5 failed attempts", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 4, 16, 64, 256]);
  });

  it("every retry before giving up waits longer than the one before, at most about four hours", () => {
    for (let n = 2; n < MAX_SEND_ATTEMPTS; n++) expect(retryDelayMs(n)).toBeGreaterThan(retryDelayMs(n - 1));
    expect(retryDelayMs(MAX_SEND_ATTEMPTS - 1)).toBeLessThanOrEqual(256 * MINUTE);
  });

  it("grows monotonically and is always a positive whole number of milliseconds (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), (n) => {
        expect(Number.isSafeInteger(retryDelayMs(n))).toBe(true);
        expect(retryDelayMs(n)).toBeGreaterThan(0);
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
        if (n >= 1) expect(retryDelayMs(n + 1)).toBeGreaterThan(retryDelayMs(n));
      }),
    );
  });
});
