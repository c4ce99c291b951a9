import { jwtVerify, SignJWT, errors } from "jose";
import { purposeKey } from "../auth/purpose-key";

/**
 * A survey link carries a JWT naming the workspace, the ticket and the survey, signed with a
 * key derived from the Worker's secret for this one purpose (so a survey link is never a
 * session token, nor the other way round), and expiring after SURVEY_LINK_TTL_DAYS.
 */
export const SURVEY_LINK_TTL_DAYS = 30;
const ALGORITHM = "HS256";
const AUDIENCE = "kefu-survey";
const ISSUER = "kefu";

export interface SurveyLinkClaims {
  tenantId: string;
  ticketId: string;
  surveyId: string;
}

export type SurveyLinkCheck = { ok: true; claims: SurveyLinkClaims } | { ok: false; reason: "expired" | "invalid" };

export async function signSurveyLink(secret: string, claims: SurveyLinkClaims, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: claims.tenantId, tkt: claims.ticketId })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.surveyId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SURVEY_LINK_TTL_DAYS * 86_400)
    .sign(await linkKey(secret));
}

export async function verifySurveyLink(secret: string, token: string, now: Date): Promise<SurveyLinkCheck> {
  try {
    const { payload } = await jwtVerify(token, await linkKey(secret), {
      algorithms: [ALGORITHM],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ["sub", "exp", "tid", "tkt"],
      currentDate: now,
    });
    if (typeof payload.tid !== "string" || typeof payload.tkt !== "string" || !payload.sub) return { ok: false, reason: "invalid" };
    return { ok: true, claims: { tenantId: payload.tid, ticketId: payload.tkt, surveyId: payload.sub } };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

/** A key of its own for survey links. */
const linkKey = (secret: string) => purposeKey(secret, "kefu survey links v1");
