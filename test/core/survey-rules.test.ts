import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SURVEY_SCALES } from "../../schema";
import {
  decideSurvey,
  isSatisfied,
  parseRating,
  ratingAnswer,
  SCALE_CHOICES,
  SURVEY_CATCH_UP_MS,
  surveyLanguage,
  type SolveFacts,
  type SurveyPolicy,
} from "../../workers/core/surveys/survey-rules";

const SOLVED = new Date("2026-11-20T10:00:00Z");
const POLICY: SurveyPolicy = { enabled: true, delayMinutes: 1440, resendAfterReopen: false };
const FACTS: SolveFacts = { solvedAt: SOLVED, noSurveyTag: null, startedByAutomaticMail: false, hasPublicReply: true, customerOptedOut: false, surveyedBefore: false };
const at = (minutesAfterSolve: number) => new Date(SOLVED.getTime() + minutesAfterSolve * 60_000);

describe("deciding a solve's survey", () => {
  it("waits for the delay, then sends; gives up after the catch-up window", () => {
    expect(decideSurvey(POLICY, FACTS, at(1439))).toEqual({ action: "wait" });
    expect(decideSurvey(POLICY, FACTS, at(1440))).toEqual({ action: "send" });
    expect(decideSurvey(POLICY, FACTS, at(1440 + SURVEY_CATCH_UP_MS / 60_000))).toEqual({ action: "send" });
    expect(decideSurvey(POLICY, FACTS, at(1441 + SURVEY_CATCH_UP_MS / 60_000))).toEqual({ action: "skip", reason: "too_old" });
  });

  it("skips, with the reason, what must never be surveyed", () => {
    const later = at(1440);
    expect(decideSurvey({ ...POLICY, enabled: false }, FACTS, at(0))).toEqual({ action: "skip", reason: "disabled" });
    expect(decideSurvey(POLICY, { ...FACTS, noSurveyTag: "spam" }, later)).toEqual({ action: "skip", reason: "spam" });
    expect(decideSurvey(POLICY, { ...FACTS, noSurveyTag: "merged" }, later)).toEqual({ action: "skip", reason: "merged" });
    expect(decideSurvey(POLICY, { ...FACTS, startedByAutomaticMail: true }, later)).toEqual({ action: "skip", reason: "automatic_mail" });
    expect(decideSurvey(POLICY, { ...FACTS, hasPublicReply: false }, later)).toEqual({ action: "skip", reason: "internal" });
    expect(decideSurvey(POLICY, { ...FACTS, customerOptedOut: true }, later)).toEqual({ action: "skip", reason: "opted_out" });
    expect(decideSurvey(POLICY, { ...FACTS, surveyedBefore: true }, later)).toEqual({ action: "skip", reason: "already_surveyed" });
    expect(decideSurvey({ ...POLICY, resendAfterReopen: true }, { ...FACTS, surveyedBefore: true }, later)).toEqual({ action: "send" });
  });

  it("sends only when nothing forbids it, and never before the delay (property)", () => {
    const facts = fc.record({
      solvedAt: fc.constant(SOLVED),
      noSurveyTag: fc.constantFrom(null, "spam", "merged"),
      startedByAutomaticMail: fc.boolean(),
      hasPublicReply: fc.boolean(),
      customerOptedOut: fc.boolean(),
      surveyedBefore: fc.boolean(),
    });
    const policy = fc.record({ enabled: fc.boolean(), delayMinutes: fc.integer({ min: 0, max: 43_200 }), resendAfterReopen: fc.boolean() });
    fc.assert(
      fc.property(policy, facts, fc.integer({ min: -60, max: 60 * 24 * 60 }), (p, f, minutes) => {
        const decision = decideSurvey(p, f, at(minutes));
        const forbidden = !p.enabled || f.noSurveyTag !== null || f.startedByAutomaticMail || !f.hasPublicReply || f.customerOptedOut || (f.surveyedBefore && !p.resendAfterReopen);
        if (decision.action === "send") {
          expect(forbidden).toBe(false);
          expect(minutes).toBeGreaterThanOrEqual(p.delayMinutes);
        }
        if (!forbidden && minutes >= p.delayMinutes && minutes * 60_000 <= p.delayMinutes * 60_000 + SURVEY_CATCH_UP_MS) expect(decision.action).toBe("send");
      }),
    );
  });
});

describe("survey language and ratings", () => {
  it("auto follows the requester's mail language; a fixed language wins", () => {
    expect(surveyLanguage("auto", "zh-CN")).toBe("zh-CN");
    expect(surveyLanguage("auto", "en")).toBe("en");
    expect(surveyLanguage("en", "zh-CN")).toBe("en");
    expect(surveyLanguage("zh-CN", "en")).toBe("zh-CN");
  });

  it("every answer a scale offers parses and comes back the same; others are refused", () => {
    for (const scale of SURVEY_SCALES) {
      for (const answer of SCALE_CHOICES[scale]) expect(ratingAnswer(scale, parseRating(scale, answer)!)).toBe(answer);
      for (const bad of ["", "0", "6", "GOOD", " good", "3.5", "toString"]) expect(parseRating(scale, bad), `${scale} ${bad}`).toBeNull();
    }
    expect(parseRating("good_bad", "5")).toBeNull();
    expect(parseRating("one_to_five", "good")).toBeNull();
  });

  it("satisfied means good, or 4 and 5 of five", () => {
    expect(SCALE_CHOICES.one_to_five.filter((a) => isSatisfied("one_to_five", Number(a)))).toEqual(["5", "4"]);
    expect(isSatisfied("good_bad", 1)).toBe(true);
    expect(isSatisfied("good_bad", 0)).toBe(false);
  });
});
