import type { TenantScope } from "../tenancy/scope";
import { fitsD1, ticketIdColumns, ticketPage, type TicketQuery } from "./ticket-store";

/** Each count stops here: a page of the list (its largest); more shows as "100+". */
export const COUNT_LIMIT = 100;
/** How many queries one request counts (a person's saved views and the takeable groups). */
export const MAX_COUNTED = 50;

export type CountQuery = Omit<TicketQuery, "limit" | "cursor">;
/** Up to COUNT_LIMIT (`more`: there are more); `count: null`: the query has too many search words to run (as its list says, 422). */
export interface TicketCount {
  count: number | null;
  more: boolean;
}

/**
 * How many tickets each query lists, in one round trip: each query is its list's first page of
 * ids (COUNT_LIMIT + 1 of them, found the way the list finds them — the same statement and
 * indexes, docs/tickets.md), counted. Each statement is built once.
 */
export async function countTickets(scope: TenantScope, queries: readonly CountQuery[], now = new Date()): Promise<TicketCount[]> {
  const built = queries.map((query) => {
    const page = ticketPage(scope, { ...query, limit: COUNT_LIMIT }, now, ticketIdColumns).toSQL();
    return fitsD1(page) ? page : null;
  });
  const d1 = scope.db.$client;
  const runnable = built.filter((page) => page !== null);
  const results = runnable.length ? await d1.batch(runnable.map((page) => d1.prepare(page.sql).bind(...page.params))) : [];
  let next = 0;
  return built.map((page) => {
    if (page === null) return { count: null, more: false };
    const n = results[next++]!.results.length;
    return { count: Math.min(n, COUNT_LIMIT), more: n > COUNT_LIMIT };
  });
}
