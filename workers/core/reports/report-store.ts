/**
 * Reads what a KPI report needs from D1, always within the caller's tenant, and hands it to the
 * pure core. Every statement carries `tenant_id = ?` (joins and subqueries included).
 *
 * Which tickets are read: those not done now, plus those done now that changed since the range
 * began and were created before it ended. That is every ticket the range can see: one created,
 * solved or in the backlog during the range, or holding an SLA outcome in it, has changed (its
 * `updated_at`) since the range began or is still not done. Both halves use the index
 * (tenant_id, status, updated_at). Surveys are read by their own index (tenant_id, created_at).
 */
import { and, asc, count, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { messages, slaClocks, slaPolicies, surveys, ticketEvents, tickets, TICKET_STATUSES, users, groups, type TicketStatus } from "../../../schema";
import { AppError } from "../errors";
import type { BusinessCalendar } from "../sla/business-calendar";
import { calendarFor } from "../sla/calendar-store";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";
import { bucketLabels, dimensionsOf, kpisByBucket, type KpiBucket, type ReportDimension } from "./buckets";
import { computeKpis, type ClockFacts, type Kpis, type SurveyFacts, type TicketFacts } from "./kpis";
import { reportRange, type ReportRange } from "./report-range";
import { isDone, type StatusChange } from "./status-history";

/** Figures are derived from raw rows per request; beyond this many tickets, a shorter range is asked for. */
export const MAX_REPORT_TICKETS = 20_000;

const DONE = TICKET_STATUSES.filter(isDone);
const NOT_DONE = TICKET_STATUSES.filter((s) => !isDone(s));

export interface KpiRequest {
  from: string;
  to: string;
  groupBy?: ReportDimension;
  /** Overrides the workspace's zone (its default business calendar's, else UTC). */
  timeZone?: string;
  /** Only the tickets this user is assigned to now (an agent's own report); absent: the whole workspace. */
  assigneeId?: string;
}

export interface KpiReport {
  range: ReportRange;
  groupBy: ReportDimension | null;
  generatedAt: Date;
  total: Kpis;
  buckets: KpiBucket[];
}

export async function kpiReport(scope: TenantScope, request: KpiRequest, now = new Date()): Promise<KpiReport> {
  const tenant = await getTenant(scope);
  const workspaceHours = await calendarFor(scope, null, tenant.defaultCalendarId);
  const range = reportRange(request.from, request.to, request.timeZone ?? workspaceHours.timeZone);
  const { ticketFacts, surveyFacts } = await loadFacts(scope, range, tenant.defaultCalendarId, workspaceHours, request.assigneeId ?? null);
  const groupBy = request.groupBy ?? null;
  const buckets = groupBy ? kpisByBucket(ticketFacts, surveyFacts, range, now, groupBy, await labelsOf(scope, groupBy)) : [];
  return { range, groupBy, generatedAt: now, total: computeKpis(ticketFacts, surveyFacts, range, now), buckets };
}

async function loadFacts(scope: TenantScope, range: ReportRange, defaultCalendarId: string | null, workspaceHours: BusinessCalendar, assigneeId: string | null) {
  const { db, tenantId } = scope;
  // An agent's own report: the same figures over the tickets assigned to them now.
  const ofTenant = assigneeId === null ? eq(tickets.tenantId, tenantId) : and(eq(tickets.tenantId, tenantId), eq(tickets.assigneeId, assigneeId));
  const notDone = and(ofTenant, inArray(tickets.status, NOT_DONE));
  // `+created_at` keeps SQLite off the (tenant_id, created_at) index, which would scan every
  // ticket created before the range ended; (tenant_id, status, updated_at) scans only recent ones.
  const doneLately = and(ofTenant, inArray(tickets.status, DONE), gte(tickets.updatedAt, range.start), sql`+${tickets.createdAt} < ${range.end.getTime()}`);
  const ticketIds = () => db.select({ id: tickets.id }).from(tickets).where(notDone).unionAll(db.select({ id: tickets.id }).from(tickets).where(doneLately));

  const columns = {
    id: tickets.id,
    status: tickets.status,
    type: tickets.type,
    priority: tickets.priority,
    channel: tickets.channel,
    assigneeId: tickets.assigneeId,
    groupId: tickets.groupId,
    createdAt: tickets.createdAt,
    firstResponseAt: tickets.firstResponseAt,
  };
  const rows = await db.select(columns).from(tickets).where(notDone).unionAll(db.select(columns).from(tickets).where(doneLately)).limit(MAX_REPORT_TICKETS + 1);
  if (rows.length > MAX_REPORT_TICKETS)
    throw new AppError(422, "report_too_large", `More than ${MAX_REPORT_TICKETS} tickets fall in this report; choose a shorter range`, {
      errors: [{ field: "query.from", code: "report_too_large", message: "Choose a shorter range" }],
    });

  const [statusRows, replyRows, clockRows, surveyRows, policyRows] = await db.batch([
    db
      .select({ ticketId: ticketEvents.ticketId, status: ticketEvents.newValue, at: ticketEvents.createdAt })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.tenantId, tenantId), eq(ticketEvents.type, "field_change"), eq(ticketEvents.field, "status"), inArray(ticketEvents.ticketId, ticketIds())))
      .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.id)),
    db
      .select({ ticketId: messages.ticketId, replies: count() })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.kind, "reply"), eq(messages.automatic, false), isNotNull(messages.authorUserId), inArray(messages.ticketId, ticketIds())))
      .groupBy(messages.ticketId),
    db
      .select({ ticketId: slaClocks.ticketId, policyId: slaClocks.policyId, metric: slaClocks.metric, state: slaClocks.state, dueAt: slaClocks.dueAt, fulfilledAt: slaClocks.fulfilledAt, breachedAt: slaClocks.breachedAt })
      .from(slaClocks)
      .where(and(eq(slaClocks.tenantId, tenantId), inArray(slaClocks.ticketId, ticketIds()))),
    db
      .select({ createdAt: surveys.createdAt, scale: surveys.scale, rating: surveys.rating, answeredAt: surveys.answeredAt, assigneeId: tickets.assigneeId, groupId: tickets.groupId, channel: tickets.channel, priority: tickets.priority })
      .from(surveys)
      .innerJoin(tickets, and(eq(tickets.tenantId, surveys.tenantId), eq(tickets.id, surveys.ticketId)))
      .where(and(eq(surveys.tenantId, tenantId), gte(surveys.createdAt, range.start), lt(surveys.createdAt, range.end), assigneeId === null ? undefined : eq(tickets.assigneeId, assigneeId))),
    db.select({ id: slaPolicies.id, calendarId: slaPolicies.calendarId }).from(slaPolicies).where(eq(slaPolicies.tenantId, tenantId)),
  ]);

  const statuses = groupByTicket(statusRows.filter((r): r is typeof r & { status: TicketStatus } => (TICKET_STATUSES as readonly (string | null)[]).includes(r.status)));
  const replies = new Map(replyRows.map((r) => [r.ticketId, r.replies]));
  const clocks = groupByTicket(clockRows);
  const hoursOfPolicy = await policyCalendars(scope, policyRows, defaultCalendarId);

  const ticketFacts: TicketFacts[] = rows.map((t) => {
    const ticketClocks = clocks.get(t.id) ?? [];
    // Time order; events of one instant keep their id order (the sort is stable).
    const history: StatusChange[] = (statuses.get(t.id) ?? []).map((s) => ({ at: s.at, status: s.status })).sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      dims: dimensionsOf(t),
      type: t.type,
      createdAt: t.createdAt,
      firstResponseAt: t.firstResponseAt,
      // A ticket written without history (an import) has had its current status since creation.
      statuses: history.length ? history : [{ at: t.createdAt, status: t.status }],
      publicReplies: replies.get(t.id) ?? 0,
      // The hours its SLA deadlines are counted in: its policy's calendar, else the workspace's.
      calendar: (ticketClocks[0] && hoursOfPolicy.get(ticketClocks[0].policyId)) ?? workspaceHours,
      clocks: ticketClocks.map((c): ClockFacts => ({ metric: c.metric, state: c.state, dueAt: c.dueAt, fulfilledAt: c.fulfilledAt, breachedAt: c.breachedAt })),
    };
  });
  const surveyFacts: SurveyFacts[] = surveyRows.map((s) => ({ dims: dimensionsOf(s), createdAt: s.createdAt, scale: s.scale, rating: s.rating, answeredAt: s.answeredAt }));
  return { ticketFacts, surveyFacts };
}

/** Each policy's business hours, by the one rule `calendarFor` keeps (one lookup per distinct calendar). */
async function policyCalendars(scope: TenantScope, policies: readonly { id: string; calendarId: string | null }[], defaultCalendarId: string | null) {
  const byCalendar = new Map<string | null, Promise<BusinessCalendar>>();
  const hours = new Map<string, BusinessCalendar>();
  for (const p of policies) {
    if (!byCalendar.has(p.calendarId)) byCalendar.set(p.calendarId, calendarFor(scope, p.calendarId, defaultCalendarId));
    hours.set(p.id, await byCalendar.get(p.calendarId)!);
  }
  return hours;
}

async function labelsOf(scope: TenantScope, dimension: ReportDimension) {
  const { db, tenantId } = scope;
  const [people, teams] =
    dimension === "agent" || dimension === "group"
      ? await db.batch([
          db.select({ id: users.id, name: users.name, active: users.active }).from(users).where(eq(users.tenantId, tenantId)),
          db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.tenantId, tenantId)),
        ])
      : [[], []];
  return bucketLabels(dimension, people, teams);
}

function groupByTicket<T extends { ticketId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.get(row.ticketId)?.push(row) ?? out.set(row.ticketId, [row]);
  return out;
}
