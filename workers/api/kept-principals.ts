import type { SessionClaims } from "../core/auth/session-token";
import { BoundedMap } from "../core/bounded-map";
import type { Principal } from "./context";

/**
 * The callers this isolate has read in full (session, user, workspace settings version), by
 * session: an agent's browser sends the same session with every request, and a request whose
 * caller is known here checks the session inside its first read instead (session-check.ts).
 * Whatever could change the principal (the user's role, name or active flag) also replaces the
 * workspace's settings version, which that check compares. Bounded: the oldest entry goes first.
 */
const kept = new BoundedMap<string, { principal: Principal; settingsVersion: number }>(1_000);

export function keepPrincipal(principal: Principal, settingsVersion: number) {
  if (principal.sessionId) kept.set(principal.sessionId, { principal, settingsVersion });
}

/** What the isolate knows of the claims' caller, if it read their session before. */
export function keptPrincipal(claims: SessionClaims) {
  const entry = kept.get(claims.sessionId);
  return entry && entry.principal.tenantId === claims.tenantId && entry.principal.userId === claims.userId ? entry : undefined;
}

export function forgetPrincipal(sessionId: string) {
  kept.delete(sessionId);
}
