import { jwtVerify, SignJWT, errors } from "jose";
import { purposeKey } from "./purpose-key";

/**
 * Links that carry their own proof (survey links, file download links): a JWT (HS256) with a
 * subject and a few string claims, signed with a key derived from the Worker's secret for the
 * link's purpose alone (so one kind of link is never valid as another, nor as a session token),
 * expiring after the kind's lifetime.
 */
export interface LinkKind {
  /** Derives the signing key; change it to void every link of the kind. */
  purpose: string;
  audience: string;
  ttlDays: number;
}

const ALGORITHM = "HS256";
const ISSUER = "kefu";

export type LinkCheck = { ok: true; subject: string; claims: Record<string, string> } | { ok: false; reason: "expired" | "invalid" };

export async function signLink(secret: string, kind: LinkKind, subject: string, claims: Record<string, string>, now: Date, ttlDays = kind.ttlDays): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(subject)
    .setIssuer(ISSUER)
    .setAudience(kind.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlDays * 86_400)
    .sign(await purposeKey(secret, kind.purpose));
}

/** Checks a link's token: signature, issuer, audience, expiry, and that each named claim is a string. */
export async function verifyLink(secret: string, kind: LinkKind, token: string, claimNames: readonly string[], now: Date): Promise<LinkCheck> {
  try {
    const { payload } = await jwtVerify(token, await purposeKey(secret, kind.purpose), {
      algorithms: [ALGORITHM],
      audience: kind.audience,
      issuer: ISSUER,
      requiredClaims: ["sub", "exp", ...claimNames],
      currentDate: now,
    });
    const claims: Record<string, string> = {};
    for (const name of claimNames) {
      const value = payload[name];
      if (typeof value !== "string") return { ok: false, reason: "invalid" };
      claims[name] = value;
    }
    return payload.sub ? { ok: true, subject: payload.sub, claims } : { ok: false, reason: "invalid" };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}
