import { and, desc, eq, fillPlaceholders, gt, isNull, ne, sql, type Placeholder } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { sessions, tenants, users } from "../../../schema";
import type { Db } from "../db";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { signSessionToken, type SessionClaims } from "./session-token";

/** A session may be refreshed for up to this long after login; then the user signs in again. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A new session: the statement storing it (for the caller's batch, e.g. with the sign-in's own
 * writes) and its signed token. The token is only honoured once the statement has run.
 */
export async function newSession(scope: TenantScope, secret: string, userId: string, now = new Date()) {
  const sessionId = newId("ses", now.getTime());
  const insert = scope.db.insert(sessions).values({
    id: sessionId,
    tenantId: scope.tenantId,
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
  });
  return { insert, ...(await signSessionToken(secret, { tenantId: scope.tenantId, userId, sessionId }, now)) };
}

/** A fresh token for a live session (same session, new expiry). */
export function refreshSession(scope: TenantScope, secret: string, userId: string, sessionId: string, now = new Date()) {
  return signSessionToken(secret, { tenantId: scope.tenantId, userId, sessionId }, now);
}

export async function revokeSession(scope: TenantScope, sessionId: string, now = new Date()) {
  await scope.db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tenantId, scope.tenantId), eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(scope: TenantScope, userId: string, now = new Date()) {
  await userSessionsRevocation(scope, userId, now);
}

/** The statement ending every live session of a user, for the caller's batch. */
export function userSessionsRevocation(scope: TenantScope, userId: string, now = new Date()) {
  return scope.db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tenantId, scope.tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** A user's live sessions (not revoked, not expired), newest first. */
export function listUserSessions(scope: TenantScope, userId: string, now = new Date()) {
  return scope.db
    .select({ id: sessions.id, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.tenantId, scope.tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt), desc(sessions.id));
}

/** Ends every live session of a user but `keep` (the caller's own): "sign out everywhere else". */
export async function revokeOtherSessions(scope: TenantScope, userId: string, keep: string | null, now = new Date()) {
  await scope.db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tenantId, scope.tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined));
}

/**
 * The user behind verified claims, if their session is live AND the user is still active, and
 * the workspace's settings version (settings-cache.ts). One indexed read.
 */
export async function userForSession(db: Db, claims: SessionClaims, now = new Date()) {
  const query = db.select({ user: users, sessionId: sessions.id, settingsVersion: tenants.settingsVersion }).from(sessions).$dynamic();
  const [row] = await ofLiveSession(query, claims, now);
  return row ?? null;
}

/**
 * The same check as `userForSession`, answering only the workspace's settings version, as a D1
 * statement: for a request whose user this isolate knows already, sent inside its first read
 * (session-check.ts). Its SQL is built once per isolate, with placeholders bound per request.
 */
export function sessionVersionStatement(db: Db, claims: SessionClaims, now: Date): D1PreparedStatement {
  versionCheck ??= ofLiveSession(
    db.select({ settingsVersion: tenants.settingsVersion }).from(sessions).$dynamic(),
    { sessionId: sql.placeholder("sessionId"), tenantId: sql.placeholder("tenantId"), userId: sql.placeholder("userId") },
    sql.placeholder("now"),
  ).toSQL();
  // Placeholders are bound as given, not through the column's mapping: the instant as stored (epoch ms).
  return db.$client.prepare(versionCheck.sql).bind(...fillPlaceholders(versionCheck.params, { ...claims, now: now.getTime() }));
}
let versionCheck: { sql: string; params: unknown[] } | undefined;

/** A select from `sessions`, of the claims' session and its user and workspace, if the session is live: not revoked, not expired, its user active. */
function ofLiveSession<T extends SQLiteSelect>(query: T, claims: Record<keyof SessionClaims, string | Placeholder>, now: Date | Placeholder) {
  return query
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(
      and(
        eq(sessions.id, claims.sessionId),
        eq(sessions.tenantId, claims.tenantId),
        eq(sessions.userId, claims.userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.active, true),
      ),
    );
}
