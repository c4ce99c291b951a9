import type { CustomerTier, UserLanguage } from "../../../schema";

interface MergeableCustomer {
  name: string;
  organization: string | null;
  tier: CustomerTier;
  notes: string;
  surveyOptOut: boolean;
  language: UserLanguage | null;
}

/**
 * The details of the customer that survives a merge: the target's name, its organisation (or
 * the source's if it has none), the higher tier (VIP wins), both sets of notes, and an opt-out
 * of surveys by either (it was the same person asking), the target's mail language (or the source's if it has none).
 */
export function mergeCustomerFields(target: MergeableCustomer, source: MergeableCustomer) {
  const notes = [target.notes.trim(), source.notes.trim()].filter(Boolean);
  return {
    name: target.name,
    organization: target.organization ?? source.organization,
    tier: target.tier === "vip" || source.tier === "vip" ? ("vip" as const) : ("standard" as const),
    notes: [...new Set(notes)].join("\n\n"),
    surveyOptOut: target.surveyOptOut || source.surveyOptOut,
    language: target.language ?? source.language,
  };
}
