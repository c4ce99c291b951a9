/**
 * Which SLA policy applies to a ticket (pure: no I/O).
 *
 * Choices (see the project's SLA notes: Zendesk orders by an explicit position, Zammad by
 * name, which surprises admins):
 * - Policies are tried in ascending `position`; equal positions are tried in ascending `id`,
 *   so the answer never depends on the order the policies were read in.
 * - Inactive policies are skipped: a deactivated policy never applies (Zammad #4353).
 * - The first policy whose every condition holds applies. A condition that is absent or an
 *   empty list means "any". Conditions combine with AND; the values of one condition with OR,
 *   except `tagsAll` (the ticket must carry every listed tag).
 * - `groupIds` never matches a ticket without a group.
 * - Tags are compared the way tickets store them (`normalizeTags`: trimmed, lower-case, inner
 *   spaces as `_`), so a policy written with "Billing Issue" matches the tag `billing_issue`.
 * - The chosen policy may have no target for the ticket's priority; it still applies (the
 *   ticket then has no clocks), as in Zendesk. Targets are not considered when matching.
 * - `matched` says which conditions held, as data (the condition, the ticket's values, the
 *   policy's allowed values), one entry per condition that the policy sets, in a fixed order
 *   (priority, type, channel, customer tier, group, tags any, tags all), or a single `none`
 *   entry for a policy without conditions. `reasons` is the same in plain English, derived from
 *   `matched` line by line (`describeMatch`), for API users; apps translate `matched`.
 */
import { SLA_METRIC_NAMES, type CustomerTier, type TicketChannel, type TicketPriority, type TicketStatus, type TicketType } from "../../../schema";
import { normalizeTags } from "../tickets/ticket-rules";
import { byPosition } from "./policy-order";

/** Every metric a policy can target (the stored names; new ones are appended). */
export const SLA_METRICS = SLA_METRIC_NAMES;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** `businessHours: false` counts calendar time. */
export interface SlaTarget {
  minutes: number;
  businessHours: boolean;
}

/** Every condition that is absent or empty matches any ticket. */
export interface PolicyConditions {
  priorities?: TicketPriority[];
  types?: TicketType[];
  channels?: TicketChannel[];
  customerTiers?: CustomerTier[];
  groupIds?: string[];
  /** The ticket carries at least one of these tags. */
  tagsAny?: string[];
  /** The ticket carries every one of these tags. */
  tagsAll?: string[];
}

export interface SlaPolicy {
  id: string;
  name: string;
  position: number;
  active: boolean;
  conditions: PolicyConditions;
  targets: Partial<Record<TicketPriority, Partial<Record<SlaMetric, SlaTarget>>>>;
  /** Statuses that pause the resolution and periodic-update clocks; absent = DEFAULT_PAUSED_STATUSES. */
  pausedStatuses?: TicketStatus[];
  /** Per metric, the statuses that pause it (`metric-pauses.ts`). */
  pausedStatusesByMetric?: Partial<Record<SlaMetric, TicketStatus[]>>;
  /** A reopen resumes the resolution metrics' clocks instead of starting new ones. */
  reopenResumes?: boolean;
}

/** The statuses that pause clocks when a policy does not say: waiting on the customer or a third party. */
export const DEFAULT_PAUSED_STATUSES: readonly TicketStatus[] = ["pending", "on_hold"];

export interface TicketFacts {
  priority: TicketPriority;
  type: TicketType;
  channel: TicketChannel;
  customerTier: CustomerTier;
  groupId: string | null;
  tags: string[];
}

export const MATCH_CONDITIONS = ["priority", "type", "channel", "customerTier", "groupId", "tagsAny", "tagsAll", "none"] as const;
export type MatchCondition = (typeof MATCH_CONDITIONS)[number];

/**
 * One condition that holds: `values` are the ticket's (its priority, group…; for tags, the
 * matching tags), `allowed` the policy's. `none`: the policy has no conditions (both empty).
 */
export interface MatchedCondition {
  condition: MatchCondition;
  values: string[];
  allowed: string[];
}

const CONDITION_WORDS: Record<Exclude<MatchCondition, "none" | "tagsAny" | "tagsAll">, string> = {
  priority: "priority",
  type: "type",
  channel: "channel",
  customerTier: "customer tier",
  groupId: "group",
};

/** A matched condition in plain English, e.g. "priority is urgent (policy: urgent, high)". */
export function describeMatch(m: MatchedCondition): string {
  switch (m.condition) {
    case "none":
      return NO_CONDITIONS;
    case "tagsAny":
      return `${m.values.length > 1 ? "has tags" : "has tag"} ${m.values.join(", ")} (policy: any of ${m.allowed.join(", ")})`;
    case "tagsAll":
      return `${m.allowed.length > 1 ? "has all tags" : "has tag"} ${m.allowed.join(", ")}`;
    default:
      return `${CONDITION_WORDS[m.condition]} is ${m.values.join(", ")}${m.allowed.length > 1 ? ` (policy: ${m.allowed.join(", ")})` : ""}`;
  }
}

export interface ConditionCheck {
  /** Every condition holds. */
  matches: boolean;
  /** One entry per condition that holds (or the single `none` entry). */
  matched: MatchedCondition[];
  /** `matched` in plain English, line by line. */
  reasons: string[];
  /** One plain-English line per condition that fails. */
  failures: string[];
}

const NO_CONDITIONS = "no conditions: applies to every ticket";

/** Checks each condition of a policy against a ticket and says why it holds or fails. */
export function checkConditions(conditions: PolicyConditions, facts: TicketFacts): ConditionCheck {
  const matched: MatchedCondition[] = [];
  const failures: string[] = [];
  const oneOf = <T extends string>(condition: keyof typeof CONDITION_WORDS, allowed: readonly T[] | undefined, value: T | null) => {
    if (!allowed || allowed.length === 0) return;
    if (value !== null && allowed.includes(value)) matched.push({ condition, values: [value], allowed: [...allowed] });
    else failures.push(`${CONDITION_WORDS[condition]} is ${value ?? "not set"}, not ${allowed.join(" or ")}`);
  };
  oneOf("priority", conditions.priorities, facts.priority);
  oneOf("type", conditions.types, facts.type);
  oneOf("channel", conditions.channels, facts.channel);
  oneOf("customerTier", conditions.customerTiers, facts.customerTier);
  oneOf("groupId", conditions.groupIds, facts.groupId);

  const tags = new Set(normalizeTags(facts.tags));
  const any = normalizeTags(conditions.tagsAny ?? []);
  if (any.length > 0) {
    const present = any.filter((t) => tags.has(t));
    if (present.length > 0) matched.push({ condition: "tagsAny", values: present, allowed: any });
    else failures.push(`has none of the tags ${any.join(", ")}`);
  }
  const all = normalizeTags(conditions.tagsAll ?? []);
  if (all.length > 0) {
    const missing = all.filter((t) => !tags.has(t));
    if (missing.length === 0) matched.push({ condition: "tagsAll", values: all, allowed: all });
    else failures.push(`lacks ${missing.length > 1 ? "tags" : "tag"} ${missing.join(", ")} (policy: all of ${all.join(", ")})`);
  }
  if (matched.length === 0 && failures.length === 0) matched.push({ condition: "none", values: [], allowed: [] });
  return { matches: failures.length === 0, matched, reasons: matched.map(describeMatch), failures };
}

/** Active policies in the order they are tried: ascending position, then id. */
export function policiesInOrder(policies: readonly SlaPolicy[]): SlaPolicy[] {
  return byPosition(policies.filter((p) => p.active));
}

/** The first active policy (by position) whose conditions all hold, with why (as data and in English); null when none does. */
export function choosePolicy(policies: SlaPolicy[], facts: TicketFacts): { policy: SlaPolicy; matched: MatchedCondition[]; reasons: string[] } | null {
  for (const policy of policiesInOrder(policies)) {
    const check = checkConditions(policy.conditions, facts);
    if (check.matches) return { policy, matched: check.matched, reasons: check.reasons };
  }
  return null;
}
