import { SignJWT, jwtVerify } from "jose";
import { BoundedMap } from "../bounded-map";
import { hmacKey } from "./hmac-key";

/**
 * Session tokens are short-lived JWTs (HS256, pinned) naming the session they belong to.
 * A token is only honoured while its session row is live, so logout and revocation take
 * effect at once even though the JWT itself has not expired.
 */
export const SESSION_TOKEN_ALGORITHM = "HS256";
export const SESSION_TOKEN_AUDIENCE = "kefu-api";
export const SESSION_TOKEN_ISSUER = "kefu";
export const SESSION_TOKEN_TTL_SECONDS = 60 * 60;

export interface SessionClaims {
  userId: string;
  tenantId: string;
  sessionId: string;
}

export async function signSessionToken(secret: string, claims: SessionClaims, now = new Date()) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + SESSION_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ tid: claims.tenantId, sid: claims.sessionId })
    .setProtectedHeader({ alg: SESSION_TOKEN_ALGORITHM, typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(SESSION_TOKEN_ISSUER)
    .setAudience(SESSION_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(await hmacKey(secret));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** The claims of a valid token, or null for an expired, tampered, foreign or malformed one. */
export async function verifySessionToken(secret: string, token: string, now = new Date()): Promise<SessionClaims | null> {
  const seconds = Math.floor(now.getTime() / 1000);
  const known = verified.get(token);
  if (known && known.secret === secret) return inLifetime(known, seconds) ? known.claims : null;
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: [SESSION_TOKEN_ALGORITHM],
      audience: SESSION_TOKEN_AUDIENCE,
      issuer: SESSION_TOKEN_ISSUER,
      requiredClaims: ["sub", "iat", "exp", "tid", "sid"],
      // `iat` is checked too: a token claiming to be older than its lifetime is refused.
      maxTokenAge: SESSION_TOKEN_TTL_SECONDS,
      currentDate: now,
    });
    if (typeof payload.tid !== "string" || typeof payload.sid !== "string" || !payload.sub) return null;
    const claims = { userId: payload.sub, tenantId: payload.tid, sessionId: payload.sid };
    verified.set(token, { secret, claims, issuedAt: payload.iat!, expiresAt: payload.exp! });
    return claims;
  } catch {
    return null;
  }
}

/**
 * Tokens whose signature this isolate has checked, with their lifetime: an agent's browser sends
 * the same token with every request for up to an hour, and checking the signature (base64, JSON,
 * HMAC) again each time was a fixed cost of every request. Only the signature is remembered: the
 * lifetime is checked against each request's clock as jose checks it, and the session row on
 * every request. Bounded: the oldest entry goes first.
 */
const verified = new BoundedMap<string, { secret: string; claims: SessionClaims; issuedAt: number; expiresAt: number }>(1_000);

/** As jose's checks: not expired (`exp` after now), issued in the past, and no older than the lifetime. */
const inLifetime = (entry: { issuedAt: number; expiresAt: number }, now: number) =>
  entry.expiresAt > now && entry.issuedAt <= now && now - entry.issuedAt <= SESSION_TOKEN_TTL_SECONDS;
