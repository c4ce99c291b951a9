import { eq, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { tenants } from "../../schema";
import { runBatch, type Db, type Statement } from "./db";
import { AppError, inErrorChain, type VersionErrorCode } from "./errors";
import type { TenantScope } from "./tenancy/scope";

/**
 * Compare-and-set on D1, which has no interactive transactions: a guard statement goes first in
 * the write's own batch and aborts the whole batch unless the row is still as the client read it
 * (its `updated_at`). No extra round trip, and no window between the check and the write.
 */

/** What SQLite says of json() given a non-JSON text: how a guard aborts its batch. */
export const ABORT_MARKER = "malformed JSON";

/**
 * A batch's first statement: evaluated once (on the workspace's row), it fails — json() of a
 * non-JSON string — rolling the batch back, unless `stillSame` holds.
 */
export function abortUnless(db: Db, tenantId: string, stillSame: SQL): Statement {
  return db
    .select({ ok: sql`case when ${stillSame} then 1 else json('kefu: changed since read') end` })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
}

/** Whether a batch failed because its `abortUnless` guard did (D1's error may be wrapped by drizzle's). */
export function abortedByGuard(error: unknown): boolean {
  return inErrorChain(error, (e) => e.message.includes(ABORT_MARKER)) !== undefined || String(error).includes(ABORT_MARKER);
}

/** A table whose rows carry a version: an id, an `updated_at`, and (unless it is the workspace itself) a tenant id. */
export type VersionedTable = SQLiteTable & { id: AnySQLiteColumn; updatedAt: AnySQLiteColumn; tenantId?: AnySQLiteColumn };

/** The guard for one row of `table`: the batch goes on only if the row's `updated_at` is still `version`. */
export function unchangedSince(scope: TenantScope, table: VersionedTable, id: string, version: Date): Statement {
  const sameTenant = table.tenantId ? sql` and ${table.tenantId} = ${scope.tenantId}` : sql``;
  return abortUnless(scope.db, scope.tenantId, sql`exists (select 1 from ${table} where ${table.id} = ${id}${sameTenant} and ${table.updatedAt} = ${version.getTime()})`);
}

/** The one machine code of a refused change to anything but a ticket (tickets keep `ticket_changed`). */
export const changedSinceRead = (what: string) =>
  new AppError(409, "changed_since_read" satisfies VersionErrorCode, `The ${what} changed since it was read; read it again and reapply the change`);

/**
 * Runs statements as one batch, guarded when the client named the version it read (If-Match):
 * 409 `changed_since_read` when the row moved since. Without a version, the batch as it is —
 * today's "last write wins, field by field". Resolves to each statement's result, in order.
 */
export async function writeUnlessChanged<const T extends readonly Statement[]>(
  scope: TenantScope,
  row: { table: VersionedTable; id: string; what: string },
  version: Date | undefined,
  statements: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const guard = version ? [unchangedSince(scope, row.table, row.id, version)] : [];
  try {
    const results = (await runBatch(scope.db, [...guard, ...statements])) as unknown[];
    return results.slice(guard.length) as { -readonly [K in keyof T]: Awaited<T[K]> };
  } catch (error) {
    if (guard.length && abortedByGuard(error)) throw changedSinceRead(row.what);
    throw error;
  }
}
