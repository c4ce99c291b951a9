import type { SurveyLanguage, SurveyScale } from "../../../schema";
import type { MailLanguage } from "../mail/mail-language";

/** A survey is sent at most this long after it fell due (the cron catches up within it). */
export const SURVEY_CATCH_UP_MS = 7 * 24 * 60 * 60 * 1000;
/** Tags an agent puts on a ticket that must never be surveyed. */
export const NO_SURVEY_TAGS = ["spam", "merged"] as const;

export interface SurveyPolicy {
  enabled: boolean;
  delayMinutes: number;
  resendAfterReopen: boolean;
}

/** What the cron knows about one solve of a ticket when it decides on its survey. */
export interface SolveFacts {
  solvedAt: Date;
  /** A tag from NO_SURVEY_TAGS on the ticket, if any. */
  noSurveyTag: string | null;
  /** The ticket began with an auto-reply, bounce or bulk mail. */
  startedByAutomaticMail: boolean;
  /** An agent wrote to the customer at least once (otherwise the ticket was internal work). */
  hasPublicReply: boolean;
  customerOptedOut: boolean;
  /** A survey was sent for an earlier solve of this ticket. */
  surveyedBefore: boolean;
}

export const SKIP_REASONS = ["disabled", "too_old", "spam", "merged", "automatic_mail", "internal", "opted_out", "already_surveyed", "no_address"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export type SurveyDecision = { action: "wait" } | { action: "send" } | { action: "skip"; reason: SkipReason };

/** Whether one solve gets a survey now, later, or never — and why not. */
export function decideSurvey(policy: SurveyPolicy, facts: SolveFacts, now: Date): SurveyDecision {
  if (!policy.enabled) return { action: "skip", reason: "disabled" };
  const dueAt = facts.solvedAt.getTime() + policy.delayMinutes * 60_000;
  if (now.getTime() < dueAt) return { action: "wait" };
  if (now.getTime() > dueAt + SURVEY_CATCH_UP_MS) return { action: "skip", reason: "too_old" };
  if (facts.noSurveyTag === "spam" || facts.noSurveyTag === "merged") return { action: "skip", reason: facts.noSurveyTag };
  if (facts.startedByAutomaticMail) return { action: "skip", reason: "automatic_mail" };
  if (!facts.hasPublicReply) return { action: "skip", reason: "internal" };
  if (facts.customerOptedOut) return { action: "skip", reason: "opted_out" };
  if (facts.surveyedBefore && !policy.resendAfterReopen) return { action: "skip", reason: "already_surveyed" };
  return { action: "send" };
}

/** The survey's language: the workspace's survey setting, or with "auto" the requester's mail language (mail-language.ts). */
export function surveyLanguage(setting: SurveyLanguage, requesterLanguage: MailLanguage): MailLanguage {
  return setting === "auto" ? requesterLanguage : setting;
}

/** The answers a scale offers, as they appear in links and forms, best first. */
export const SCALE_CHOICES: Record<SurveyScale, readonly string[]> = {
  good_bad: ["good", "bad"],
  one_to_five: ["5", "4", "3", "2", "1"],
};

/** The stored rating for an answer (good 1 / bad 0; 1–5), or null if the scale does not offer it. */
export function parseRating(scale: SurveyScale, answer: string): number | null {
  if (!SCALE_CHOICES[scale].includes(answer)) return null;
  return scale === "good_bad" ? (answer === "good" ? 1 : 0) : Number(answer);
}

/** The answer a stored rating came from (inverse of parseRating). */
export function ratingAnswer(scale: SurveyScale, rating: number): string {
  return scale === "good_bad" ? (rating === 1 ? "good" : "bad") : String(rating);
}

/** Counts towards the CSAT score: "good", or 4 and 5 on the five-point scale. */
export function isSatisfied(scale: SurveyScale, rating: number): boolean {
  return scale === "good_bad" ? rating === 1 : rating >= 4;
}
