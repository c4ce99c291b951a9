import { and, asc, eq, ne, sql } from "drizzle-orm";
import { businessCalendars, customers, messages, slaAlerts, slaClocks, slaPolicies, tenants, ticketEvents, tickets, type CustomerTier } from "../../../schema";
import { inChunks, noRows, readAll, runBatch, type ReadResults, type Statement } from "../db";
import { fixedRead } from "../built-once";
import { SettingsRead, settingsRead } from "../settings-cache";
import type { TenantScope } from "../tenancy/scope";
import type { NewEvent } from "../tickets/ticket-events";
import { ticketFrom, ticketQuery, type Ticket } from "../tickets/ticket-store";
import { isolated, isolatedOutcome } from "../work/failure-boundary";
import { writeGrouped } from "../work/grouped-write";
import { clearWork, oweWork, type WorkRef } from "../work/work-items";
import { ALWAYS_OPEN, calendarProblems, timeMathOf, type CalendarRow } from "./calendar-store";
import { computeClocks, type HistoryEvent } from "./clocks";
import { keepOutcomes, type PolicyClock } from "./kept-outcomes";
import { choosePolicy, SLA_METRICS, type MatchedCondition, type SlaMetric, type SlaTarget } from "./policy-match";
import { asPolicy, type PolicyRow } from "./policy-store";

export interface TicketSla {
  policy: PolicyRow | null;
  /** Why the policy's deadlines cannot be set (its calendar is invalid or never open); null when they can. */
  blockedBy: string | null;
  reasons: string[];
  /** `reasons` as data: which conditions of the policy held (empty when no policy applies). */
  matched: MatchedCondition[];
  /** Each with the policy it was computed under: an outcome reached under an earlier policy or target is kept (`kept-outcomes.ts`). */
  clocks: PolicyClock[];
}

/** What a ticket's SLA is computed from besides the ticket: read in one round trip. */
export interface SlaContext {
  policies: PolicyRow[];
  defaultCalendarId: string | null;
  calendars: CalendarRow[];
  requesterTier: CustomerTier | null;
  /** The ticket's history so far (events not yet stored may be added to it). */
  history: HistoryEvent[];
  /** Alerts already raised, as `metric/instance/kind`. */
  raised: Set<string>;
  /** The clocks as last stored: the outcomes already reached are kept. */
  stored: PolicyClock[];
}

/** The workspace's SLA settings (policies, default calendar, calendars), for a caller's `readAll` batch. */
export function slaSettingsReads(scope: TenantScope) {
  const { db, tenantId } = scope;
  return {
    slaPolicies: settingsRead(scope, "slaPolicies", () => policiesRead(db, { tenantId })),
    slaTenant: settingsRead(scope, "slaTenant", () => slaTenantRead(db, { tenantId })),
    slaCalendars: settingsRead(scope, "slaCalendars", () => calendarsRead(db, { tenantId })),
  };
}

const policiesRead = fixedRead(["tenantId"], (db, v) => db.select().from(slaPolicies).where(eq(slaPolicies.tenantId, v.tenantId)).orderBy(asc(slaPolicies.position), asc(slaPolicies.id)));
const slaTenantRead = fixedRead(["tenantId"], (db, v) => db.select({ defaultCalendarId: tenants.defaultCalendarId, assignOnReply: tenants.assignOnReply }).from(tenants).where(eq(tenants.id, v.tenantId)));
const calendarsRead = fixedRead(["tenantId"], (db, v) => db.select().from(businessCalendars).where(eq(businessCalendars.tenantId, v.tenantId)));

/**
 * The reads of a stored ticket's SLA context, for a caller's `readAll` batch: the settings, and
 * the ticket's requester tier (through the ticket unless given), history and alerts raised.
 */
export function slaContextReads(scope: TenantScope, ticketId: string, requesterId?: string) {
  return { ...slaSettingsReads(scope), ...ticketSlaReads(scope, ticketId, requesterId) };
}

/** A stored ticket's own SLA reads: its requester's tier, its history, the alerts raised, its clocks. */
function ticketSlaReads(scope: TenantScope, ticketId: string, requesterId?: string) {
  const { db, tenantId } = scope;
  return {
    slaRequester: requesterId === undefined ? ticketRequesterTierRead(db, { tenantId, ticketId }) : requesterTierRead(db, { tenantId, requesterId }),
    slaHistory: historyRead(db, { tenantId, ticketId }),
    slaAlertsRaised: alertsRaisedRead(db, { tenantId, ticketId }),
    slaStored: storedClocksRead(db, { tenantId, ticketId }),
  };
}

const requesterTierRead = fixedRead(["tenantId", "requesterId"], (db, v) => db.select({ tier: customers.tier }).from(customers).where(and(eq(customers.tenantId, v.tenantId), eq(customers.id, v.requesterId))));
const ticketRequesterTierRead = fixedRead(["tenantId", "ticketId"], (db, v) =>
  db
    .select({ tier: customers.tier })
    .from(customers)
    .where(and(eq(customers.tenantId, v.tenantId), eq(customers.id, db.select({ id: tickets.requesterId }).from(tickets).where(and(eq(tickets.tenantId, v.tenantId), eq(tickets.id, v.ticketId)))))),
);
// What the clocks need of each event (historyEvent), not the whole row: the history grows with the ticket.
const historyRead = fixedRead(["tenantId", "ticketId"], (db, v) =>
  db
    .select({
      event: { createdAt: ticketEvents.createdAt, type: ticketEvents.type, actorType: ticketEvents.actorType, field: ticketEvents.field, newValue: ticketEvents.newValue },
      automatic: messages.automatic,
    })
    .from(ticketEvents)
    .leftJoin(messages, and(eq(messages.tenantId, ticketEvents.tenantId), eq(messages.id, ticketEvents.messageId)))
    .where(and(eq(ticketEvents.tenantId, v.tenantId), eq(ticketEvents.ticketId, v.ticketId)))
    .orderBy(asc(ticketEvents.id)),
);
const alertsRaisedRead = fixedRead(["tenantId", "ticketId"], (db, v) =>
  db
    .select({ metric: slaAlerts.metric, instance: slaAlerts.instance, kind: slaAlerts.kind })
    .from(slaAlerts)
    .where(and(eq(slaAlerts.tenantId, v.tenantId), eq(slaAlerts.ticketId, v.ticketId))),
);
const storedClocksRead = fixedRead(["tenantId", "ticketId"], (db, v) => db.select().from(slaClocks).where(and(eq(slaClocks.tenantId, v.tenantId), eq(slaClocks.ticketId, v.ticketId))));

type SettingsReads = ReturnType<typeof slaSettingsReads>;
type SlaReads = ReturnType<typeof slaContextReads>;

/**
 * `slaContextReads` for a write that plans its clocks with `slaForWrite`. In a workspace this
 * isolate knows has no SLA policy (its policies kept under the settings version the request's
 * first batch checks: a request that finds it changed runs again, settings-cache.ts), the ticket's
 * own reads are answered with no rows instead of sent: without a policy there is nothing to
 * compute, and `slaForWrite` leaves the ticket's clocks as they are (clocks a deleted policy left
 * are the recomputation pass's, which reads them in full). So a write in such a workspace neither
 * reads the ticket's history nor writes clocks.
 */
export function slaWriteReads(scope: TenantScope, ticketId: string): SlaReads {
  const settings = slaSettingsReads(scope);
  const noPolicy = settings.slaPolicies instanceof SettingsRead && settings.slaPolicies.kept()?.length === 0;
  return { ...settings, ...(noPolicy ? (noRows(TICKET_SLA_READS) as unknown as TicketSlaReads) : ticketSlaReads(scope, ticketId)) };
}

type TicketSlaReads = ReturnType<typeof ticketSlaReads>;
/** The names `ticketSlaReads` returns: all of them and no other (`satisfies`). */
const TICKET_SLA_READS = Object.keys({ slaRequester: 0, slaHistory: 0, slaAlertsRaised: 0, slaStored: 0 } satisfies Record<keyof TicketSlaReads, 0>);

/** The context of a stored ticket, from the results of `slaContextReads`. */
export function slaContextFrom(r: ReadResults<SlaReads>): SlaContext {
  return {
    ...newTicketSlaContext(r, r.slaRequester[0]?.tier ?? null),
    history: r.slaHistory.map(({ event, automatic }) => historyEvent(event, Boolean(automatic))),
    raised: new Set(r.slaAlertsRaised.map((a) => `${a.metric}/${a.instance}/${a.kind}`)),
    stored: r.slaStored.map(storedClock),
  };
}

/**
 * A stored clock as the evaluation reads it. The row has no elapsed time: it is counted round the
 * clock here (only a clock kept exactly as stored shows it; a replayed one counts it anew).
 */
function storedClock(row: typeof slaClocks.$inferSelect): PolicyClock {
  const pauses = row.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));
  const end = (row.fulfilledAt ?? row.updatedAt).getTime();
  const paused = pauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.to?.getTime() ?? end, end) - p.from.getTime()), 0);
  return {
    metric: row.metric,
    instance: row.instance,
    policyId: row.policyId,
    startedAt: row.startedAt,
    pauses,
    dueAt: row.dueAt,
    fulfilledAt: row.fulfilledAt,
    breachedAt: row.breachedAt,
    stoppedAt: null,
    reopenedAt: null,
    state: row.state,
    elapsedMinutes: Math.max(0, end - row.startedAt.getTime() - paused) / 60_000,
    targetMinutes: row.targetMinutes,
    businessHours: row.businessHours,
  };
}

/** The context of a ticket not stored yet (no history, no alerts), from `slaSettingsReads` and the requester's tier. */
export function newTicketSlaContext(r: ReadResults<SettingsReads>, requesterTier: CustomerTier | null): SlaContext {
  return {
    policies: r.slaPolicies,
    defaultCalendarId: r.slaTenant[0]?.defaultCalendarId ?? null,
    calendars: r.slaCalendars,
    requesterTier,
    history: [],
    raised: new Set(),
    stored: [],
  };
}

/** A stored (or about to be stored) event as the clocks read it. */
export function historyEvent(event: Pick<typeof ticketEvents.$inferInsert, "createdAt" | "type" | "actorType" | "field" | "newValue">, automatic: boolean): HistoryEvent {
  return { at: event.createdAt, type: event.type, actorType: event.actorType, field: event.field ?? null, newValue: event.newValue ?? null, automatic };
}

/**
 * Works out a ticket's SLA (pure, given its context): the policy that applies (first match in
 * order), its targets for the ticket's priority, and every clock derived from the ticket's
 * history — with every outcome already reached kept (`keepOutcomes`), even when the policy or
 * priority now has no target for its metric.
 */
export function evaluateSla(ticket: Pick<Ticket, "priority" | "type" | "channel" | "groupId" | "tags">, context: SlaContext, now: Date): TicketSla {
  const sla = evaluateAfresh(ticket, context, now);
  if (sla.blockedBy || context.stored.length === 0) return sla;
  const replay = (policyId: string, metric: SlaMetric, target: SlaTarget) => {
    const policy = context.policies.find((p) => p.id === policyId);
    if (!policy) return null;
    const calendar = calendarOf(policy, context);
    if (target.businessHours && calendarProblems(calendar).length) return null;
    return computeClocks({ events: context.history, targets: { [metric]: target }, ...clockRules(policy), now, time: timeMathOf(calendar) });
  };
  return { ...sla, clocks: keepOutcomes(sla.clocks, context.stored, replay, SLA_METRICS) };
}

/** How a policy's clocks pause and what a reopen does to them. */
const clockRules = (policy: PolicyRow) => ({ pausedStatuses: policy.pausedStatuses, pausedStatusesByMetric: policy.pausedStatusesByMetric, reopenResumes: policy.reopenResumes });

const calendarOf = (policy: PolicyRow, context: SlaContext) => context.calendars.find((c) => c.id === (policy.calendarId ?? context.defaultCalendarId)) ?? ALWAYS_OPEN;

/** The SLA as this evaluation alone gives it (no stored outcome kept). */
function evaluateAfresh(ticket: Pick<Ticket, "priority" | "type" | "channel" | "groupId" | "tags">, context: SlaContext, now: Date): TicketSla {
  const chosen = choosePolicy(context.policies.map(asPolicy), {
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    customerTier: context.requesterTier ?? "standard",
    groupId: ticket.groupId,
    tags: ticket.tags,
  });
  if (!chosen) return { policy: null, blockedBy: null, reasons: ["No active SLA policy matches this ticket"], matched: [], clocks: [] };
  const policy = context.policies.find((p) => p.id === chosen.policy.id)!;
  const calendar = calendarOf(policy, context);
  const targets = policy.targets[ticket.priority] ?? {};
  const problems = Object.values(targets).some((t) => t?.businessHours) ? calendarProblems(calendar) : [];
  if (problems.length) {
    const blockedBy = `SLA policy "${policy.name}" cannot set deadlines: its business calendar is unusable (${problems.map((p) => p.message).join("; ")})`;
    return { policy, blockedBy, reasons: [...chosen.reasons, blockedBy], matched: chosen.matched, clocks: [] };
  }
  const clocks = computeClocks({ events: context.history, targets, ...clockRules(policy), now, time: timeMathOf(calendar) }).map((c) => ({ ...c, policyId: policy.id }));
  return { policy, blockedBy: null, reasons: chosen.reasons, matched: chosen.matched, clocks };
}

/** A stored ticket's SLA as of `now`, in one round trip (the explain page). */
export async function evaluateTicketSla(scope: TenantScope, ticket: Ticket, now = new Date()): Promise<TicketSla> {
  return evaluateSla(ticket, slaContextFrom(await readAll(scope.db, slaContextReads(scope, ticket.id, ticket.requesterId))), now);
}

/**
 * The statements that store a ticket's clocks, for the batch of the change they follow (or
 * their own): the old rows go, the new ones come, the owed `sla_recompute` work is cleared.
 * Alerts already raised are carried over: a warned clock has no warning time left, a
 * breach-alerted one is marked so, and the cron's scans skip both. A policy whose calendar
 * cannot give deadlines throws `SlaBlockedError` (the caller keeps the work owed instead).
 */
export function slaStatements(scope: TenantScope, ticketId: string, sla: TicketSla, raised: Set<string>, now: Date, newTicket = false): Statement[] {
  const { db, tenantId } = scope;
  if (sla.blockedBy) throw new SlaBlockedError(sla.blockedBy);
  const warnMs = (sla.policy?.warnBeforeMinutes ?? 0) * 60_000;
  const rows = sla.clocks.map((c) => ({
    tenantId,
    ticketId,
    metric: c.metric,
    instance: c.instance,
    policyId: c.policyId,
    state: c.state,
    startedAt: c.startedAt,
    dueAt: c.dueAt,
    warnAt: c.state === "running" && c.dueAt && !raised.has(`${c.metric}/${c.instance}/warning`) ? new Date(c.dueAt.getTime() - warnMs) : null,
    fulfilledAt: c.fulfilledAt,
    breachedAt: c.breachedAt,
    breachAlerted: raised.has(`${c.metric}/${c.instance}/breach`),
    pauses: c.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
    targetMinutes: c.targetMinutes,
    businessHours: c.businessHours,
    updatedAt: now,
    // The ticket as the batch leaves it (its change comes first): the breached list's partial indexes.
    ticketOpen: sql<boolean>`(select ${tickets.status} not in ('solved', 'closed') from ${tickets} where ${tickets.tenantId} = ${tenantId} and ${tickets.id} = ${ticketId})`,
  }));
  // 19 bound parameters a row (17 columns, the open flag's 2): 5 rows stay under D1's 100 per statement.
  const inserts = inChunks(rows, 5).map((chunk) => db.insert(slaClocks).values(chunk));
  // A ticket the batch creates has no clocks to replace and no SLA work owed.
  if (newTicket) return inserts;
  return [db.delete(slaClocks).where(and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, ticketId))), ...inserts, clearWork(db, slaWork(scope, ticketId), now)];
}

/** The reads of a stored ticket and its SLA context, for a caller's batch: what a change or a recomputation starts from. */
export const ticketAndSlaReads = (scope: TenantScope, ticketId: string) => ({ ticket: ticketQuery(scope, ticketId), ...slaContextReads(scope, ticketId) });

/** The same for a write that plans its clocks with `slaForWrite` (see `slaWriteReads`). */
export const ticketAndSlaWriteReads = (scope: TenantScope, ticketId: string): ReturnType<typeof ticketAndSlaReads> => ({ ticket: ticketQuery(scope, ticketId), ...slaWriteReads(scope, ticketId) });

/** A recomputation planned from `ticketAndSlaReads` (pure): the ticket's SLA and the statements that store its clocks. */
function planRecompute(scope: TenantScope, ticketId: string, read: ReadResults<ReturnType<typeof ticketAndSlaReads>>, now: Date) {
  const context = slaContextFrom(read);
  const sla = evaluateSla(ticketFrom(read.ticket), context, now);
  return { sla, statements: slaStatements(scope, ticketId, sla, context.raised, now) };
}

/**
 * Recomputes and stores a ticket's clocks from scratch: one round trip reads the ticket and its
 * context, one batch stores the clocks (see `slaStatements`).
 */
export async function recomputeTicketSla(scope: TenantScope, ticketId: string, now = new Date()): Promise<TicketSla> {
  const { sla, statements } = planRecompute(scope, ticketId, await readAll(scope.db, ticketAndSlaReads(scope, ticketId)), now);
  await runBatch(scope.db, statements);
  return sla;
}

/**
 * The SLA part of a ticket write, for the write's own batch (derived work in the same batch:
 * no extra round trip). Given the context read before the write, the ticket as it will be and
 * the events the write appends, the clocks as they will be. If the policy's calendar cannot give
 * deadlines, the recomputation is owed instead and `blockedBy` says why: the caller records that
 * failure after the batch (`recordBlocked`), where the workspace's admins see it.
 */
export function slaForWrite(
  scope: TenantScope,
  ticket: Pick<Ticket, "id" | "priority" | "type" | "channel" | "groupId" | "tags">,
  context: SlaContext,
  appended: NewEvent[],
  now: Date,
  { automatic = false, newTicket = false }: { automatic?: boolean; newTicket?: boolean } = {},
): { statements: Statement[]; blockedBy: string | null; sla: TicketSla } {
  const history = [...context.history, ...appended.map((e) => historyEvent(e, automatic && e.type === "customer_message"))];
  const sla = evaluateSla(ticket, { ...context, history }, now);
  // No policy and no clocks (none stored, or not read: slaWriteReads): nothing to store or remove.
  if (context.policies.length === 0 && context.stored.length === 0) return { statements: [], blockedBy: null, sla };
  if (sla.blockedBy) return { statements: [owedSlaRecompute(scope, ticket.id, now)], blockedBy: sla.blockedBy, sla };
  return { statements: slaStatements(scope, ticket.id, sla, context.raised, now, newTicket), blockedBy: null, sla };
}

/** After a write's batch: why its ticket has no deadlines, recorded for the admins (only then). */
export async function recordBlocked(scope: TenantScope, ticketId: string, blockedBy: string | null, now: Date): Promise<void> {
  if (blockedBy) await isolated(scope.db, slaWork(scope, ticketId), now, () => Promise.reject(new SlaBlockedError(blockedBy)));
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

/** Recomputations stored together (`writeGrouped`): a batch's reads and statements stay small. */
const RECOMPUTES_PER_BATCH = 25;

/**
 * `finishTicketWrite` for several tickets, of any workspaces, a group at a time in two round trips
 * however many (`writeGrouped`: a failed batch falls back to one ticket at a time). Each ticket's
 * failure is recorded for its own workspace's admins and retried by the cron.
 */
export async function finishTicketWrites(items: readonly { scope: TenantScope; ticketId: string }[], now: Date): Promise<void> {
  if (items.length === 0) return;
  const { db } = items[0]!.scope;
  const outcomes = await writeGrouped(db, items, RECOMPUTES_PER_BATCH, {
    key: ({ scope, ticketId }) => `${scope.tenantId}/${ticketId}`,
    reads: ({ scope, ticketId }) => ticketAndSlaReads(scope, ticketId),
    plan: ({ scope, ticketId }, read) => planRecompute(scope, ticketId, read, now),
    statements: (plan) => plan.statements,
    done: async (_, plan) => plan.sla,
    alone: ({ scope, ticketId }) => recomputeTicketSla(scope, ticketId, now),
  });
  for (const [i, { scope, ticketId }] of items.entries()) await isolatedOutcome(scope.db, slaWork(scope, ticketId), now, outcomes[i]!);
}
