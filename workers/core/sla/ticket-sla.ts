import { and, asc, eq, ne } from "drizzle-orm";
import { customers, messages, slaAlerts, slaClocks, tenants, ticketEvents, tickets } from "../../../schema";
import { runBatch, inChunks } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { getTicket, type Ticket } from "../tickets/ticket-store";
import { isolated } from "../work/failure-boundary";
import { clearWork, oweWork, type WorkRef } from "../work/work-items";
import { calendarFor, calendarProblems, timeMathOf } from "./calendar-store";
import { computeClocks, type ClockInstance, type HistoryEvent } from "./clocks";
import { choosePolicy, type MatchedCondition } from "./policy-match";
import { asPolicy, listPolicies, type PolicyRow } from "./policy-store";

export interface TicketSla {
  policy: PolicyRow | null;
  /** Why the policy's deadlines cannot be set (its calendar is invalid or never open); null when they can. */
  blockedBy: string | null;
  reasons: string[];
  /** `reasons` as data: which conditions of the policy held (empty when no policy applies). */
  matched: MatchedCondition[];
  clocks: ClockInstance[];
}

/**
 * Works out a ticket's SLA from scratch: the policy that applies (first match in order), its
 * targets for the ticket's priority, and every clock derived from the ticket's history.
 */
export async function evaluateTicketSla(scope: TenantScope, ticketOrId: Ticket | string, now = new Date()): Promise<TicketSla> {
  const { db, tenantId } = scope;
  const ticket = typeof ticketOrId === "string" ? await getTicket(scope, ticketOrId) : ticketOrId;
  const [requester, tenant, policies, history] = await Promise.all([
    db.query.customers.findFirst({ where: and(eq(customers.tenantId, tenantId), eq(customers.id, ticket.requesterId)), columns: { tier: true } }),
    db.query.tenants.findFirst({ where: eq(tenants.id, tenantId), columns: { defaultCalendarId: true } }),
    listPolicies(scope),
    db
      .select({ event: ticketEvents, automatic: messages.automatic })
      .from(ticketEvents)
      .leftJoin(messages, and(eq(messages.tenantId, ticketEvents.tenantId), eq(messages.id, ticketEvents.messageId)))
      .where(and(eq(ticketEvents.tenantId, tenantId), eq(ticketEvents.ticketId, ticket.id)))
      .orderBy(asc(ticketEvents.id)),
  ]);
  const chosen = choosePolicy(policies.map(asPolicy), {
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    customerTier: requester?.tier ?? "standard",
    groupId: ticket.groupId,
    tags: ticket.tags,
  });
  if (!chosen) return { policy: null, blockedBy: null, reasons: ["No active SLA policy matches this ticket"], matched: [], clocks: [] };
  const policy = policies.find((p) => p.id === chosen.policy.id)!;
  const calendar = await calendarFor(scope, policy.calendarId, tenant?.defaultCalendarId ?? null);
  const targets = policy.targets[ticket.priority] ?? {};
  const problems = Object.values(targets).some((t) => t?.businessHours) ? calendarProblems(calendar) : [];
  if (problems.length) {
    const blockedBy = `SLA policy "${policy.name}" cannot set deadlines: its business calendar is unusable (${problems.map((p) => p.message).join("; ")})`;
    return { policy, blockedBy, reasons: [...chosen.reasons, blockedBy], matched: chosen.matched, clocks: [] };
  }
  const events: HistoryEvent[] = history.map(({ event, automatic }) => ({
    at: event.createdAt,
    type: event.type,
    actorType: event.actorType,
    field: event.field,
    newValue: event.newValue,
    automatic: Boolean(automatic),
  }));
  const clocks = computeClocks({ events, targets, pausedStatuses: policy.pausedStatuses, now, time: timeMathOf(calendar) });
  return { policy, blockedBy: null, reasons: chosen.reasons, matched: chosen.matched, clocks };
}

/**
 * Recomputes and stores a ticket's clocks (one atomic batch: the old rows go, the new ones
 * come, and the owed `sla_recompute` work is cleared). Alerts already raised are carried over
 * from `sla_alerts`: a warned clock has no warning time left, a breach-alerted one is marked so,
 * and the cron's scans skip both. A policy whose calendar cannot give deadlines throws
 * `SlaBlockedError`, leaving the clocks as they were and the work owed (see `finishTicketWrite`).
 */
export async function recomputeTicketSla(scope: TenantScope, ticketId: string, now = new Date()): Promise<TicketSla> {
  const { db, tenantId } = scope;
  const [sla, raised] = await Promise.all([
    evaluateTicketSla(scope, ticketId, now),
    db
      .select({ metric: slaAlerts.metric, instance: slaAlerts.instance, kind: slaAlerts.kind })
      .from(slaAlerts)
      .where(and(eq(slaAlerts.tenantId, tenantId), eq(slaAlerts.ticketId, ticketId))),
  ]);
  if (sla.blockedBy) throw new SlaBlockedError(sla.blockedBy);
  const alerted = new Set(raised.map((a) => `${a.metric}/${a.instance}/${a.kind}`));
  const warnMs = (sla.policy?.warnBeforeMinutes ?? 0) * 60_000;
  const rows = sla.clocks.map((c) => ({
    tenantId,
    ticketId,
    metric: c.metric,
    instance: c.instance,
    policyId: sla.policy!.id,
    state: c.state,
    startedAt: c.startedAt,
    dueAt: c.dueAt,
    warnAt: c.state === "running" && c.dueAt && !alerted.has(`${c.metric}/${c.instance}/warning`) ? new Date(c.dueAt.getTime() - warnMs) : null,
    fulfilledAt: c.fulfilledAt,
    breachedAt: c.breachedAt,
    breachAlerted: alerted.has(`${c.metric}/${c.instance}/breach`),
    pauses: c.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
    targetMinutes: c.targetMinutes,
    businessHours: c.businessHours,
    updatedAt: now,
  }));
  await runBatch(db, [
    db.delete(slaClocks).where(and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, ticketId))),
    // 17 columns a row: 5 rows stay under D1's 100 bound parameters per statement.
    ...inChunks(rows, 5).map((chunk) => db.insert(slaClocks).values(chunk)),
    clearWork(db, slaWork(scope, ticketId), now),
  ]);
  return sla;
}

/** The workspace's SLA settings cannot give this ticket deadlines; an admin has to fix them. */
export class SlaBlockedError extends Error {
  override name = "SlaBlockedError";
}

/** The owed recomputation of one ticket's clocks. */
export const slaWork = (scope: TenantScope, ticketId: string): WorkRef => ({ tenantId: scope.tenantId, kind: "sla_recompute", itemId: ticketId, ticketId });

/** For the batch of any change to a ticket: its clocks are owed a recomputation. */
export const owedSlaRecompute = (scope: TenantScope, ticketId: string, now: Date) => oweWork(scope.db, slaWork(scope, ticketId), now);

/**
 * For the batch of a change to a customer that SLA policies read (the tier): the clocks of the
 * customer's open tickets are owed a recomputation, which the cron does. One read, only then.
 */
export async function owedSlaRecomputeOfRequester(scope: TenantScope, customerId: string, now: Date) {
  const open = await scope.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.tenantId, scope.tenantId), eq(tickets.requesterId, customerId), ne(tickets.status, "closed")));
  return open.map((t) => owedSlaRecompute(scope, t.id, now));
}

/**
 * What follows every committed change to a ticket, called by the core write function that made
 * it (never by routes): the clocks are recomputed behind a failure boundary. If that fails, the
 * change still stands, the failure is recorded for the workspace's admins, and the cron retries
 * the owed work with back-off.
 */
export async function finishTicketWrite(scope: TenantScope, ticketId: string, now: Date): Promise<void> {
  await isolated(scope.db, slaWork(scope, ticketId), now, () => recomputeTicketSla(scope, ticketId, now));
}
