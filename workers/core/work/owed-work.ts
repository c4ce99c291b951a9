import { inboundWork, retryInbound, type IngestDeps } from "../mail/ingest";
import { ackWork, retryAcknowledgement } from "../mail/ticket-acknowledgement";
import { finishTicketWrites } from "../sla/ticket-sla";
import type { Db } from "../db";
import { cronStep } from "./cron-step";
import { isolated } from "./failure-boundary";
import { dueWork, type WorkItem } from "./work-items";

export interface OwedWorkResult {
  slaRecomputed: number;
  acknowledged: number;
  inboundProcessed: number;
}

/** The cron's scans for owed work, one per kind, each oldest first. */
export const owedWorkScans = (db: Db, now: Date, batch = 50) => ({
  inbound: dueWork(db, "inbound_mail", now, batch),
  slaRecompute: dueWork(db, "sla_recompute", now, batch),
  acknowledgement: dueWork(db, "acknowledgement", now, batch),
});

/**
 * The cron's part of owed work: what a change recorded as owed and could not finish right after
 * it (the request ended early, or the work failed and its back-off is over). Each item behind
 * its own failure boundary; a success clears it, a failure backs it off further.
 */
export const owedWorkStep = (deps: IngestDeps, now: Date) => cronStep("owed_work", owedWorkScans(deps.db, now), (found) => finishOwedWork(deps, found, now));

async function finishOwedWork(deps: IngestDeps, found: Record<keyof ReturnType<typeof owedWorkScans>, WorkItem[]>, now: Date): Promise<OwedWorkResult> {
  const { db, mail } = deps;
  const result: OwedWorkResult = { slaRecomputed: 0, acknowledged: 0, inboundProcessed: 0 };
  // Stored mail first: processing it owes the other two.
  for (const item of found.inbound) {
    const done = await isolated(db, inboundWork(item.tenantId, item.itemId), now, () => retryInbound(deps, { db, tenantId: item.tenantId }, item.itemId, now));
    if (done) result.inboundProcessed++;
  }
  // Together, a group at a time; each ticket still behind its own boundary.
  await finishTicketWrites(found.slaRecompute.map((item) => ({ scope: { db, tenantId: item.tenantId }, ticketId: item.itemId })), now);
  result.slaRecomputed += found.slaRecompute.length;
  for (const item of found.acknowledgement) {
    const done = await isolated(db, ackWork(item.tenantId, item.itemId), now, () => retryAcknowledgement({ db, tenantId: item.tenantId }, mail, item.itemId, now));
    if (done !== undefined) result.acknowledged++;
  }
  return result;
}
