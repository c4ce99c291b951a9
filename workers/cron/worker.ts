import { pruneRateLimits } from "../core/auth/rate-limit";
import { openDb } from "../core/db";
import { pruneIdempotencyKeys } from "../core/idempotency/idempotency-store";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { deliverFound, dueOutbound } from "../core/mail/outbox";
import { slaSteps } from "../core/sla/sla-cron";
import { assignmentStep } from "../core/assignment/assignment-cron";
import { automationsStep } from "../core/automations/automation-cron";
import { decideSolves, dueSolves } from "../core/surveys/survey-cron";
import { deliverFoundWebhooks, dueWebhookDeliveries, platformWebhooks } from "../core/webhooks/webhook-delivery";
import { cronStep, runCronSteps, type CronStep } from "../core/work/cron-step";
import { owedWorkStep } from "../core/work/owed-work";
import { liveHub } from "../live/live-publisher";
import { dueDigests, sendDigests } from "../core/notifications/notification-digest";
import { deleteExpiredUploads, expiredUploads } from "../core/attachments/upload-store";

/**
 * The clock, every minute (UTC): owed work that a change could not finish, SLA recomputation
 * after policy changes, pre-breach warnings, breach alerts and escalations, automations, auto-close of solved
 * tickets, satisfaction surveys, retries of outbound mail and of webhook deliveries, uploads never
 * sent deleted after their lifetime, and old
 * rate-limit windows and idempotency keys forgotten. Every step's scan (and the two prunes) goes
 * to the database in ONE batch — an idle tick is one round trip — then each step works through
 * what its scan found. Each step is bounded and safe to overlap. Every item inside a step has its
 * own failure boundary (recorded for its workspace's admins, backed off); a step that fails as a
 * whole is logged and the next step still runs (see `runCronSteps`).
 */
export const handleScheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env, ctx) => {
  const db = openDb(env.DB);
  const now = new Date(controller.scheduledTime);
  const mail = { mailer: sendEmailBindingMailer(env.EMAIL, env.BLOBS), mailDomain: env.MAIL_DOMAIN };
  const webhooks = platformWebhooks(env);
  const live = liveHub(env.LIVE, (p) => ctx.waitUntil(p));
  const steps: CronStep<Record<string, unknown>>[] = [
    owedWorkStep({ db, blobs: env.BLOBS, mail, live }, now),
    ...slaSteps(db, { mail, webhooks, live }, now),
    // After the SLA steps: an escalation that moved a ticket into a group is assigned in its own write.
    assignmentStep(db, now, live),
    // Time-based rules (docs/rules.md "Automations"): before the mail step, which sends the reminders they queue.
    automationsStep(db, { mail, live }, now),
    cronStep("surveys", { due: dueSolves(db, now) }, async ({ due }) => {
      const { sent, skipped } = await decideSolves(db, { ...mail, appUrl: env.APP_URL, linkSecret: env.JWT_SECRET }, due, now);
      return { surveysSent: sent, surveysSkipped: skipped };
    }),
    cronStep("notification_digests", { due: dueDigests(db, now) }, async ({ due }) => ({ notificationEmails: await sendDigests(db, { ...mail, appUrl: env.APP_URL }, due, now) })),
    cronStep("outbound_mail", { due: dueOutbound(db, now) }, async ({ due }) => {
      const sent = await deliverFound(db, mail.mailer, due, now);
      return { outboundAttempted: sent.length, outboundFailed: sent.filter((m) => m.status === "failed").length };
    }),
    cronStep("webhooks", { due: dueWebhookDeliveries(db, now) }, async ({ due }) => {
      const posted = await deliverFoundWebhooks(db, webhooks, due, now);
      return { webhooksAttempted: posted.length, webhooksFailed: posted.filter((d) => d.status === "failed").length };
    }),
    cronStep("expired_uploads", { expired: expiredUploads(db, now) }, async ({ expired }) => ({ uploadsExpired: await deleteExpiredUploads(db, env.BLOBS, expired) })),
    // Bounded deletes by index; nothing to do after them.
    cronStep("prune", { rateLimits: pruneRateLimits(db, now.getTime()), idempotencyKeys: pruneIdempotencyKeys(db, now.getTime()) }, async () => ({})),
  ];
  const { result, failedSteps } = await runCronSteps(db, steps);
  console.log(JSON.stringify({ event: "cron", cron: controller.cron, ...result, failedSteps }));
};
