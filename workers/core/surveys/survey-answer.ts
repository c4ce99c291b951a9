import { and, eq } from "drizzle-orm";
import { businessCalendars, surveys, tenants } from "../../../schema";
import { readAll, runBatch, type Db, type Statement } from "../db";
import { badRatingNotice } from "../notifications/rating-notice";
import { publishLive, type LivePublisher } from "../live/live-events";
import { triggeredLive } from "../live/rule-live";
import { abortedByGuard, unchangedSince } from "../row-version";
import type { RatingAnswer } from "../rules/rule-schema";
import { planEventHooks } from "../rules/ticket-event-hooks";
import { triggerReads } from "../rules/trigger-reads";
import { finishTicketWrite } from "../sla/ticket-sla";
import type { TenantScope } from "../tenancy/scope";
import { storedEvent } from "../tickets/ticket-triggers";
import { ticketFrom, ticketQuery, triggeredStatements } from "../tickets/ticket-store";
import type { SurveyLinkClaims } from "./survey-link";
import { isSatisfied, ratingAnswer } from "./survey-rules";
import { linkedSurveyFrom, linkedSurveyQuery, type LinkedSurvey } from "./survey-store";

/**
 * What an answer's POST reads, in one round trip: the survey its link names (with the page's
 * settings), the workspace (the page's name and logo), and for `rating_received` the ticket, the
 * calendars and what the workspace's triggers need (`triggerReads`: index probes, no rows for a
 * workspace without an active trigger).
 */
export function answerReads(db: Db, link: SurveyLinkClaims) {
  const scope: TenantScope = { db, tenantId: link.tenantId };
  return {
    survey: linkedSurveyQuery(db, link),
    tenant: db.select().from(tenants).where(eq(tenants.id, link.tenantId)),
    ticket: ticketQuery(scope, link.ticketId),
    slaCalendars: db.select().from(businessCalendars).where(eq(businessCalendars.tenantId, link.tenantId)),
    ...triggerReads(scope, { ticketId: link.ticketId }),
  };
}

export type AnswerRead = Awaited<ReturnType<typeof readAnswerContext>>;
export const readAnswerContext = (db: Db, link: SurveyLinkClaims) => readAll(db, answerReads(db, link));

/** Whether an answer is news: another rating than the one recorded, or a comment other than the one kept (null: none given). */
export const answerChanges = (recorded: Pick<LinkedSurvey, "rating" | "comment">, rating: number, comment: string | null | undefined) =>
  rating !== recorded.rating || (comment !== undefined && comment !== null && comment !== recorded.comment);

/**
 * Records an answer; the latest one wins, and a comment is replaced only when one is given. A bad
 * one rings the ticket's assignee's bell, once per survey. An answer that is news (`answerChanges`)
 * raises `rating_received` (docs/rules.md): the workspace's triggers run and its subscribed
 * webhooks get the event, in the answer's own batch — behind a guard on the survey as read, so two
 * answers at once never raise it twice from one state (the loser reads again and is no news).
 * Triggers that change the ticket's fields have its clocks recomputed after the batch; fired
 * triggers are published to the workspace's `live` (docs/notifications.md, live updates).
 */
export async function recordAnswer(db: Db, link: SurveyLinkClaims, read: AnswerRead, rating: number, comment: string | undefined, now: Date, live?: LivePublisher): Promise<void> {
  const scope: TenantScope = { db, tenantId: link.tenantId, live };
  for (let attempt = 1; ; attempt++) {
    const survey = linkedSurveyFrom(read.survey);
    if (!survey) return;
    const news = read.ticket.length > 0 && answerChanges(survey, rating, comment || null);
    const answer = ratingAnswer(survey.scale, rating) as RatingAnswer;
    const text = comment || survey.comment;
    const hooks = news ? planEventHooks(scope, read, { ...storedEvent("rating_received", ticketFrom(read.ticket), text, []), rating: { answer, comment: text } }, now) : null;
    const statements: Statement[] = [
      ...(hooks ? [unchangedSince(scope, surveys, survey.id, survey.updatedAt)] : []),
      db
        .update(surveys)
        .set({ rating, answeredAt: now, updatedAt: now, ...(comment !== undefined ? { comment: comment || null } : {}) })
        .where(and(eq(surveys.tenantId, link.tenantId), eq(surveys.id, link.surveyId), eq(surveys.ticketId, link.ticketId))),
      ...(isSatisfied(survey.scale, rating) ? [] : [(await badRatingNotice(db, link, now)).statement]),
      ...triggeredStatements(scope, link.ticketId, hooks, now),
    ];
    let results: unknown[];
    try {
      results = await runBatch(db, statements);
    } catch (error) {
      if (!hooks || !abortedByGuard(error) || attempt > 1) throw error;
      read = await readAnswerContext(db, link);
      continue;
    }
    if (hooks && Object.keys(hooks.patch).length) await finishTicketWrite(scope, link.ticketId, now);
    // Fired triggers: the ticket's page and lists, and the bells their notices and assignment ring.
    publishLive(scope, triggeredLive(link.ticketId, hooks, results, now));
    return;
  }
}
