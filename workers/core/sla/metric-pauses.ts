/**
 * Which statuses pause which SLA metric, and which metrics a reopen may resume (pure).
 *
 * A policy may give each metric its own paused statuses (`pausedStatusesByMetric`). A metric it
 * says nothing about keeps its default, which is what Kefu did before the setting existed:
 * - first reply, next reply: never pause;
 * - periodic update, resolution: the policy's `pausedStatuses` (default pending and on hold);
 * - requester wait: pending only — the time the requester waits for us (Zendesk's "requester
 *   wait time": new, open and on hold count; on hold is us waiting on a third party);
 * - total resolution and the unpaused periodic update never pause: they have no paused statuses,
 *   and a policy cannot give them any (`UNPAUSABLE_METRICS`).
 */
import type { TicketStatus } from "../../../schema";
import type { SlaMetric } from "./policy-match";

/** Metrics that never pause, whatever the policy says. */
export const UNPAUSABLE_METRICS: readonly SlaMetric[] = ["total_resolution", "periodic_update_unpaused"];

/** The metrics that run until the ticket is solved: a reopen starts them again, or resumes them (`reopenResumes`). */
export const RESOLUTION_METRICS = ["resolution", "requester_wait", "total_resolution"] as const satisfies readonly SlaMetric[];

/** The two periodic updates: started by each public agent reply, ended by the next. */
export const UPDATE_METRICS = ["periodic_update", "periodic_update_unpaused"] as const satisfies readonly SlaMetric[];

/** A metric's paused statuses when the policy does not set them; "policy": the policy's `pausedStatuses`. */
const DEFAULT_PAUSES: Record<SlaMetric, readonly TicketStatus[] | "policy"> = {
  first_reply: [],
  next_reply: [],
  periodic_update: "policy",
  resolution: "policy",
  periodic_update_unpaused: [],
  requester_wait: ["pending"],
  total_resolution: [],
};

/** How a policy pauses its clocks. */
export interface PauseRules {
  /** The policy-wide paused statuses: the default of periodic update and resolution. */
  pausedStatuses: readonly TicketStatus[];
  /** Per metric, overriding the default. */
  pausedStatusesByMetric?: Partial<Record<SlaMetric, readonly TicketStatus[]>>;
}

/** The statuses that pause `metric` under these rules. */
export function pausedStatusesOf(metric: SlaMetric, rules: PauseRules): readonly TicketStatus[] {
  if (UNPAUSABLE_METRICS.includes(metric)) return [];
  const own = rules.pausedStatusesByMetric?.[metric];
  if (own) return own;
  const fallback = DEFAULT_PAUSES[metric];
  return fallback === "policy" ? rules.pausedStatuses : fallback;
}
