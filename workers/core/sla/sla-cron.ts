import { and, asc, eq, gt, inArray, isNotNull, lte, ne, not, sql } from "drizzle-orm";
import { SLA_METRIC_NAMES, slaClocks, tenants, tickets } from "../../../schema";
import { inChunks, runBatch, type Db, type Statement } from "../db";
import { activeTriggerIn } from "../rules/trigger-reads";
import type { TenantScope } from "../tenancy/scope";
import type { LiveHub } from "../live/live-events";
import { updateTickets, type TicketUpdate } from "../tickets/ticket-store";
import { cronStep, runCronSteps, type CronStep } from "../work/cron-step";
import { describeError, isolated, isolatedOutcome } from "../work/failure-boundary";
import { backedOff, clearWork, hasFailed, type WorkRef } from "../work/work-items";
import { abortedByGuard } from "../row-version";
import { ALERT_EVENT } from "./sla-alert-triggers";
import { escalationActor, escalationPatch, raiseAlerts, SYSTEM, type AlertChannels, type AlertOutcome, type Clock, type DueAlert } from "./sla-alerts";
import { finishTicketWrites } from "./ticket-sla";

export interface SlaTickResult {
  warnings: number;
  breaches: number;
  escalations: number;
  recomputed: number;
  autoClosed: number;
}

/**
 * The SLA part of the cron tick, as three cron steps (recomputation passes, alerts, auto-close),
 * whose scans go out with the rest of the tick's in one batch. Every step is bounded and safe to
 * run twice at once: an alert is sent only by the run that inserted its row (one per ticket,
 * metric, instance and kind — the primary key decides), and what a missed run left due is still
 * due for the next.
 */
export function slaSteps(db: Db, channels: AlertChannels & { live?: LiveHub }, now: Date, batch = 100): CronStep<Partial<SlaTickResult>>[] {
  return [
    cronStep("sla_recompute", { pending: pendingRecomputes(db) }, async ({ pending }) => ({ recomputed: await recomputePending(db, pending, now, batch) })),
    cronStep("sla_alerts", { breached: breachedClocks(db, now, batch), warned: warnedClocks(db, now, batch) }, (found) => raiseDueAlerts(db, channels, found, now)),
    cronStep("auto_close", { due: dueToClose(db, now, batch) }, async ({ due }) => ({ autoClosed: await autoClose(db, due, now, channels.live) })),
  ];
}

/** The SLA steps on their own (one round trip for their scans), as the tick runs them. */
export async function runSlaTick(db: Db, channels: AlertChannels, now: Date, batch = 100): Promise<SlaTickResult> {
  const { result } = await runCronSteps(db, slaSteps(db, channels, now, batch));
  return { warnings: 0, breaches: 0, escalations: 0, recomputed: 0, autoClosed: 0, ...result };
}

/**
 * Not yet alerted and past due: running clocks, and clocks a recomputation already found
 * breached (a reply a moment after the deadline, a policy change) — both by index sla_clocks_due.
 * A ticket whose alert failed lately is skipped until its back-off ends (a poison item never fills the batch).
 */
const breachedClocks = (db: Db, now: Date, batch: number) =>
  db
    .select({ clock: slaClocks, failed: alertFailed, hasTriggers: activeTriggerIn(sql`"sla_clocks"."tenant_id"`) })
    .from(slaClocks)
    .where(and(inArray(slaClocks.state, ["running", "breached"]), eq(slaClocks.breachAlerted, false), lte(slaClocks.dueAt, now), not(alertBackedOff(now))))
    .orderBy(asc(slaClocks.dueAt))
    .limit(batch);

/** Running clocks inside their warning window; a warned clock has no warning time any more. */
const warnedClocks = (db: Db, now: Date, batch: number) =>
  db
    .select({ clock: slaClocks, failed: alertFailed, hasTriggers: activeTriggerIn(sql`"sla_clocks"."tenant_id"`) })
    .from(slaClocks)
    .where(and(eq(slaClocks.state, "running"), lte(slaClocks.warnAt, now), gt(slaClocks.dueAt, now), not(alertBackedOff(now))))
    .orderBy(asc(slaClocks.warnAt))
    .limit(batch);

type DueClocks = Awaited<ReturnType<typeof breachedClocks>>;

/** Alerts raised together (three round trips a group): bounded so a group's batches stay small. */
const ALERTS_PER_BATCH = 20;

/**
 * Raises the due alerts a group at a time (`raiseAlerts`); if a group's batch fails, its alerts
 * are raised again one by one, each behind its own failure boundary, so a poison alert is
 * recorded for its workspace's admins and backed off while the others still go out. Then the
 * breaches' escalations, written together (`updateTickets`; each behind the same boundary), and
 * the SLA write of every other breached ticket, together too (`finishTicketWrites`).
 */
async function raiseDueAlerts(db: Db, channels: AlertChannels & { live?: LiveHub }, found: { breached: DueClocks; warned: DueClocks }, now: Date): Promise<Partial<SlaTickResult>> {
  const result = { warnings: 0, breaches: 0, escalations: 0 };
  const due = [...found.breached.map((f) => ({ ...f, kind: "breach" as const })), ...found.warned.map((f) => ({ ...f, kind: "warning" as const }))].map((f) => ({ ...f, withoutTriggers: !f.hasTriggers }));
  // Undefined when raising the alert failed (recorded behind the boundary).
  const raised: (AlertOutcome | undefined)[] = [];
  for (const group of inChunks(due, ALERTS_PER_BATCH)) {
    const outcomes = await raiseAlerts(db, channels, group, now).catch(async (error: unknown) => {
      console.error(JSON.stringify({ event: "alert_batch_failed", alerts: group.length, error: describeError(error) }));
      const one: (AlertOutcome | undefined)[] = [];
      for (const alert of group) one.push(await isolated(db, alertWork(alert.clock), now, () => raiseAlone(db, channels, alert, now)));
      return one;
    });
    raised.push(...outcomes);
  }
  const patches = raised.map((r) => (r && r.escalation ? escalationPatch(r.escalation) : null));
  const escalating = due.flatMap(({ clock, withoutTriggers }, i) =>
    patches[i] ? [{ scope: { db, tenantId: clock.tenantId, live: channels.live?.(clock.tenantId), withoutTriggers }, id: clock.ticketId, patch: patches[i], metric: clock.metric }] : [],
  );
  const updated = await writeEscalations(escalating, now);
  const clears: Statement[] = [];
  const recompute: { scope: TenantScope; ticketId: string }[] = [];
  let at = 0;
  for (const [i, { clock, failed, kind }] of due.entries()) {
    // Undefined when the escalation failed (recorded behind the boundary).
    const escalated = patches[i] ? (await isolatedOutcome(db, alertWork(clock), now, updated[at++]!))?.changes.length : 0;
    if (raised[i]) result[kind === "breach" ? "breaches" : "warnings"]++;
    if (escalated) result.escalations++;
    if (raised[i] !== undefined && escalated !== undefined && failed) clears.push(clearWork(db, alertWork(clock), now));
    // The escalation's own write already stored the clocks as they are after the breach (and its triggers' changes).
    if (!escalated && (kind === "breach" || (raised[i] && raised[i].triggersChanged))) recompute.push({ scope: { db, tenantId: clock.tenantId }, ticketId: clock.ticketId });
  }
  await runBatch(db, clears);
  await finishTicketWrites(recompute, now);
  return result;
}

/**
 * One alert on its own, behind the caller's boundary. If it fails with its triggers it is raised
 * without them — the alert is owed whatever a trigger does — and the triggers' failure is recorded
 * for the workspace's admins (they do not run again for this alert: at most once per event). If
 * it fails without them too, the failure is the alert's own (thrown).
 */
async function raiseAlone(db: Db, channels: AlertChannels, alert: DueAlert, now: Date): Promise<AlertOutcome> {
  try {
    return (await raiseAlerts(db, channels, [alert], now))[0]!;
  } catch (error) {
    // Another run raised it meanwhile (the triggers' guard): nothing is owed.
    if (abortedByGuard(error)) return false;
    const outcome = (await raiseAlerts(db, channels, [alert], now, false))[0]!;
    await isolated(db, alertTriggersWork(alert.clock), now, () => Promise.reject(new Error(`Triggers on ${ALERT_EVENT[alert.kind]} did not run: ${describeError(error)}`)));
    return outcome;
  }
}

/**
 * The escalations written together (`updateTickets`), one call per breached metric — the system
 * acts for that reason, which their history records ("first reply breached") — so at most four
 * groups however many tickets. Outcomes in the order given.
 */
async function writeEscalations(items: readonly (TicketUpdate & { metric: Clock["metric"] })[], now: Date) {
  const outcomes: Awaited<ReturnType<typeof updateTickets>> = [];
  for (const metric of SLA_METRIC_NAMES) {
    const mine = items.flatMap((item, i) => (item.metric === metric ? [i] : []));
    const results = await updateTickets(escalationActor({ metric }), mine.map((i) => items[i]!), now);
    mine.forEach((i, k) => (outcomes[i] = results[k]!));
  }
  return outcomes;
}

/** A ticket's SLA alerting (warnings, breaches, escalations) as one item of work. */
const alertWork = (clock: Clock): WorkRef => ({ tenantId: clock.tenantId, kind: "sla_alert", itemId: clock.ticketId, ticketId: clock.ticketId });
/** The triggers an alert runs, as their own item (a failure there is recorded, not retried: the alert went out without them). */
const alertTriggersWork = (clock: Clock): WorkRef => ({ tenantId: clock.tenantId, kind: "sla_alert", itemId: `${clock.ticketId}/triggers`, ticketId: clock.ticketId });
const alertBackedOff = (now: Date) => backedOff("sla_alert", slaClocks.tenantId, slaClocks.ticketId, now);
const alertFailed = hasFailed("sla_alert", slaClocks.tenantId, slaClocks.ticketId);


/** The scan for workspaces whose policies or calendars changed (a recomputation pass is pending). */
const pendingRecomputes = (db: Db) => db.select({ id: tenants.id, slaRecomputeCursor: tenants.slaRecomputeCursor }).from(tenants).where(isNotNull(tenants.slaRecomputeCursor)).limit(5);

/** Works through the workspaces whose pass is pending, a batch of open tickets at a time. */
async function recomputePending(db: Db, pending: Awaited<ReturnType<typeof pendingRecomputes>>, now: Date, batch: number): Promise<number> {
  let count = 0;
  for (const tenant of pending) {
    const scope = { db, tenantId: tenant.id };
    const open = await db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenant.id), ne(tickets.status, "closed"), gt(tickets.id, tenant.slaRecomputeCursor!)))
      .orderBy(asc(tickets.id))
      .limit(batch);
    // Each ticket behind its own boundary: one that fails is recorded as owed work (retried with
    // back-off) and the cursor moves past it, so it can never pin the pass.
    await finishTicketWrites(open.map((ticket) => ({ scope, ticketId: ticket.id })), now);
    count += open.length;
    // Only move the cursor if nobody asked for a new pass meanwhile ("" means: start again).
    await db
      .update(tenants)
      .set({ slaRecomputeCursor: open.length < batch ? null : open.at(-1)!.id })
      .where(and(eq(tenants.id, tenant.id), eq(tenants.slaRecomputeCursor, tenant.slaRecomputeCursor!)));
  }
  return count;
}

/**
 * Solved tickets close by themselves after the workspace's number of days. Each workspace has
 * its own cut-off, so the scan walks the workspaces (CROSS JOIN keeps them the outer loop) and
 * reads only each one's due range of `tickets (tenant_id, status, solved_at)`.
 */
const dueToClose = (db: Db, now: Date, batch: number) =>
  db
    .select({ id: tickets.id, tenantId: tickets.tenantId, failed: hasFailed("auto_close", tickets.tenantId, tickets.id), hasTriggers: activeTriggerIn(sql`"tickets"."tenant_id"`) })
    .from(tenants)
    .crossJoin(tickets)
    .where(
      and(
        isNotNull(tenants.autoCloseDays),
        eq(tickets.tenantId, tenants.id),
        eq(tickets.status, "solved"),
        sql`${tickets.solvedAt} <= ${now.getTime()} - ${tenants.autoCloseDays} * 86400000`,
        not(backedOff("auto_close", tickets.tenantId, tickets.id, now)),
      ),
    )
    .limit(batch);

/**
 * Closes the due tickets, written together (`updateTickets`), each behind its own failure
 * boundary: one that cannot close is recorded for its workspace's admins and backed off.
 */
async function autoClose(db: Db, due: Awaited<ReturnType<typeof dueToClose>>, now: Date, live?: LiveHub): Promise<number> {
  const outcomes = await updateTickets(SYSTEM, due.map((ticket) => ({ scope: { db, tenantId: ticket.tenantId, live: live?.(ticket.tenantId), withoutTriggers: !ticket.hasTriggers }, id: ticket.id, patch: { status: "closed" } })), now);
  let closed = 0;
  const clears: Statement[] = [];
  for (const [i, ticket] of due.entries()) {
    const ref: WorkRef = { tenantId: ticket.tenantId, kind: "auto_close", itemId: ticket.id, ticketId: ticket.id };
    const done = await isolatedOutcome(db, ref, now, outcomes[i]!);
    if (done) closed++;
    if (done && ticket.failed) clears.push(clearWork(db, ref, now));
  }
  await runBatch(db, clears);
  return closed;
}
