import { api, data } from "../../api";
import { isTicketChange } from "../../live/live-client";
import { useLiveReload } from "../../live/use-live-reload";
import { useResource } from "../../ui/state";
import type { TicketQuery } from "./agent-api";
import { viewFilters } from "./saved-views";

/** Each count stops at one page of the list (its largest); more than that shows as "100+". */
export const COUNT_LIMIT = 100;
/** What one request counts at most (the API's limit). */
export const MAX_COUNTED = 50;
/** Counts follow the workspace's changes at most this often, however busy it is. */
export const COUNTS_GATHER_MS = 3_000;

/** How many tickets a query has, up to COUNT_LIMIT (`more`: there are more); null: too many search words to count. */
export interface TicketCount {
  count: number | null;
  more: boolean;
}

/** A count as shown: "100+" when there are more; "?" when it could not be counted. */
export const countLabel = ({ count, more }: TicketCount) => (count === null ? "?" : more ? `${count}+` : String(count));

/** Splits the answers of several callers' queries, sent together in order, back to each caller. */
export function splitBack<T>(sizes: readonly number[], answers: readonly T[]): T[][] {
  let start = 0;
  return sizes.map((size) => answers.slice(start, (start += size)));
}

/** Consecutive chunks of at most `size`. */
export const chunksOf = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

type Waiting = { queries: Record<string, string>[]; resolve: (counts: TicketCount[]) => void; reject: (error: unknown) => void };
let waiting: Waiting[] = [];

/** Every count asked for in the same turn (the tabs and the takeable panel after one live change) goes in one request. */
function countsOf(queries: Record<string, string>[]): Promise<TicketCount[]> {
  return new Promise((resolve, reject) => {
    waiting.push({ queries, resolve, reject });
    if (waiting.length === 1) setTimeout(sendWaiting, 0);
  });
}

async function sendWaiting() {
  const batch = waiting;
  waiting = [];
  try {
    const chunks = chunksOf(batch.flatMap((w) => w.queries), MAX_COUNTED);
    const answers = (await Promise.all(chunks.map((queries) => data(api["ticket-counts"].$post({ json: { queries } }))))).flatMap((page) => page.items);
    splitBack(batch.map((w) => w.queries.length), answers).forEach((counts, i) => batch[i]!.resolve(counts));
  } catch (error) {
    for (const w of batch) w.reject(error);
  }
}

/**
 * The counts of several list queries (null while `queries` is not known) from one request, kept
 * current by the workspace's live ticket changes at most every COUNTS_GATHER_MS. `key` says when
 * the queries changed (they are rebuilt on every render).
 */
export function useTicketCounts(queries: readonly NonNullable<TicketQuery>[] | null, key: unknown) {
  const counts = useResource(async (): Promise<TicketCount[] | null> => {
    if (!queries) return null;
    return queries.length ? countsOf(queries.map(viewFilters)) : [];
  }, [key]);
  useLiveReload(counts.reload, isTicketChange, COUNTS_GATHER_MS);
  return counts;
}
