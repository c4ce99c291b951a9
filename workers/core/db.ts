import { createTableRelationsHelpers, extractTablesRelationalConfig, type ExtractTablesWithRelations } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteD1Session } from "drizzle-orm/d1/session";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "../../schema";
import { inErrorChain } from "./errors";
import { SettingsRead, type ReadResult } from "./settings-cache";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };
export type Statement = BatchItem<"sqlite">;

const opened = new WeakMap<D1Database, Db>();

/**
 * The schema's relational config, extracted once per isolate: `drizzle(d1, { schema })` extracts
 * it on every call, which cost more CPU than a ticket read itself. The database is then built as
 * `drizzle()` builds it, over this config.
 */
let relational: { fullSchema: typeof schema; schema: ExtractTablesWithRelations<typeof schema>; tableNamesMap: Record<string, string> } | undefined;

function open(d1: D1Database): Db {
  if (!relational) {
    const { tables, tableNamesMap } = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
    relational = { fullSchema: schema, schema: tables as ExtractTablesWithRelations<typeof schema>, tableNamesMap };
  }
  const dialect = new SQLiteAsyncDialect();
  const session = new SQLiteD1Session<typeof schema, ExtractTablesWithRelations<typeof schema>>(d1, dialect, relational, {});
  return Object.assign(new DrizzleD1Database("async", dialect, session, relational), { $client: d1 });
}

/**
 * The Drizzle database over a D1 binding, built once per binding and isolate. A request whose
 * binding is its own (the session checked in its first read, session-check.ts) builds one per
 * request, cheaply: the schema's relational config is extracted once.
 */
export function openDb(d1: D1Database) {
  let db = opened.get(d1);
  if (!db) opened.set(d1, (db = open(d1)));
  return db;
}

/** Runs statements built elsewhere as one atomic D1 batch (D1 has no interactive transactions). */
export function runBatch(db: Db, statements: Statement[]) {
  const [first, ...rest] = statements;
  return first ? db.batch([first, ...rest]) : Promise.resolve([]);
}

/** D1 binds at most 100 parameters per statement: multi-row inserts go a few rows at a time. */
export function inChunks<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/** Whether `error` (or an error it wraps: drizzle wraps D1's) is a UNIQUE violation on `table`. */
export function isUniqueViolation(error: unknown, table: string): boolean {
  return inErrorChain(error, (e) => e.message.includes(`UNIQUE constraint failed: ${table}`)) !== undefined;
}

/** A read answered without the database, because what it would find is known already: not sent. */
export class Answered<R> {
  constructor(readonly value: R) {}
}

/** Reads answered with no rows (typed by the caller as the statements they stand for). */
const NO_ROWS = new Answered(Object.freeze([]));
export const noRows = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, NO_ROWS]));
/** One read answered with no rows, typed as the statement it stands for. */
export const noRowsAs = <S>(): S => NO_ROWS as unknown as S;

/** A read for `readAll`: a statement, a read of the workspace's settings that may be kept (settings-cache.ts), or one answered already. */
export type Read = Statement | SettingsRead<unknown> | Answered<unknown>;

/** What named reads resolve to, each with its own type. */
export type ReadResults<T> = { [K in keyof T]: ReadResult<T[K]> };

/**
 * Several reads in one round trip, by name: `readAll(db, { ticket: q1, policies: q2 })` resolves
 * to `{ ticket, policies }` with each query's own result type (never results read by position).
 * A read that is left out (an optional key, or `undefined`) is not sent and its result is absent.
 * A read of the workspace's settings (`settingsRead`) that this isolate holds under the same
 * version is not sent either (settings-cache.ts), nor is one `Answered` already.
 */
export async function readAll<T extends Record<string, Read | undefined>>(db: Db, reads: T): Promise<ReadResults<T>> {
  const results: Record<string, unknown> = {};
  const sent: { name: string; statement: Statement; settings?: SettingsRead<unknown> }[] = [];
  for (const [name, read] of Object.entries(reads)) {
    if (read === undefined) continue;
    if (read instanceof Answered) results[name] = read.value;
    else if (!(read instanceof SettingsRead)) sent.push({ name, statement: read });
    else if ((results[name] = read.kept()) === undefined) sent.push({ name, statement: read.build(), settings: read });
  }
  const answers = (await runBatch(db, sent.map((s) => s.statement))) as unknown[];
  sent.forEach(({ name, settings }, i) => (results[name] = settings ? settings.keep(answers[i]) : answers[i]));
  return results as ReadResults<T>;
}
