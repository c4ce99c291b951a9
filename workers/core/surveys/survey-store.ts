import { and, desc, eq } from "drizzle-orm";
import { customers, surveys, surveySettings } from "../../../schema";
import type { Db } from "../db";
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

/** The read of the survey a link names, with what its page needs, for a caller's batch (`linkedSurveyFrom` its result). */
export const linkedSurveyQuery = (db: Db, link: SurveyLinkClaims) =>
  db
    .select({ survey: surveys, allowComment: surveySettings.allowComment, question: surveySettings.question })
    .from(surveys)
    .leftJoin(surveySettings, eq(surveySettings.tenantId, surveys.tenantId))
    .where(and(eq(surveys.tenantId, link.tenantId), eq(surveys.id, link.surveyId), eq(surveys.ticketId, link.ticketId)));

/**
 * The survey a link names, with what its page needs — or null when the workspace, the survey
 * and the ticket in the link do not belong together (a link for one ticket never answers another).
 */
export function linkedSurveyFrom(rows: Awaited<ReturnType<typeof linkedSurveyQuery>>) {
  const [row] = rows;
  return row ? { ...row.survey, allowComment: row.allowComment ?? true, question: row.question } : null;
}

export type LinkedSurvey = NonNullable<ReturnType<typeof linkedSurveyFrom>>;

export const findLinkedSurvey = async (db: Db, link: SurveyLinkClaims) => linkedSurveyFrom(await linkedSurveyQuery(db, link));

/** The customer asked not to be surveyed again (from the link in a survey). */
export async function optOutOfSurveys(db: Db, tenantId: string, customerId: string, now: Date) {
  await db.update(customers).set({ surveyOptOut: true, updatedAt: now }).where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
}
