import { sql, type SQL } from "drizzle-orm";
import type { TicketStatus } from "../../../schema";

/** Ticket lists by SLA state: a deadline passed (and not met), or a running clock due soon. */
export const SLA_FILTERS = ["breached", "due_soon"] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];
/** "Due soon": a running clock due within this many minutes from now. */
export const DUE_SOON_MINUTES = 120;

const DONE_STATUSES = ["solved", "closed"] as const satisfies readonly TicketStatus[];
type DoneStatus = (typeof DONE_STATUSES)[number];

/** The done statuses whose tickets a breached list may show: those its status filter names, or both without one. */
export const doneStatusesShown = (statuses: readonly TicketStatus[]): DoneStatus[] => DONE_STATUSES.filter((s) => statuses.length === 0 || statuses.includes(s));

/**
 * The tickets (ids) of a workspace in an SLA state that the backlog holds, read from the partial
 * indexes of migration 0015 (named, so SQLite cannot prefer the cron's cross-workspace
 * (state, …) indexes), each part as small as the set it lists, never the workspace:
 * - due soon: running clocks due within DUE_SOON_MINUTES (a range of the running clocks' index);
 * - breached: a clock in breach — running past its deadline (the cron has not marked it yet: a
 *   range up to now) or marked breached and never met — of an open ticket. Done tickets' missed
 *   deadlines are the workspace's history: `slaStatePage` walks them in the list's order.
 */
export function ticketsInSlaState(tenantId: string | SQL, filter: SlaFilter, now: Date): SQL {
  const at = now.getTime();
  const running = sql`select ticket_id from sla_clocks indexed by sla_clocks_tenant_running where tenant_id = ${tenantId} and state = 'running'`;
  if (filter === "due_soon") return sql`${running} and due_at > ${at} and due_at <= ${at + DUE_SOON_MINUTES * 60_000}`;
  const unmetOpen = sql`select ticket_id from sla_clocks indexed by sla_clocks_tenant_unmet_open where tenant_id = ${tenantId} and ticket_open = 1 and state = 'breached' and fulfilled_at is null`;
  return sql`${running} and due_at <= ${at} union all ${unmetOpen}`;
}

/** Each list order's copy of the ticket's sort key on its clocks, and the index of done tickets' missed deadlines in that order (migration 0021). */
const DONE_WALKS = {
  updated_at: { key: "ticket_updated_at", index: "sla_clocks_done_unmet_updated" },
  created_at: { key: "ticket_created_at", index: "sla_clocks_done_unmet_created" },
  number: { key: "ticket_number", index: "sla_clocks_done_unmet_number" },
} as const;

export interface SlaStatePage {
  /** The list's status filter (empty: none). */
  statuses: readonly TicketStatus[];
  /** Every other filter on `"tickets"`, the cursor on its columns included. */
  filters: SQL;
  sort: keyof typeof DONE_WALKS;
  /** The ticket's column the list is sorted by. */
  sortColumn: SQL;
  direction: "asc" | "desc";
  /** The cursor's sort value and ticket id: the page starts after them. */
  after?: { value: number; id: string };
  limit: number;
}

/**
 * The rowids of a page of a list by SLA state (`limit` tickets in the list's order, `filters`
 * applied), reading no more than the backlog's members and a page's worth of done tickets:
 * - the members the backlog holds (`ticketsInSlaState`), filtered and sorted;
 * - for a breached list that may show done tickets, per done status it shows, that status's
 *   missed deadlines never met walked in the list's order by the index of its sort, from the
 *   cursor on (a row-value range, so a later page seeks to it), each clock's ticket checked
 *   against the filters, until `limit` tickets (a ticket with several such clocks counts once);
 * the first `limit` of their union. Each part gives its own first `limit`, so the union's first
 * `limit` are the list's. The parts share the filters and the other values through two common
 * table expressions (`sla_page_filter`, not materialized: a key lookup of each candidate, and
 * `sla_page_args`), so each is bound once: D1 takes at most 100 values a statement, and a list
 * with every filter and a long search comes close to that on its own.
 */
export function slaStatePage(tenantId: string, filter: SlaFilter, now: Date, page: SlaStatePage): SQL {
  const dir = sql.raw(page.direction);
  const done = filter === "breached" ? doneStatusesShown(page.statuses) : [];
  const members = (tenant: SQL, filters: SQL, limit: SQL) =>
    sql`select "tickets".rowid as rid, ${page.sortColumn} as k, "tickets"."id" as id from "tickets" where ${filters} and "tickets"."id" in (${ticketsInSlaState(tenant, filter, now)}) order by ${page.sortColumn} ${dir}, "tickets"."id" ${dir} limit ${limit}`;
  if (done.length === 0) return sql`select rid from (${members(sql`${tenantId}`, page.filters, sql`${page.limit}`)})`;
  const tenant = sql`(select tenant from sla_page_args)`;
  const limit = sql`(select n from sla_page_args)`;
  const passes = sql`exists (select 1 from sla_page_filter f where f.rid = "tickets".rowid)`;
  const { key, index } = DONE_WALKS[page.sort];
  const sortKey = sql.raw(`c.${key}`);
  const from = page.after ? sql` and (${sortKey}, c.ticket_id) ${sql.raw(page.direction === "desc" ? "<" : ">")} (select after_k, after_id from sla_page_args)` : sql``;
  // The status is one of DONE_STATUSES, not the request's text.
  const walk = (status: DoneStatus) =>
    sql`select distinct "tickets".rowid as rid, ${sortKey} as k, c.ticket_id as id from sla_clocks c indexed by ${sql.raw(index)} cross join "tickets" on "tickets"."tenant_id" = c.tenant_id and "tickets"."id" = c.ticket_id where c.tenant_id = ${tenant} and c.ticket_status = '${sql.raw(status)}' and c.ticket_open = 0 and c.state = 'breached' and c.fulfilled_at is null${from} and ${passes} order by k ${dir}, id ${dir} limit ${limit}`;
  const parts = [members(tenant, passes, limit), ...done.map(walk)].map((part) => sql`select rid, k, id from (${part})`);
  return sql`with sla_page_args(tenant, after_k, after_id, n) as (select ${tenantId}, ${page.after?.value ?? null}, ${page.after?.id ?? null}, ${page.limit}),
    sla_page_filter(rid) as not materialized (select "tickets".rowid from "tickets" where ${page.filters})
    select rid from (${sql.join(parts, sql` union `)} order by k ${dir}, id ${dir} limit ${limit})`;
}
