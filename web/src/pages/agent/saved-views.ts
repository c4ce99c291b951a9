import { TICKET_COLUMNS, validColumns, type TicketColumn } from "../../../../workers/core/tickets/ticket-columns";
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

/** The list's address for a saved view: its id (to mark its tab), its query and its columns. */
export function savedViewUrl(view: { id: string; filters: Record<string, string>; columns?: readonly string[] | null }): string {
  const params = new URLSearchParams({ saved: view.id });
  for (const key of SAVED_KEYS) if (view.filters[key]) params.set(key, view.filters[key]);
  if (view.columns) params.set("columns", view.columns.join(","));
  return `/tickets?${params}`;
}

/** The columns a saved view's address names, if they are usable (else the table's default). */
export function columnsFrom(value: string | undefined): TicketColumn[] | undefined {
  const columns = value?.split(",");
  return columns && validColumns(columns) ? columns : undefined;
}

/**
 * The column chooser's rows: the chosen columns in their order, then the others in the table's
 * order; moving a row up swaps it with the one above. What it saves: the checked rows, in order.
 */
export const chooserRows = (chosen: readonly TicketColumn[] | null | undefined): TicketColumn[] => {
  const first = chosen ?? TICKET_COLUMNS;
  return [...first, ...TICKET_COLUMNS.filter((c) => !first.includes(c))];
};
export const movedUp = <T>(rows: readonly T[], index: number): T[] =>
  index <= 0 || index >= rows.length ? [...rows] : [...rows.slice(0, index - 1), rows[index]!, rows[index - 1]!, ...rows.slice(index + 1)];

/** The API query of a saved view's address: the filters over "All", with its SLA state and order. */
export function savedListQuery(query: Record<string, string | undefined>, myId: string): NonNullable<TicketQuery> {
  const result: Record<string, unknown> = { ...listQuery("all", filtersFrom(query), myId) };
  for (const key of SAVED_EXTRA_KEYS) if (query[key]) result[key] = query[key];
  return result as NonNullable<TicketQuery>;
}
