import { fillPlaceholders, sql, type Placeholder } from "drizzle-orm";
import { openDb, type Db, type Statement } from "./db";

/**
 * Statements Drizzle builds once and hands to a batch already built. Drizzle's batch builds every
 * item it is given, walking its parts with `is()` checks — for the reads every ticket write sends,
 * most of our JavaScript in a cron tick. An item made here is run by `readAll` or `runBatch` like
 * any statement, its rows mapped by the statement Drizzle built; awaiting it on its own throws.
 */

/** A statement as Drizzle builds it: its SQL and bound values. */
export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

/** A value bound to a fixed read: as D1 stores it. Placeholders skip Drizzle's column encoders, so no Date or boolean. */
export type StoredValue = string | number | null;

/** What Drizzle's batch asks of an item: the query it built, the D1 statement, how to map its answer. */
interface BatchPrepared {
  getQuery(): BuiltQuery;
  stmt: D1PreparedStatement;
  mapResult(result: unknown, isFromBatch?: boolean): unknown;
}

/**
 * A statement built now, once: `check` sees what was built (to refuse it before it is sent), and
 * the batch that runs it does not build it again.
 */
export function builtOnce<S extends Statement>(statement: S, check: (built: BuiltQuery) => void): S {
  const item = prepared(statement);
  check(item.getQuery());
  return batchItem<S>(item);
}

/**
 * What fixed reads are built on: Drizzle prepares every statement it builds, and a template is
 * never run — nor should it appear on the binding of the request that happens to use it first
 * (a recorder counting a request's statements would see it, unbound).
 */
let templates: Db | undefined;
const templateDb = () => (templates ??= openDb({ prepare: () => ({}) } as unknown as D1Database));

/**
 * A read of a fixed shape, built once per isolate: each use only binds its values. `build` gets a
 * placeholder per name (and a database to build on that runs nothing); a use gives a value per name.
 */
export function fixedRead<N extends string, S extends Statement>(names: readonly N[], build: (db: Db, value: Record<N, Placeholder<N>>) => S): (db: Db, values: Record<N, StoredValue>) => S {
  let template: { query: BuiltQuery; mapResult: BatchPrepared["mapResult"] } | undefined;
  return (db, values) => {
    if (!template) {
      const built = prepared(build(templateDb(), Object.fromEntries(names.map((name) => [name, sql.placeholder(name)])) as Record<N, Placeholder<N>>));
      template = { query: built.getQuery(), mapResult: (result, isFromBatch) => built.mapResult(result, isFromBatch) };
    }
    const query = { sql: template.query.sql, params: fillPlaceholders(template.query.params, values) };
    // The statement goes through this request's binding (its session check, its recorder), never the first one's.
    return batchItem<S>({ getQuery: () => query, stmt: db.$client.prepare(query.sql), mapResult: template.mapResult });
  };
}

/** The statement as Drizzle prepares it for a batch (what its batch calls on each item). */
const prepared = (statement: Statement) => (statement as unknown as { _prepare(): BatchPrepared })._prepare();

/** An item for Drizzle's batch that hands over a statement prepared already; awaited on its own it would resolve to itself, silently, so it throws. */
function batchItem<S extends Statement>(item: BatchPrepared): S {
  return {
    _prepare: () => item,
    get then() {
      throw new Error("A statement prepared already runs in a batch (readAll, runBatch), not on its own");
    },
  } as unknown as S;
}
