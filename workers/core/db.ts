import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../schema";

export type Db = ReturnType<typeof openDb>;
export type Statement = BatchItem<"sqlite">;

export function openDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/** Runs statements built elsewhere as one atomic D1 batch (D1 has no interactive transactions). */
export function runBatch(db: Db, statements: Statement[]) {
  const [first, ...rest] = statements;
  return first ? db.batch([first, ...rest]) : Promise.resolve([]);
}
