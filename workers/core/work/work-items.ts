import { and, desc, eq, isNotNull, lte, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { tickets, workItems, type WorkKind } from "../../../schema";
import type { Db } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { workRetryDelayMs } from "./backoff";

export type WorkItem = typeof workItems.$inferSelect;

/** One piece of work for one workspace: what kind, about what (and which ticket, if any). */
export interface WorkRef {
  tenantId: string;
  kind: WorkKind;
  itemId: string;
  ticketId?: string | null;
}

/** Owed work is done right after the change that owed it; the cron takes over only after this. */
export const OWED_GRACE_MS = 60_000;
/** The longest error text kept (what an admin reads, not a log). */
const MAX_ERROR_CHARS = 1_000;

/**
 * The statement that records work as owed, for the batch of the change that makes it due. A
 * second change before it is done only moves `owed_at`, so clearing after the first never drops it.
 */
export function oweWork(db: Db, ref: WorkRef, now: Date) {
  return db
    .insert(workItems)
    .values({ ...ref, ticketId: ref.ticketId ?? null, owedAt: now, nextAttemptAt: new Date(now.getTime() + OWED_GRACE_MS) })
    .onConflictDoUpdate({ target: [workItems.tenantId, workItems.kind, workItems.itemId], set: { owedAt: now } });
}

/** The statement that marks work done: it goes unless it was asked for again after `startedAt`. */
export function clearWork(db: Db, ref: WorkRef, startedAt: Date) {
  return db.delete(workItems).where(and(thisItem(ref), lte(workItems.owedAt, startedAt)));
}

/**
 * Records that the work failed: the error, one more attempt, and the next attempt backed off.
 * Two statements, only on the failure path.
 */
export async function recordFailure(db: Db, ref: WorkRef, error: string, now: Date): Promise<WorkItem> {
  const existing = await db.query.workItems.findFirst({ where: thisItem(ref), columns: { attempts: true } });
  const attempts = (existing?.attempts ?? 0) + 1;
  const failure = { attempts, lastError: error.slice(0, MAX_ERROR_CHARS), lastFailedAt: now, nextAttemptAt: new Date(now.getTime() + workRetryDelayMs(attempts)) };
  const [row] = await db
    .insert(workItems)
    .values({ ...ref, ticketId: ref.ticketId ?? null, owedAt: now, firstFailedAt: now, ...failure })
    .onConflictDoUpdate({ target: [workItems.tenantId, workItems.kind, workItems.itemId], set: { ...failure, firstFailedAt: sql`coalesce(${workItems.firstFailedAt}, ${now.getTime()})` } })
    .returning();
  return row!;
}

/** Owed work of one kind whose time has come (after its grace, or its back-off), oldest first. */
export function dueWork(db: Db, kind: WorkKind, now: Date, limit: number) {
  return db.query.workItems.findMany({ where: and(eq(workItems.kind, kind), lte(workItems.nextAttemptAt, now)), orderBy: [workItems.nextAttemptAt], limit });
}

/** A workspace's failed work, most recent failure first, with the ticket's number (what its admins see). */
export function listFailures(scope: TenantScope, limit: number) {
  return scope.db
    .select({ item: workItems, ticketNumber: tickets.number })
    .from(workItems)
    .leftJoin(tickets, and(eq(tickets.tenantId, workItems.tenantId), eq(tickets.id, workItems.ticketId)))
    .where(and(eq(workItems.tenantId, scope.tenantId), isNotNull(workItems.lastFailedAt)))
    .orderBy(desc(workItems.lastFailedAt))
    .limit(limit);
}

/**
 * `work_items` under column names no other table has. Drizzle writes a caller's column
 * unqualified in a single-table select list (`"tenant_id"`), and inside `from work_items w` that
 * name would mean the work item's own column: the check would compare each item with itself and
 * read every item of the kind. Here it can only mean the caller's row. SQLite flattens the
 * subquery: still a primary-key lookup.
 */
const items = sql`(select tenant_id as work_tenant_id, kind as work_kind, item_id as work_item_id, next_attempt_at as work_next_attempt_at from ${workItems})`;

/**
 * For a cron scan: true while the item (of `kind`, in the scanned row's workspace) is backed
 * off after a failure, so a poison item is skipped and never fills the batch. A primary-key lookup.
 */
export function backedOff(kind: WorkKind, tenantColumn: SQLWrapper, itemColumn: SQLWrapper, now: Date): SQL {
  return sql`exists (select 1 from ${items} w where w.work_tenant_id = ${tenantColumn} and w.work_kind = ${kind} and w.work_item_id = ${itemColumn} and w.work_next_attempt_at > ${now.getTime()})`;
}

/** For a cron scan: whether the item has a failure on record (to clear once it succeeds). A primary-key lookup. */
export function hasFailed(kind: WorkKind, tenantColumn: SQLWrapper, itemColumn: SQLWrapper): SQL<number> {
  return sql<number>`exists (select 1 from ${items} w where w.work_tenant_id = ${tenantColumn} and w.work_kind = ${kind} and w.work_item_id = ${itemColumn})`;
}

function thisItem(ref: WorkRef) {
  return and(eq(workItems.tenantId, ref.tenantId), eq(workItems.kind, ref.kind), eq(workItems.itemId, ref.itemId));
}
