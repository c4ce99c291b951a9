import { eq, sql } from "drizzle-orm";
import { businessCalendars, slaAlerts } from "../../../schema";
import { noRows, type Db, type Statement } from "../db";
import { abortUnless } from "../row-version";
import { planEventHooks, type EventHookPlan } from "../rules/ticket-event-hooks";
import { TRIGGER_READS, triggerReads, type TriggerRead } from "../rules/trigger-reads";
import type { TenantScope } from "../tenancy/scope";
import { storedEvent } from "../tickets/ticket-triggers";
import { ticketFrom, ticketQuery, triggeredStatements } from "../tickets/ticket-store";
import type { slaClocks } from "../../../schema";

type Clock = typeof slaClocks.$inferSelect;
type AlertKind = "warning" | "breach";

/**
 * An SLA alert raises `sla_warning` / `sla_breach` to the workspace's triggers (docs/rules.md),
 * inside the alert's own recording batch. Its webhook subscribers are not posted here: the alert
 * posts them its own payload, once (`subscribersOf`).
 */

/**
 * What the triggers need, for the alert's read batch: the ticket as rules see it, the calendars and
 * `triggerReads` (index probes; no rows without an active trigger). Nothing is sent for a workspace
 * the cron's scan found without one (`withoutTriggers`).
 */
export function alertTriggerReads(db: Db, clock: Pick<Clock, "tenantId" | "ticketId">, withoutTriggers = false): ReturnType<typeof triggerStatements> {
  if (withoutTriggers) return noRows([...ALERT_READS, ...TRIGGER_READS]) as unknown as ReturnType<typeof triggerStatements>;
  return triggerStatements(db, clock);
}

const ALERT_READS = ["ruleTicket", "slaCalendars"] as const;

function triggerStatements(db: Db, clock: Pick<Clock, "tenantId" | "ticketId">) {
  const scope: TenantScope = { db, tenantId: clock.tenantId };
  return {
    ruleTicket: ticketQuery(scope, clock.ticketId),
    slaCalendars: db.select().from(businessCalendars).where(eq(businessCalendars.tenantId, clock.tenantId)),
    ...triggerReads(scope, { ticketId: clock.ticketId }),
  };
}

type AlertTriggerRead = TriggerRead & { [K in "ruleTicket" | "slaCalendars"]: Awaited<ReturnType<typeof alertTriggerReads>[K]> };

export const ALERT_EVENT = { warning: "sla_warning", breach: "sla_breach" } as const;

/**
 * The alert's trigger run (null: nothing fired and nothing to write): the plan, and the statements
 * for the alert's batch — first a guard that aborts the batch if another run raised the alert
 * meanwhile (its row is there), so a trigger fires at most once per alert; then, after the alert's
 * own rows, the ticket's changes, notes, history (the trigger as the reason) and calls.
 */
export function planAlertTriggers(db: Db, clock: Clock, kind: AlertKind, read: AlertTriggerRead, now: Date): { plan: EventHookPlan; guard: Statement; statements: Statement[] } | null {
  if (read.triggers.length === 0 || read.ruleTicket.length === 0) return null;
  const scope: TenantScope = { db, tenantId: clock.tenantId };
  const plan = planEventHooks(scope, read, storedEvent(ALERT_EVENT[kind], ticketFrom(read.ruleTicket), null, []), now);
  if (!plan) return null;
  const raised = sql`exists (select 1 from ${slaAlerts} where ${slaAlerts.tenantId} = ${clock.tenantId} and ${slaAlerts.ticketId} = ${clock.ticketId} and ${slaAlerts.metric} = ${clock.metric} and ${slaAlerts.instance} = ${clock.instance} and ${slaAlerts.kind} = ${kind})`;
  return { plan, guard: abortUnless(db, clock.tenantId, sql`not ${raised}`), statements: triggeredStatements(scope, clock.ticketId, plan, now) };
}
