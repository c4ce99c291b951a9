import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockPatternsFor } from "../../workers/core/mail/spam-settings";
import { spamVerdict } from "../../workers/core/mail/spam-verdict";

const headers = (score: string | null) => ({ headers: score === null ? [] : [{ key: "x-cf-spamh-score", originalKey: "X-CF-Spamh-Score", value: score }] });
const settingsArb = fc.record({ spamScoreHeader: fc.constantFrom("x-cf-spamh-score", "X-CF-Spamh-Score"), spamScoreThreshold: fc.option(fc.integer({ min: -5, max: 20 }), { nil: null }) });
const scoreArb = fc.option(fc.oneof(fc.double({ min: -10, max: 30, noNaN: true }).map(String), fc.constantFrom("", "high", "7 (spam)")), { nil: null });

describe("spamVerdict", () => {
  it("a block list match is spam whatever the score", () => {
    fc.assert(
      fc.property(settingsArb, scoreArb, (settings, score) => {
        expect(spamVerdict(settings, "@spam.example", headers(score))).toBe("Sender is on the block list (@spam.example)");
      }),
    );
  });

  it("otherwise spam exactly when the score header is a number at or above the threshold (no threshold: never)", () => {
    fc.assert(
      fc.property(settingsArb, scoreArb, (settings, score) => {
        const value = Number.parseFloat(score ?? "");
        const expected = settings.spamScoreThreshold !== null && Number.isFinite(value) && value >= settings.spamScoreThreshold;
        expect(spamVerdict(settings, null, headers(score)) !== null).toBe(expected);
      }),
    );
  });
});

describe("blockPatternsFor", () => {
  it("is the address and its whole domain", () => {
    expect(blockPatternsFor("x@spam.example")).toEqual(["x@spam.example", "@spam.example"]);
  });
});
