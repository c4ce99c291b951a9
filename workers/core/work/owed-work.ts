import type { Db } from "../db";
import type { MailSettings } from "../mail/mailer";
import { ackWork, retryAcknowledgement } from "../mail/ticket-acknowledgement";
import { finishTicketWrite } from "../sla/ticket-sla";
import { isolated } from "./failure-boundary";
import { dueWork } from "./work-items";

export interface OwedWorkResult {
  slaRecomputed: number;
  acknowledged: number;
}

/**
 * The cron's part of owed work: what a change recorded as owed and could not finish right after
 * it (the request ended early, or the work failed and its back-off is over). Each item behind
 * its own failure boundary; a success clears it, a failure backs it off further.
 */
export async function finishOwedWork(db: Db, mail: MailSettings, now: Date, batch = 50): Promise<OwedWorkResult> {
  const result: OwedWorkResult = { slaRecomputed: 0, acknowledged: 0 };
  for (const item of await dueWork(db, "sla_recompute", now, batch)) {
    await finishTicketWrite({ db, tenantId: item.tenantId }, item.itemId, now);
    result.slaRecomputed++;
  }
  for (const item of await dueWork(db, "acknowledgement", now, batch)) {
    const done = await isolated(db, ackWork(item.tenantId, item.itemId), now, () => retryAcknowledgement({ db, tenantId: item.tenantId }, mail, item.itemId, now));
    if (done !== undefined) result.acknowledged++;
  }
  return result;
}
