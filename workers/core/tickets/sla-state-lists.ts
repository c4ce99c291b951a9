import { sql, type SQL } from "drizzle-orm";
import type { TicketStatus } from "../../../schema";

/** Ticket lists by SLA state: a deadline passed (and not met), or a running clock due soon. */
export const SLA_FILTERS = ["breached", "due_soon"] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];
/** "Due soon": a running clock due within this many minutes from now. */
export const DUE_SOON_MINUTES = 120;

const DONE_STATUSES: readonly TicketStatus[] = ["solved", "closed"];

/**
 * The tickets (ids) of a workspace in an SLA state, read from the partial indexes of migration
 * 0015 (named, so SQLite cannot prefer the cron's cross-workspace (state, …) indexes), each part
 * as small as the set it lists, never the workspace:
 * - due soon: running clocks due within DUE_SOON_MINUTES (a range of the running clocks' index);
 * - breached: a clock in breach — running past its deadline (the cron has not marked it yet: a
 *   range up to now) or marked breached and never met — of an open ticket; of a done ticket too
 *   only when the list may show done tickets (`statuses` empty, or naming solved or closed).
 */
export function ticketsInSlaState(tenantId: string, filter: SlaFilter, now: Date, statuses: readonly TicketStatus[] = []): SQL {
  const at = now.getTime();
  const running = sql`select ticket_id from sla_clocks indexed by sla_clocks_tenant_running where tenant_id = ${tenantId} and state = 'running'`;
  if (filter === "due_soon") return sql`${running} and due_at > ${at} and due_at <= ${at + DUE_SOON_MINUTES * 60_000}`;
  const unmet = (open: 0 | 1) =>
    sql`select ticket_id from sla_clocks indexed by ${sql.raw(open ? "sla_clocks_tenant_unmet_open" : "sla_clocks_tenant_unmet_done")} where tenant_id = ${tenantId} and ticket_open = ${sql.raw(String(open))} and state = 'breached' and fulfilled_at is null`;
  const mayShowDone = statuses.length === 0 || statuses.some((s) => DONE_STATUSES.includes(s));
  return sql.join([sql`${running} and due_at <= ${at}`, unmet(1), ...(mayShowDone ? [unmet(0)] : [])], sql` union all `);
}
