import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signSessionToken } from "../../workers/core/auth/session-token";
import { signSurveyLink, SURVEY_LINK_TTL_DAYS, verifySurveyLink, type SurveyLinkClaims } from "../../workers/core/surveys/survey-link";

const SECRET = "survey-test-secret-0123456789abcdef";
const NOW = new Date("2026-11-22T10:00:00.000Z");
const LINK: SurveyLinkClaims = { tenantId: "ten_1", ticketId: "tkt_1", surveyId: "srv_1" };
const DAY = 86_400_000;

const b64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const fromB64url = (part: string) => new TextDecoder().decode(Uint8Array.from(atob(part.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0)));

describe("survey links", () => {
  it("round-trip the workspace, ticket and survey they were signed for (property)", async () => {
    const id = fc.string({ minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.record({ tenantId: id, ticketId: id, surveyId: id }), async (claims) => {
        expect(await verifySurveyLink(SECRET, await signSurveyLink(SECRET, claims, NOW), NOW)).toEqual({ ok: true, claims });
      }),
      { numRuns: 40 },
    );
  });

  it("work for the link lifetime and are refused as expired after it", async () => {
    const token = await signSurveyLink(SECRET, LINK, NOW);
    expect((await verifySurveyLink(SECRET, token, new Date(NOW.getTime() + SURVEY_LINK_TTL_DAYS * DAY - 1000))).ok).toBe(true);
    expect(await verifySurveyLink(SECRET, token, new Date(NOW.getTime() + SURVEY_LINK_TTL_DAYS * DAY + 1000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse forgeries: another key, a changed payload, alg none, a session token, garbage", async () => {
    const token = await signSurveyLink(SECRET, LINK, NOW);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(fromB64url(payload));
    const forged = [
      await signSurveyLink("another-secret-0123456789abcdef", LINK, NOW),
      ...[{ tkt: "tkt_2" }, { tid: "ten_2" }, { sub: "srv_2" }, { exp: claims.exp + 365 * 86_400 }].map((change) => `${header}.${b64url(JSON.stringify({ ...claims, ...change }))}.${signature}`),
      `${b64url(JSON.stringify({ alg: "none" }))}.${payload}.`,
      // The Worker's session tokens use the same secret, but never open a survey (their own key and audience).
      (await signSessionToken(SECRET, { userId: "usr_1", tenantId: "ten_1", sessionId: "ses_1" }, NOW)).token,
      "",
      "not.a.token",
    ];
    for (const bad of forged) expect(await verifySurveyLink(SECRET, bad, NOW), bad).toEqual({ ok: false, reason: "invalid" });
  });

  it("an expired forgery is reported as invalid, not as expired (the signature is checked first)", async () => {
    const old = await signSurveyLink("another-secret-0123456789abcdef", LINK, new Date(NOW.getTime() - 60 * DAY));
    expect(await verifySurveyLink(SECRET, old, NOW)).toEqual({ ok: false, reason: "invalid" });
  });
});
