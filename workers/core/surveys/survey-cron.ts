import { and, asc, eq, not, sql } from "drizzle-orm";
import { customers, messages, surveys, surveySettings, ticketTags, tickets } from "../../../schema";
import { runBatch, type Db } from "../db";
import { AUTOMATIC_MAIL_HEADERS } from "../mail/acknowledgement";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliver, queueOutbound, type OutboundRecord } from "../mail/outbox";
import { ticketMailContext } from "../tickets/ticket-mail";
import { getTicket } from "../tickets/ticket-store";
import { describeError, isolated } from "../work/failure-boundary";
import { backedOff, clearWork, hasFailed, type WorkRef } from "../work/work-items";
import { composeSurveyEmail } from "./survey-email";
import { signSurveyLink } from "./survey-link";
import { decideSurvey, NO_SURVEY_TAGS, surveyLanguage, type SkipReason } from "./survey-rules";
import { DEFAULT_SURVEY_SETTINGS } from "./survey-settings";

export interface SurveyMailSettings extends MailSettings {
  appUrl: string;
  /** The secret survey links are signed with (a key is derived from it). */
  linkSecret: string;
}

export interface SurveyTickResult {
  sent: number;
  skipped: Partial<Record<SkipReason, number>>;
}

/** The solves still waiting for their survey decision (the partial index `tickets_survey_pending`). */
const pendingSolve = sql`${tickets.solvedAt} is not null and (${tickets.surveyForSolve} is null or ${tickets.surveyForSolve} <> ${tickets.solvedAt})`;

/**
 * The survey part of the cron tick, its scan: the solves whose decision is due. Every solve gets
 * one decision — sent or skipped, and why — once the workspace's delay has passed. The decision is recorded on the ticket in the same
 * batch as the survey row and its email, and the survey row's unique (ticket, solve) key makes
 * an overlapping run's identical batch a no-op, so a survey is never sent twice.
 */
export function dueSolves(db: Db, now: Date, batch = 50) {
  return db
    .select({
      ticketId: tickets.id,
      tenantId: tickets.tenantId,
      solvedAt: tickets.solvedAt,
      requesterId: tickets.requesterId,
      customerName: customers.name,
      customerOptedOut: customers.surveyOptOut,
      // Not survey_settings.tenant_id: batched results are keyed by column name (cron-step.ts).
      settings: { enabled: surveySettings.enabled, delayMinutes: surveySettings.delayMinutes, scale: surveySettings.scale, question: surveySettings.question, allowComment: surveySettings.allowComment, language: surveySettings.language, resendAfterReopen: surveySettings.resendAfterReopen },
      noSurveyTag: sql<string | null>`(select ${ticketTags.tag} from ${ticketTags} where ${ticketTags.tenantId} = ${tickets.tenantId} and ${ticketTags.ticketId} = ${tickets.id} and ${ticketTags.tag} in ${NO_SURVEY_TAGS} limit 1)`,
      hasPublicReply: sql<number>`exists (select 1 from ${messages} where ${messages.tenantId} = ${tickets.tenantId} and ${messages.ticketId} = ${tickets.id} and ${messages.kind} = 'reply')`,
      firstMessage: sql<string | null>`(select json_object('automatic', ${messages.automatic}, 'text', substr(${messages.bodyText}, 1, 2000)) from ${messages} where ${messages.tenantId} = ${tickets.tenantId} and ${messages.ticketId} = ${tickets.id} order by ${messages.createdAt} limit 1)`,
      surveyedBefore: sql<number>`exists (select 1 from ${surveys} where ${surveys.tenantId} = ${tickets.tenantId} and ${surveys.ticketId} = ${tickets.id})`,
      failed: hasFailed("survey", tickets.tenantId, tickets.id),
    })
    .from(tickets)
    .innerJoin(customers, and(eq(customers.tenantId, tickets.tenantId), eq(customers.id, tickets.requesterId)))
    .leftJoin(surveySettings, eq(surveySettings.tenantId, tickets.tenantId))
    .where(
      and(
        pendingSolve,
        // Not before the workspace's delay; a workspace with surveys off is decided at once.
        sql`(${tickets.solvedAt} <= ${now.getTime()} - coalesce(${surveySettings.delayMinutes}, ${DEFAULT_SURVEY_SETTINGS.delayMinutes}) * 60000 or ${surveySettings.enabled} = 0)`,
        // A solve whose survey failed lately waits out its back-off: a poison item never fills the batch.
        not(backedOff("survey", tickets.tenantId, tickets.id, now)),
      ),
    )
    .orderBy(asc(tickets.solvedAt))
    .limit(batch);
}

type DueSolve = Awaited<ReturnType<typeof dueSolves>>[number];

/** A solve's survey (sending it, or deciding not to) as one item of work. */
const surveyWork = (solve: DueSolve): WorkRef => ({ tenantId: solve.tenantId, kind: "survey", itemId: solve.ticketId, ticketId: solve.ticketId });

/** The statement that records the decision on the ticket (only for the solve it was made for). */
const decidedOn = (db: Db, solve: DueSolve) =>
  db
    .update(tickets)
    .set({ surveyForSolve: solve.solvedAt })
    .where(and(eq(tickets.tenantId, solve.tenantId), eq(tickets.id, solve.ticketId), eq(tickets.solvedAt, solve.solvedAt!)));

/** The survey rules applied to what the scan read (no I/O). */
function decisionOf(solve: DueSolve, now: Date) {
  const settings = solve.settings ?? DEFAULT_SURVEY_SETTINGS;
  const first = solve.firstMessage ? (JSON.parse(solve.firstMessage) as { automatic: number; text: string }) : null;
  const decision = decideSurvey(
    settings,
    {
      solvedAt: solve.solvedAt!,
      noSurveyTag: solve.noSurveyTag,
      startedByAutomaticMail: Boolean(first?.automatic),
      hasPublicReply: Boolean(solve.hasPublicReply),
      customerOptedOut: solve.customerOptedOut,
      surveyedBefore: Boolean(solve.surveyedBefore),
    },
    now,
  );
  return { settings, first, decision };
}

/**
 * Decides each solve the scan found (`dueSolves`), each behind its own failure boundary: one that
 * throws is recorded for its workspace's admins and backed off; the others are still decided.
 * The skips are only a mark on the ticket: all recorded in one batch (if it fails, one by one).
 */
export async function decideSolves(db: Db, mail: SurveyMailSettings, due: readonly DueSolve[], now: Date): Promise<SurveyTickResult> {
  const result: SurveyTickResult = { sent: 0, skipped: {} };
  const skipped = (reason: SkipReason) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1);
  const skips: { solve: DueSolve; reason: SkipReason }[] = [];
  const toSend: { solve: DueSolve; decided: ReturnType<typeof decisionOf> }[] = [];
  const waiting: DueSolve[] = [];
  for (const solve of due) {
    const decided = await isolated(db, surveyWork(solve), now, async () => decisionOf(solve, now));
    if (decided?.decision.action === "skip") skips.push({ solve, reason: decided.decision.reason });
    else if (decided?.decision.action === "send") toSend.push({ solve, decided });
    else if (decided) waiting.push(solve);
  }
  const cleared = (solves: readonly DueSolve[]) => solves.filter((solve) => solve.failed).map((solve) => clearWork(db, surveyWork(solve), now));
  try {
    await runBatch(db, [...skips.map(({ solve }) => decidedOn(db, solve)), ...cleared([...skips.map(({ solve }) => solve), ...waiting])]);
    for (const { reason } of skips) skipped(reason);
  } catch (error) {
    console.error(JSON.stringify({ event: "survey_batch_failed", solves: skips.length, error: describeError(error) }));
    for (const { solve, reason } of skips) {
      const done = await isolated(db, surveyWork(solve), now, async () => {
        await runBatch(db, [decidedOn(db, solve), ...cleared([solve])]);
        return true;
      });
      if (done) skipped(reason);
    }
  }
  for (const { solve, decided } of toSend) {
    const outcome = await isolated(db, surveyWork(solve), now, () => sendOne(solve, decided));
    if (outcome === "sent") result.sent++;
    else if (outcome && outcome !== "lost") skipped(outcome);
    if (outcome && solve.failed) await clearWork(db, surveyWork(solve), now);
  }
  return result;

  /** One solve's survey: sent, skipped for want of an address, or sent by an overlapping run. */
  async function sendOne(solve: DueSolve, { settings }: ReturnType<typeof decisionOf>): Promise<"sent" | "lost" | SkipReason> {
    const scope = { db, tenantId: solve.tenantId };
    const decided = decidedOn(db, solve);
    const skip = async (reason: SkipReason) => {
      await decided;
      return reason;
    };
    const ticket = await getTicket(scope, solve.ticketId);
    const context = await ticketMailContext(scope, mail, ticket.id);
    if (!context.toAddress) return skip("no_address");
    // Derived from the ticket and the solve, so two runs deciding the same solve build the same rows.
    const surveyId = `srv_${solve.ticketId.slice(solve.ticketId.indexOf("_") + 1)}${solve.solvedAt!.getTime().toString(36)}`;
    const language = surveyLanguage(settings.language, context.language);
    const token = await signSurveyLink(mail.linkSecret, { tenantId: solve.tenantId, ticketId: solve.ticketId, surveyId }, now);
    const page = `${mail.appUrl.replace(/\/+$/, "")}/survey/${token}`;
    const email = composeSurveyEmail({
      language,
      scale: settings.scale,
      question: settings.question,
      ticketNumber: ticket.number,
      ticketSubject: ticket.subject,
      customerName: solve.customerName,
      workspaceName: context.tenant.name,
      answerUrl: (answer) => `${page}?answer=${answer}`,
      optOutUrl: `${page}/opt-out`,
    });
    const outboundId = `out_${surveyId}`;
    const [inserted, [queued]] = (await runBatch(db, [
      db
        .insert(surveys)
        .values({ id: surveyId, tenantId: solve.tenantId, ticketId: solve.ticketId, customerId: solve.requesterId, solvedAt: solve.solvedAt!, scale: settings.scale, language, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning({ id: surveys.id }),
      queueOutbound(db, {
        id: outboundId,
        tenantId: solve.tenantId,
        ticketId: solve.ticketId,
        purpose: "survey",
        fromAddress: context.fromAddress,
        fromName: context.tenant.name,
        toAddress: context.toAddress,
        replyTo: context.fromAddress,
        subject: email.subject,
        bodyText: email.text,
        bodyHtml: email.html,
        emailMessageId: newMessageId(mail.mailDomain),
        inReplyTo: context.inReplyTo,
        references: context.references,
        // RFC 8058 one-click opt-out, offered by mail clients next to the sender.
        headers: { ...AUTOMATIC_MAIL_HEADERS, "Auto-Submitted": "auto-generated", "List-Unsubscribe": `<${page}/opt-out>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        createdAt: now,
      })
        .onConflictDoNothing()
        .returning(),
      decided,
    ])) as [{ id: string }[], OutboundRecord[], unknown];
    if (inserted.length === 0 || !queued) return "lost"; // another run sent it
    await deliver(db, mail.mailer, queued, now);
    return "sent";
  }
}
