import type { TicketQuery } from "./agent-api";
import { FILTER_KEYS, filtersFrom, listQuery } from "./ticket-views";

/** The list query's keys a saved view keeps beyond the filters the list shows. */
export const SAVED_EXTRA_KEYS = ["sla", "sort", "order"] as const;
const SAVED_KEYS = [...FILTER_KEYS, ...SAVED_EXTRA_KEYS] as const;

/** What a saved view stores: the list's query without its paging, only the keys that are set. */
export function viewFilters(query: NonNullable<TicketQuery>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key of SAVED_KEYS) {
    const value = query[key];
    if (typeof value === "string" && value) kept[key] = value;
  }
  return kept;
}

/** The list's address for a saved view: its id (to mark its tab) and its query. */
export function savedViewUrl(view: { id: string; filters: Record<string, string> }): string {
  const params = new URLSearchParams({ saved: view.id });
  for (const key of SAVED_KEYS) if (view.filters[key]) params.set(key, view.filters[key]);
  return `/tickets?${params}`;
}

/** The API query of a saved view's address: the filters over "All", with its SLA state and order. */
export function savedListQuery(query: Record<string, string | undefined>, myId: string): NonNullable<TicketQuery> {
  const result: Record<string, unknown> = { ...listQuery("all", filtersFrom(query), myId) };
  for (const key of SAVED_EXTRA_KEYS) if (query[key]) result[key] = query[key];
  return result as NonNullable<TicketQuery>;
}
