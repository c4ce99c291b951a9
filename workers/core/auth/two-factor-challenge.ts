import { SignJWT, jwtVerify } from "jose";

/**
 * After the right password, a user with two-factor sign-in (or one the workspace requires to
 * enrol) gets a challenge instead of a session: a short-lived signed token naming the user and
 * what the second step is. Its audience differs from session tokens', so one is never taken for
 * the other. It grants nothing by itself.
 */
export const TWO_FACTOR_CHALLENGE_TTL_SECONDS = 5 * 60;
const AUDIENCE = "kefu-two-factor";
const ISSUER = "kefu";

/** `verify`: type a code (or a recovery code); `enrol`: confirm a new authenticator first. */
export type ChallengeKind = "verify" | "enrol";

export interface ChallengeClaims {
  tenantId: string;
  userId: string;
  kind: ChallengeKind;
}

export async function signChallenge(secret: string, claims: ChallengeClaims, now = new Date()) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: claims.tenantId, kind: claims.kind })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TWO_FACTOR_CHALLENGE_TTL_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

/** The claims of a genuine, unexpired challenge, or null. */
export async function verifyChallenge(secret: string, token: string, now = new Date()): Promise<ChallengeClaims | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ["sub", "iat", "exp", "tid", "kind"],
      maxTokenAge: TWO_FACTOR_CHALLENGE_TTL_SECONDS,
      currentDate: now,
    });
    if (typeof payload.tid !== "string" || !payload.sub || (payload.kind !== "verify" && payload.kind !== "enrol")) return null;
    return { tenantId: payload.tid, userId: payload.sub, kind: payload.kind };
  } catch {
    return null;
  }
}
