import { TICKET_STATUSES, type TicketStatus } from "../../../schema";
import type { RuleFacts, TimeSince } from "../rules/rule-facts";
import type { Condition, Conditions } from "../rules/rule-schema";

/**
 * Which tickets an automation's cron check reads (docs/rules.md "Automations"), decided from its
 * conditions alone. An automation has at least one `hours_since … more than` condition in `all`
 * (its driving condition): the check reads, per status it can match, the index range
 * (tenant, status, that moment) up to `now − hours` — a business-hours count is never more than the
 * calendar one, so that bound holds for both — and the firing window is that moment.
 */
export type HoursSince = Extract<Condition, { field: "hours_since" }>;

/** The first `all` condition "hours since X more than N": what the automation waits for. Null: none (the API refuses it). */
export function drivingCondition(conditions: Conditions): HoursSince | null {
  return (conditions.all.find((c) => c.field === "hours_since" && c.op === "gt") as HoursSince | undefined) ?? null;
}

/** Statuses a closed ticket never leaves, nor an automation reads. */
const OPEN_STATUSES = TICKET_STATUSES.filter((s) => s !== "closed");

/**
 * The statuses whose tickets can match: those every `all` status condition allows, never closed
 * (a closed ticket cannot change), and only pending or solved when the driving moment is entering
 * that status.
 */
export function scanStatuses(conditions: Conditions, since: TimeSince): TicketStatus[] {
  let statuses: TicketStatus[] = since === "pending" ? ["pending"] : since === "solved" ? ["solved"] : [...OPEN_STATUSES];
  for (const c of conditions.all) {
    if (c.field !== "status") continue;
    statuses = statuses.filter((s) => c.value.includes(s) === (c.op === "is"));
  }
  return statuses;
}

/** The latest moment a ticket's driving time may be to match now (calendar hours; business hours only count fewer). */
export const scanCutoff = (driving: HoursSince, now: Date) => new Date(now.getTime() - driving.value * 3_600_000);

/** The ticket's moments as the cron reads them (pending and solved only while the ticket is in that status). */
export interface TicketMoments {
  status: TicketStatus;
  createdAt: Date;
  updatedAt: Date;
  statusChangedAt: Date | null;
  solvedAt: Date | null;
  lastCustomerMessageAt: Date | null;
  lastAgentMessageAt: Date | null;
}

export function sinceMoments(t: TicketMoments): RuleFacts["since"] {
  return {
    created: t.createdAt,
    updated: t.updatedAt,
    pending: t.status === "pending" ? (t.statusChangedAt ?? t.updatedAt) : null,
    solved: t.status === "solved" ? t.solvedAt : null,
    last_customer_message: t.lastCustomerMessageAt,
    last_agent_message: t.lastAgentMessageAt,
  };
}

/** The firing window: the driving moment, in ms (null: the ticket has none, so it cannot match). */
export function windowKey(driving: HoursSince, since: RuleFacts["since"]): number | null {
  return since[driving.since]?.getTime() ?? null;
}
