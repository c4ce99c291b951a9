import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { idempotencyKeys } from "../../../schema";
import type { Db } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { ABANDONED_CLAIM_MS, KEY_LIFETIME_MS, type RequestFingerprint, type StoredKey } from "./idempotent-request";

/**
 * Claims `key` for this request in one statement: a new key is inserted; an expired one (not yet
 * pruned) or an abandoned claim is taken over; any other is left alone. True when this request
 * now holds the key and must run; false when the key belongs to another request (`findKey`).
 */
export async function claimKey(scope: TenantScope, key: string, request: RequestFingerprint, now = new Date()): Promise<boolean> {
  const k = idempotencyKeys;
  const claimed = await scope.db
    .insert(k)
    .values({ tenantId: scope.tenantId, key, ...request, createdAt: now })
    .onConflictDoUpdate({
      target: [k.tenantId, k.key],
      set: { userId: sql`excluded.user_id`, route: sql`excluded.route`, requestHash: sql`excluded.request_hash`, status: null, contentType: null, body: null, createdAt: now },
      setWhere: or(lt(k.createdAt, new Date(now.getTime() - KEY_LIFETIME_MS)), and(isNull(k.status), lt(k.createdAt, new Date(now.getTime() - ABANDONED_CLAIM_MS)))),
    })
    .returning({ key: k.key });
  return claimed.length > 0;
}

export async function findKey(scope: TenantScope, key: string): Promise<StoredKey | null> {
  const row = await scope.db.query.idempotencyKeys.findFirst({ where: and(eq(idempotencyKeys.tenantId, scope.tenantId), eq(idempotencyKeys.key, key)) });
  return row ?? null;
}

/** Keeps the answer of the request that claimed `key` (at `claimedAt`), for replays. */
export async function storeAnswer(scope: TenantScope, key: string, claimedAt: Date, answer: { status: number; contentType: string | null; body: string }): Promise<void> {
  await scope.db.update(idempotencyKeys).set(answer).where(claimOf(scope, key, claimedAt));
}

/** Gives the key up (the request failed on our side), so the client can retry with it. */
export async function releaseKey(scope: TenantScope, key: string, claimedAt: Date): Promise<void> {
  await scope.db.delete(idempotencyKeys).where(claimOf(scope, key, claimedAt));
}

/** The statement that forgets keys older than a day (run from cron, in its scan batch). */
export function pruneIdempotencyKeys(db: Db, now = Date.now()) {
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now - KEY_LIFETIME_MS)));
}

const claimOf = (scope: TenantScope, key: string, claimedAt: Date) =>
  and(eq(idempotencyKeys.tenantId, scope.tenantId), eq(idempotencyKeys.key, key), eq(idempotencyKeys.createdAt, claimedAt), isNull(idempotencyKeys.status));
