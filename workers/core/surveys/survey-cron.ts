import { and, asc, eq, not, sql } from "drizzle-orm";
import { customers, messages, surveys, surveySettings, ticketTags, tickets } from "../../../schema";
import { runBatch, type Db } from "../db";
import { AUTOMATIC_MAIL_HEADERS } from "../mail/acknowledgement";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliver, queueOutbound, type OutboundRecord } from "../mail/outbox";
import { ticketMailContext } from "../tickets/ticket-mail";
import { getTicket } from "../tickets/ticket-store";
import { isolated } from "../work/failure-boundary";
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

/** Decides each solve the scan found (`dueSolves`), each behind its own failure boundary. */
export async function decideSolves(db: Db, mail: SurveyMailSettings, due: Awaited<ReturnType<typeof dueSolves>>, now: Date): Promise<SurveyTickResult> {
  const result: SurveyTickResult = { sent: 0, skipped: {} };
  for (const solve of due) {
    // Each solve behind its own failure boundary: one that throws is recorded for its
    // workspace's admins and backed off; the others are still decided.
    const ref: WorkRef = { tenantId: solve.tenantId, kind: "survey", itemId: solve.ticketId, ticketId: solve.ticketId };
    const outcome = await isolated(db, ref, now, () => decideOne(solve));
    if (outcome === "sent") result.sent++;
    else if (outcome && outcome !== "wait" && outcome !== "lost") result.skipped[outcome] = (result.skipped[outcome] ?? 0) + 1;
    if (outcome && solve.failed) await clearWork(db, ref, now);
  }
  return result;

  /** One solve's decision: sent, skipped (and why), not yet, or decided by an overlapping run. */
  async function decideOne(solve: (typeof due)[number]): Promise<"sent" | "wait" | "lost" | SkipReason> {
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
    if (decision.action === "wait") return "wait";
    const scope = { db, tenantId: solve.tenantId };
    const decided = db
      .update(tickets)
      .set({ surveyForSolve: solve.solvedAt })
      .where(and(eq(tickets.tenantId, solve.tenantId), eq(tickets.id, solve.ticketId), eq(tickets.solvedAt, solve.solvedAt!)));
    const skip = async (reason: SkipReason) => {
      await decided;
      return reason;
    };
    if (decision.action === "skip") return skip(decision.reason);

    const ticket = await getTicket(scope, solve.ticketId);
    const context = await ticketMailContext(scope, mail, ticket.id);
    if (!context.toAddress) return skip("no_address");
    // Derived from the ticket and the solve, so two runs deciding the same solve build the same rows.
    const surveyId = `srv_${solve.ticketId.slice(solve.ticketId.indexOf("_") + 1)}${solve.solvedAt!.getTime().toString(36)}`;
    const language = surveyLanguage(settings.language, `${ticket.subject}\n${first?.text ?? ""}`);
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
