import { pruneRateLimits } from "../core/auth/rate-limit";
import { openDb } from "../core/db";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { deliverDue } from "../core/mail/outbox";

/** The clock, every minute (UTC): retries outbound mail that failed, forgets old rate-limit windows. */
export const handleScheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  const db = openDb(env.DB);
  const now = new Date(controller.scheduledTime);
  const sent = await deliverDue(db, sendEmailBindingMailer(env.EMAIL), now);
  await pruneRateLimits(db, now.getTime());
  console.log(JSON.stringify({ event: "cron", cron: controller.cron, outboundAttempted: sent.length, outboundFailed: sent.filter((m) => m.status === "failed").length }));
};
