import { pruneRateLimits } from "../core/auth/rate-limit";
import { openDb } from "../core/db";
import { pruneIdempotencyKeys } from "../core/idempotency/idempotency-store";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { deliverDue } from "../core/mail/outbox";
import { runSlaTick } from "../core/sla/sla-cron";
import { sendDueSurveys } from "../core/surveys/survey-cron";
import { deliverDueWebhooks, platformWebhooks } from "../core/webhooks/webhook-delivery";
import { describeError } from "../core/work/failure-boundary";
import { finishOwedWork } from "../core/work/owed-work";

/**
 * The clock, every minute (UTC): owed work that a change could not finish, SLA recomputation
 * after policy changes, pre-breach warnings, breach alerts and escalations, auto-close of solved
 * tickets, satisfaction surveys, retries of outbound mail and of webhook deliveries, and old
 * rate-limit windows forgotten. Each step is a bounded batch and safe to overlap. Every item
 * inside a step has its own failure boundary (recorded for its workspace's admins, backed off);
 * a step that fails as a whole (its scan) is logged and the next step still runs.
 */
export const handleScheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  const db = openDb(env.DB);
  const now = new Date(controller.scheduledTime);
  const mail = { mailer: sendEmailBindingMailer(env.EMAIL), mailDomain: env.MAIL_DOMAIN };
  const webhooks = platformWebhooks(env);
  const failedSteps: string[] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      failedSteps.push(name);
      console.error(JSON.stringify({ event: "cron_step_failed", step: name, error: describeError(error) }));
      return undefined;
    }
  };
  const owed = await step("owed_work", () => finishOwedWork({ db, blobs: env.BLOBS, mail }, now));
  const sla = await step("sla", () => runSlaTick(db, { mail, webhooks }, now));
  const surveys = await step("surveys", () => sendDueSurveys(db, { ...mail, appUrl: env.APP_URL, linkSecret: env.JWT_SECRET }, now));
  const sent = await step("outbound_mail", () => deliverDue(db, mail.mailer, now));
  const posted = await step("webhooks", () => deliverDueWebhooks(db, webhooks, now));
  await step("rate_limits", () => pruneRateLimits(db, now.getTime()));
  await step("idempotency_keys", () => pruneIdempotencyKeys(db, now.getTime()));
  console.log(
    JSON.stringify({
      event: "cron",
      cron: controller.cron,
      ...owed,
      ...sla,
      surveysSent: surveys?.sent,
      surveysSkipped: surveys?.skipped,
      outboundAttempted: sent?.length,
      outboundFailed: sent?.filter((m) => m.status === "failed").length,
      webhooksAttempted: posted?.length,
      webhooksFailed: posted?.filter((d) => d.status === "failed").length,
      failedSteps,
    }),
  );
};
