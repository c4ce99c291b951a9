import { signLink, verifyLink, type LinkKind } from "../auth/signed-link";

/**
 * A survey link carries a signed token naming the workspace, the ticket and the survey (a key
 * derived from the Worker's secret for this one purpose, so a survey link is never a session
 * token, nor the other way round), expiring after SURVEY_LINK_TTL_DAYS.
 */
export const SURVEY_LINK_TTL_DAYS = 30;
const SURVEY_LINK: LinkKind = { purpose: "kefu survey links v1", audience: "kefu-survey", ttlDays: SURVEY_LINK_TTL_DAYS };

export interface SurveyLinkClaims {
  tenantId: string;
  ticketId: string;
  surveyId: string;
}

export type SurveyLinkCheck = { ok: true; claims: SurveyLinkClaims } | { ok: false; reason: "expired" | "invalid" };

export const signSurveyLink = (secret: string, claims: SurveyLinkClaims, now: Date): Promise<string> =>
  signLink(secret, SURVEY_LINK, claims.surveyId, { tid: claims.tenantId, tkt: claims.ticketId }, now);

export async function verifySurveyLink(secret: string, token: string, now: Date): Promise<SurveyLinkCheck> {
  const check = await verifyLink(secret, SURVEY_LINK, token, ["tid", "tkt"], now);
  return check.ok ? { ok: true, claims: { tenantId: check.claims.tid!, ticketId: check.claims.tkt!, surveyId: check.subject } } : check;
}
