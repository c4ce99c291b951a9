import { fillPlaceholders, sql, type Placeholder } from "drizzle-orm";
import type { Db, Statement } from "./db";

/** A value bound to a fixed read: as D1 stores it. Placeholders skip Drizzle's column encoders, so no Date or boolean. */
export type StoredValue = string | number | null;

/** What Drizzle's batch asks of an item: the query it built, the D1 statement, how to map its answer. */
interface BatchPrepared {
  getQuery(): { sql: string; params: unknown[] };
  stmt: D1PreparedStatement;
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
}

/**
 * A read of a fixed shape, built by Drizzle once per isolate: each use only binds its values.
 * Drizzle builds every statement anew, walking its parts with `is()` checks; for the reads every
 * ticket write sends (the ticket, its SLA history, clocks and alerts, the workspace's policies)
 * that was most of our JavaScript in a cron tick. `build` gets a placeholder per name; a use gives
 * a value per name and returns an item for a batch (`readAll`, `runBatch`) whose rows are mapped
 * by the statement Drizzle built. It cannot be awaited on its own.
 */
export function fixedRead<N extends string, S extends Statement>(names: readonly N[], build: (db: Db, value: Record<N, Placeholder<N>>) => S): (db: Db, values: Record<N, StoredValue>) => S {
  let built: Omit<BatchPrepared, "stmt"> | undefined;
  return (db, values) => {
    built ??= prepared(build(db, Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<N, Placeholder<N>>));
    const template = built;
    const { sql: text, params } = template.getQuery();
    const query = { sql: text, params: fillPlaceholders(params, values) };
    // The statement goes through this request's binding (its session check, its recorder), never the first one's.
    return batchItem<S>({ getQuery: () => query, stmt: db.$client.prepare(text), mapResult: (result, isFromBatch) => template.mapResult(result, isFromBatch) });
  };
}

/** The statement as Drizzle prepares it for a batch (what its batch calls on each item). */
export const prepared = (statement: Statement) => (statement as unknown as { _prepare(): BatchPrepared })._prepare();

/**
 * An item for Drizzle's batch that hands over a statement prepared already. Awaiting it on its own
 * throws (it is not a query builder): it would otherwise resolve to itself, silently.
 */
export function batchItem<S extends Statement>(item: BatchPrepared): S {
  return {
    _prepare: () => item,
    get then() {
      throw new Error("A statement prepared already runs in a batch (readAll, runBatch), not on its own");
    },
  } as unknown as S;
}
