import { and, asc, eq, inArray } from "drizzle-orm";
import { spamBlocklist, tenants } from "../../../schema";
import { inChunks, runBatch } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";

export interface SpamSettings {
  /** Mail whose score header is at or above this goes to the spam view; null: never. */
  scoreThreshold: number | null;
  scoreHeader: string;
  /** Addresses (`a@b.example`) and whole domains (`@b.example`), lower-case. */
  blockList: string[];
}

/** The block list entries a sender would match: its address and its whole domain (lower-case in, as stored). Pure. */
export const blockPatternsFor = (address: string) => [address, `@${address.split("@")[1]}`];

/** The workspace's block list entries that match a sender (none without one), for a caller's batch. */
export const blockListMatchQuery = (scope: TenantScope, sender: string | null) =>
  scope.db
    .select({ pattern: spamBlocklist.pattern })
    .from(spamBlocklist)
    .where(and(eq(spamBlocklist.tenantId, scope.tenantId), inArray(spamBlocklist.pattern, sender ? blockPatternsFor(sender) : [""])));

export async function getSpamSettings(scope: TenantScope): Promise<SpamSettings> {
  const [tenant, blocked] = await Promise.all([
    getTenant(scope),
    scope.db.query.spamBlocklist.findMany({ where: eq(spamBlocklist.tenantId, scope.tenantId), orderBy: [asc(spamBlocklist.pattern)] }),
  ]);
  return { scoreThreshold: tenant.spamScoreThreshold, scoreHeader: tenant.spamScoreHeader, blockList: blocked.map((b) => b.pattern) };
}

/** Replaces the workspace's spam settings (the block list as a whole). */
export async function putSpamSettings(scope: TenantScope, settings: SpamSettings, now = new Date()): Promise<SpamSettings> {
  const { db, tenantId } = scope;
  const patterns = [...new Set(settings.blockList)];
  await runBatch(db, [
    db.update(tenants).set({ spamScoreThreshold: settings.scoreThreshold, spamScoreHeader: settings.scoreHeader.toLowerCase() }).where(eq(tenants.id, tenantId)),
    db.delete(spamBlocklist).where(and(eq(spamBlocklist.tenantId, tenantId))),
    ...inChunks(patterns, 30).map((part) => db.insert(spamBlocklist).values(part.map((pattern) => ({ tenantId, pattern, createdAt: now })))),
  ]);
  return getSpamSettings(scope);
}
