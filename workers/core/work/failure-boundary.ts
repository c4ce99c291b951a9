import type { Db } from "../db";
import { recordFailure, type WorkRef } from "./work-items";

/**
 * An error as an admin can read it: the message of the innermost cause (drizzle wraps D1's
 * error in one that quotes the SQL and its parameters, which are no use to an admin and may
 * hold personal data), without a stack.
 */
export function describeError(error: unknown): string {
  let innermost = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  if (innermost instanceof Error) return innermost.message || innermost.name;
  return String(innermost);
}

/**
 * Runs one item's work behind its own failure boundary: if it throws, the failure is recorded
 * (error, attempts, next attempt) where the workspace's admins see it, logged, and swallowed, so
 * the caller goes on with the next item — one workspace's bad data never stops the others.
 * Returns the work's result, or `undefined` when it failed.
 */
export async function isolated<T>(db: Db, ref: WorkRef, now: Date, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const message = describeError(error);
    console.error(JSON.stringify({ event: "work_failed", tenant: ref.tenantId, kind: ref.kind, item: ref.itemId, error: message }));
    try {
      await recordFailure(db, ref, message, now);
    } catch (recordError) {
      // The database itself is failing: nothing more can be recorded; the item stays due.
      console.error(JSON.stringify({ event: "work_failure_not_recorded", tenant: ref.tenantId, kind: ref.kind, item: ref.itemId, error: describeError(recordError) }));
    }
    return undefined;
  }
}

/**
 * The failure boundary of work already done together with other items' (`writeGrouped`): its
 * outcome, recorded as `isolated` records a throw. Returns the value, or `undefined` when it failed.
 */
export function isolatedOutcome<T>(db: Db, ref: WorkRef, now: Date, outcome: PromiseSettledResult<T>): Promise<T | undefined> {
  return isolated(db, ref, now, () => (outcome.status === "fulfilled" ? Promise.resolve(outcome.value) : Promise.reject(outcome.reason)));
}
