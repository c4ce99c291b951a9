import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signFileLink, verifyFileLink } from "../../workers/core/attachments/file-link";
import { signSurveyLink, verifySurveyLink } from "../../workers/core/surveys/survey-link";

const SECRET = "a-secret-for-link-tests-0123456789";
const now = new Date("2026-12-05T12:00:00Z");
const day = 86_400_000;

describe("file links", () => {
  it("a link names its workspace and file, works for 30 days and not after", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 29 * day }), async (tenantId, attachmentId, later) => {
        const token = await signFileLink(SECRET, { tenantId, attachmentId }, now);
        expect(await verifyFileLink(SECRET, token, new Date(now.getTime() + later))).toEqual({ ok: true, claims: { tenantId, attachmentId } });
      }),
      { numRuns: 25 },
    );
    const token = await signFileLink(SECRET, { tenantId: "ten_a", attachmentId: "att_1" }, now);
    expect(await verifyFileLink(SECRET, token, new Date(now.getTime() + 30 * day + 1000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses another secret, an altered token, and a survey link (and a survey check refuses a file link)", async () => {
    const token = await signFileLink(SECRET, { tenantId: "ten_a", attachmentId: "att_1" }, now);
    expect(await verifyFileLink("another-secret-0123456789-abcdef", token, now)).toEqual({ ok: false, reason: "invalid" });
    const [head, body, signature] = token.split(".");
    const otherBody = btoa(JSON.stringify({ ...JSON.parse(atob(body!.replace(/-/g, "+").replace(/_/g, "/"))), tid: "ten_b" })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect(await verifyFileLink(SECRET, `${head}.${otherBody}.${signature}`, now)).toEqual({ ok: false, reason: "invalid" });
    const survey = await signSurveyLink(SECRET, { tenantId: "ten_a", ticketId: "tkt_1", surveyId: "att_1" }, now);
    expect(await verifyFileLink(SECRET, survey, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySurveyLink(SECRET, token, now)).toEqual({ ok: false, reason: "invalid" });
  });
});
