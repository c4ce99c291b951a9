import { pruneRateLimits } from "../core/auth/rate-limit";
import { openDb } from "../core/db";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { deliverDue } from "../core/mail/outbox";
import { runSlaTick } from "../core/sla/sla-cron";
import { sendDueSurveys } from "../core/surveys/survey-cron";
import { deliverDueWebhooks, platformFetcher } from "../core/webhooks/webhook-delivery";

/**
 * The clock, every minute (UTC): SLA recomputation after policy changes, pre-breach warnings,
 * breach alerts and escalations, auto-close of solved tickets, satisfaction surveys, retries of
 * outbound mail and of webhook deliveries, and old rate-limit windows forgotten. Each step is a bounded batch and
 * safe to overlap.
 */
export const handleScheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  const db = openDb(env.DB);
  const now = new Date(controller.scheduledTime);
  const mail = { mailer: sendEmailBindingMailer(env.EMAIL), mailDomain: env.MAIL_DOMAIN };
  const webhooks = { fetcher: platformFetcher, appUrl: env.APP_URL };
  const sla = await runSlaTick(db, { mail, webhooks }, now);
  const surveys = await sendDueSurveys(db, { ...mail, appUrl: env.APP_URL, linkSecret: env.JWT_SECRET }, now);
  const sent = await deliverDue(db, mail.mailer, now);
  const posted = await deliverDueWebhooks(db, webhooks.fetcher, now);
  await pruneRateLimits(db, now.getTime());
  console.log(JSON.stringify({ event: "cron", cron: controller.cron, ...sla, surveysSent: surveys.sent, surveysSkipped: surveys.skipped, outboundAttempted: sent.length, outboundFailed: sent.filter((m) => m.status === "failed").length, webhooksAttempted: posted.length, webhooksFailed: posted.filter((d) => d.status === "failed").length }));
};
