import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { apiTokens, tenants, users, type TokenScope } from "../../../schema";
import type { Db } from "../db";
import { notFound } from "../errors";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { generateApiToken, hashApiToken, parseApiToken } from "./api-token";

/** last_used_at is written at most this often per token, so reads stay reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiToken(scope: TenantScope, input: { userId: string; name: string; scope: TokenScope }, now = new Date()) {
  const { token, prefix, secretHash } = await generateApiToken();
  const [row] = await scope.db
    .insert(apiTokens)
    .values({ id: newId("tok", now.getTime()), tenantId: scope.tenantId, userId: input.userId, name: input.name, prefix, secretHash, scope: input.scope, createdAt: now })
    .returning();
  return { token, record: row! };
}

export function listApiTokens(scope: TenantScope) {
  return scope.db.query.apiTokens.findMany({ where: eq(apiTokens.tenantId, scope.tenantId), orderBy: [desc(apiTokens.createdAt)] });
}

export async function revokeApiToken(scope: TenantScope, id: string, now = new Date()) {
  const [row] = await scope.db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.tenantId, scope.tenantId), eq(apiTokens.id, id)))
    .returning();
  if (!row) throw notFound("API token");
  return row;
}

/** The user and scope behind an API token, if it is genuine, unrevoked and its user active. */
export async function userForApiToken(db: Db, token: string, now = new Date()) {
  const parsed = parseApiToken(token);
  if (!parsed) return null;
  const [row] = await db
    .select({ user: users, token: apiTokens, settingsVersion: tenants.settingsVersion })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.tenantId, apiTokens.tenantId), eq(users.id, apiTokens.userId)))
    .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
    .where(and(eq(apiTokens.prefix, parsed.prefix), isNull(apiTokens.revokedAt), eq(users.active, true)));
  if (!row || row.token.secretHash !== (await hashApiToken(token))) return null;
  // The row just read says whether last use is stale: most requests send no write at all.
  if (lastUseIsStale(row.token.lastUsedAt, now))
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.id, row.token.id),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
  return row;
}

/** Whether a token's recorded last use is older than the resolution, so it is worth a write. */
export function lastUseIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || lastUsedAt.getTime() < now.getTime() - LAST_USED_RESOLUTION_MS;
}
