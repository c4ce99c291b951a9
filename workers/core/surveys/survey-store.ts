import { and, desc, eq } from "drizzle-orm";
import { customers, surveys, surveySettings } from "../../../schema";
import { runBatch, type Db } from "../db";
import { badRatingNotice } from "../notifications/rating-notice";
import type { TenantScope } from "../tenancy/scope";
import type { SurveyLinkClaims } from "./survey-link";

export type Survey = typeof surveys.$inferSelect;

/** A ticket's surveys, newest first: what was asked after each solve and what the customer said. */
export function listTicketSurveys(scope: TenantScope, ticketId: string) {
  return scope.db.query.surveys.findMany({
    where: and(eq(surveys.tenantId, scope.tenantId), eq(surveys.ticketId, ticketId)),
    orderBy: [desc(surveys.createdAt), desc(surveys.id)],
  });
}

/**
 * The survey a link names, with what its page needs — or null when the workspace, the survey
 * and the ticket in the link do not belong together (a link for one ticket never answers another).
 */
export async function findLinkedSurvey(db: Db, link: SurveyLinkClaims) {
  const [row] = await db
    .select({ survey: surveys, allowComment: surveySettings.allowComment, question: surveySettings.question })
    .from(surveys)
    .leftJoin(surveySettings, eq(surveySettings.tenantId, surveys.tenantId))
    .where(and(eq(surveys.tenantId, link.tenantId), eq(surveys.id, link.surveyId), eq(surveys.ticketId, link.ticketId)));
  return row ? { ...row.survey, allowComment: row.allowComment ?? true, question: row.question } : null;
}

/**
 * Records an answer; the latest one wins. A comment is replaced only when one is given. A bad
 * one (`bad`) rings the ticket's assignee's bell, in the same batch, once per survey.
 */
export async function answerSurvey(db: Db, link: SurveyLinkClaims, rating: number, comment: string | undefined, now: Date, bad = false): Promise<Survey> {
  const update = db
    .update(surveys)
    .set({ rating, answeredAt: now, updatedAt: now, ...(comment !== undefined ? { comment: comment || null } : {}) })
    .where(and(eq(surveys.tenantId, link.tenantId), eq(surveys.id, link.surveyId), eq(surveys.ticketId, link.ticketId)))
    .returning();
  const [[row]] = bad ? await runBatch(db, [update, (await badRatingNotice(db, link, now)).statement]) : [await update];
  return row!;
}

/** The customer asked not to be surveyed again (from the link in a survey). */
export async function optOutOfSurveys(db: Db, tenantId: string, customerId: string, now: Date) {
  await db.update(customers).set({ surveyOptOut: true, updatedAt: now }).where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
}
