import { api, data } from "../../api";
import { isTicketChange } from "../../live/live-client";
import { useLiveReload } from "../../live/use-live-reload";
import { useResource } from "../../ui/state";
import type { TicketQuery } from "./agent-api";

/** One page counts (the list's largest); more than that shows as "100+". */
export const COUNT_LIMIT = 100;

/** How many tickets a query has, up to COUNT_LIMIT; `more`: there are more than that. */
export interface TicketCount {
  count: number;
  more: boolean;
}

/** A count as shown: "100+" when there are more. */
export const countLabel = ({ count, more }: TicketCount) => (more ? `${count}+` : String(count));

/**
 * The counts of several list queries (null while `queries` is not known), kept current by the
 * workspace's live ticket changes. `key` says when the queries changed (they are rebuilt on every render).
 */
export function useTicketCounts(queries: readonly NonNullable<TicketQuery>[] | null, key: unknown) {
  const counts = useResource(async (): Promise<TicketCount[] | null> => {
    if (!queries) return null;
    const pages = await Promise.all(queries.map((query) => data(api.tickets.$get({ query: { ...query, limit: String(COUNT_LIMIT) } }))));
    return pages.map((page) => ({ count: page.items.length, more: page.nextCursor !== null }));
  }, [key]);
  useLiveReload(counts.reload, isTicketChange);
  return counts;
}
