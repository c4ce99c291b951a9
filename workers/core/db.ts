import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../schema";

export type Db = ReturnType<typeof open>;
export type Statement = BatchItem<"sqlite">;

const opened = new WeakMap<D1Database, ReturnType<typeof open>>();

function open(d1: D1Database) {
  return drizzle(d1, { schema });
}

/**
 * The Drizzle database over a D1 binding, built once per binding and isolate: building it extracts
 * the relational config of the whole schema, which cost more CPU than a ticket read itself.
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
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e.message.includes(`UNIQUE constraint failed: ${table}`)) return true;
  return false;
}

/**
 * Several reads in one round trip, by name: `readAll(db, { ticket: q1, policies: q2 })` resolves
 * to `{ ticket, policies }` with each query's own result type (never results read by position).
 * A read that is left out (an optional key, or `undefined`) is not sent and its result is absent.
 */
export async function readAll<T extends Record<string, Statement | undefined>>(db: Db, reads: T): Promise<{ [K in keyof T]: Awaited<NonNullable<T[K]>> | (undefined extends T[K] ? undefined : never) }> {
  const names = (Object.keys(reads) as (keyof T)[]).filter((name) => reads[name] !== undefined);
  const results = (await runBatch(db, names.map((name) => reads[name]!))) as unknown[];
  return Object.fromEntries(names.map((name, i) => [name, results[i]])) as { [K in keyof T]: Awaited<NonNullable<T[K]>> | (undefined extends T[K] ? undefined : never) };
}
