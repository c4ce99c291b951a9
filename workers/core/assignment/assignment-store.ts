import { and, eq, inArray, isNull, ne, sql, type SQLWrapper } from "drizzle-orm";
import { businessCalendars, customers, groupMembers, groups, ticketEvents, tickets, users, type CustomerTier, type TicketPriority, type TicketStatus } from "../../../schema";
import type { Statement } from "../db";
import { autoAssignedNotice } from "../notifications/assignment-notice";
import { isOpenAt } from "../sla/business-calendar";
import { ALWAYS_OPEN } from "../sla/calendar-store";
import type { TenantScope } from "../tenancy/scope";
import { chooseAssignee, type Assignment, type Candidate, type GroupAssignment } from "./assignment-rules";

/**
 * Automatic assignment inside a ticket's own write (docs/assignment.md): the reads join the
 * write's read batch (`assignmentReads`), the decision is pure (`assignment-rules.ts`), and the
 * statements join the write's atomic batch (`assignmentStatements`) — guarded so that two writes
 * racing for the same agent never take them past the group's cap.
 */

/** Tickets an agent is working on: what the cap counts. A literal list, so SQLite may use the partial index. */
export const WORKING = sql.raw(`('new', 'open')`);
export const WORKING_STATUSES: readonly TicketStatus[] = ["new", "open"];

/** The group a ticket lands in: its id, or a subquery of candidate groups (a stored ticket's group; the support addresses' default groups). */
export type GroupRef = string | SQLWrapper;
const inGroups = (column: typeof groups.id | typeof groupMembers.groupId | typeof tickets.groupId, group: GroupRef) => (typeof group === "string" ? eq(column, group) : inArray(column, group));

/** The group assigns automatically. */
const assigning = (scope: TenantScope, group: GroupRef) => and(eq(groups.tenantId, scope.tenantId), inGroups(groups.id, group), ne(groups.assignmentMethod, "off"));

/** An agent's new and open tickets (index tickets_assignee_open), correlated on the outer `users` row. */
const openCountColumn = sql<number>`(select count(*) from tickets t where t.tenant_id = "users"."tenant_id" and t.assignee_id = "users"."id" and t.automatic = 0 and t.status in ${WORKING})`;

/**
 * The reads a decision needs, for the write's own read batch: the group's settings (none when it
 * assigns nothing), its active members with availability, skills and open load, and whether
 * another of its tickets already waits (then the new one queues behind it: the cron serves the
 * queue in order). The calendar comes from the SLA settings the batch reads anyway (`slaCalendars`).
 * The requester's tier and language are read through the ticket when `requesterOf` names one.
 */
export function assignmentReads(scope: TenantScope, group: GroupRef | null, ticketId: string | null, requesterOf?: string): Partial<ReturnType<typeof groupReads> & ReturnType<typeof requesterReads>> {
  if (group == null) return {};
  return { ...groupReads(scope, group, ticketId), ...(requesterOf ? requesterReads(scope, requesterOf) : {}) };
}

/** A stored ticket's requester: tier (VIP first) and language (a skill). */
function requesterReads(scope: TenantScope, ticketId: string) {
  const { db, tenantId } = scope;
  const requester = db.select({ id: tickets.requesterId }).from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  return { assignRequester: db.select({ tier: customers.tier, language: customers.language }).from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, requester))) };
}

function groupReads(scope: TenantScope, group: GroupRef, ticketId: string | null) {
  const { db, tenantId } = scope;
  // Another of the group's tickets waits for an agent: a new one queues behind it.
  const waiting = sql<number>`exists (select 1 from tickets w where w.tenant_id = "groups"."tenant_id" and w.group_id = "groups"."id" and w.assignee_id is null and w.automatic = 0 and w.status in ${WORKING}${ticketId ? sql` and w.id <> ${ticketId}` : sql``})`;
  return {
    assignGroup: db
      .select({ id: groups.id, method: groups.assignmentMethod, cap: groups.assignmentCap, skills: groups.assignmentSkills, cursor: groups.roundRobinCursor, calendarId: groups.calendarId, waiting: waiting.as("waiting") })
      .from(groups)
      .where(assigning(scope, group)),
    assignAgents: db
      .select({ groupId: groupMembers.groupId, userId: users.id, available: users.available, skillTags: users.skillTags, skillLanguages: users.skillLanguages, openCount: openCountColumn.as("open_count") })
      .from(groupMembers)
      .innerJoin(users, and(eq(users.tenantId, groupMembers.tenantId), eq(users.id, groupMembers.userId)))
      .where(and(eq(groupMembers.tenantId, tenantId), inGroups(groupMembers.groupId, group), eq(users.active, true), eq(users.available, true), sql`exists (select 1 from ${groups} where ${and(eq(groups.tenantId, tenantId), eq(groups.id, groupMembers.groupId), ne(groups.assignmentMethod, "off"))})`)),
  };
}

type Reads = ReturnType<typeof groupReads> & ReturnType<typeof requesterReads>;
export type AssignmentRead = { [K in keyof Reads]?: Awaited<Reads[K]> } & { slaCalendars: (typeof businessCalendars.$inferSelect)[] };

/** The ticket as the decision needs it (after the write's own change). */
export interface TicketToAssign {
  id: string;
  groupId: string | null;
  assigneeId: string | null;
  status: TicketStatus;
  priority: TicketPriority;
  automatic: boolean;
  tags: readonly string[];
  createdAt: Date;
}

/** The group's settings from the batch, with whether it is inside its business hours now. */
export function groupFrom(row: Pick<NonNullable<AssignmentRead["assignGroup"]>[number], "id" | "method" | "cap" | "skills" | "cursor" | "calendarId">, calendars: AssignmentRead["slaCalendars"], now: Date): GroupAssignment & { calendarId: string | null } {
  // A calendar deleted since it was chosen counts as round the clock, as for SLA policies.
  const calendar = calendars.find((c) => c.id === row.calendarId) ?? ALWAYS_OPEN;
  return { groupId: row.id, method: row.method, cap: row.cap, skills: row.skills, cursor: row.cursor, open: isOpenAt(now, calendar), calendarId: row.calendarId };
}

export const candidatesFrom = (rows: readonly Omit<NonNullable<AssignmentRead["assignAgents"]>[number], "groupId">[]): Candidate[] =>
  rows.map((r) => ({ userId: r.userId, available: r.available, openCount: Number(r.openCount), skillTags: r.skillTags, skillLanguages: r.skillLanguages }));

/**
 * The assignment a write makes, if any: the ticket is in a group that assigns automatically, is
 * unassigned, new or open and not automatic mail, nothing of the group waits before it, and an
 * agent may take it. `requester` is the ticket's requester (tier, language) as the caller knows it.
 */
export function assignmentFor(read: AssignmentRead, ticket: TicketToAssign, requester: { tier: CustomerTier | null; language: string | null } | null, now: Date): (Assignment & { group: GroupAssignment }) | null {
  const row = read.assignGroup?.find((g) => g.id === ticket.groupId);
  if (!row || row.waiting || ticket.assigneeId !== null || ticket.automatic || !WORKING_STATUSES.includes(ticket.status)) return null;
  const group = groupFrom(row, read.slaCalendars, now);
  const who = requester ?? read.assignRequester?.[0] ?? null;
  const choice = chooseAssignee(group, candidatesFrom((read.assignAgents ?? []).filter((a) => a.groupId === row.id)), {
    id: ticket.id,
    vip: who?.tier === "vip",
    priority: ticket.priority,
    createdAt: ticket.createdAt.getTime(),
    tags: ticket.tags,
    language: who?.language ?? null,
  });
  return choice ? { ...choice, group } : null;
}

/**
 * The statements that make an assignment, for the write's atomic batch, after the ticket's own
 * rows: the ticket takes the agent only if it is still unassigned in the group and — with a cap —
 * the agent's new and open tickets are still under it when the batch runs (so two writes racing
 * for the last place cannot both get it); the history's change (with its reason) and the group's
 * round-robin cursor follow only if it did (and the history's row only if no row of this write
 * records it already: a write may plan two, the first in the batch takes the ticket).
 * `assignedFrom` tells, from the batch's results, who got it.
 */
export function assignmentStatements(scope: TenantScope, ticketId: string, assignment: Assignment & { group: Pick<GroupAssignment, "groupId" | "cap"> }, now: Date) {
  const { db, tenantId } = scope;
  const { userId, reason, group } = assignment;
  const underCap = group.cap === null ? undefined : sql`(select count(*) from tickets t where t.tenant_id = ${tenantId} and t.assignee_id = ${userId} and t.automatic = 0 and t.status in ${WORKING}) < ${group.cap}`;
  const thisTicket = and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId));
  const assigned = and(thisTicket, eq(tickets.assigneeId, userId));
  const statements: Statement[] = [
    db
      .update(tickets)
      .set({ assigneeId: userId, updatedAt: now })
      .where(and(thisTicket, eq(tickets.groupId, group.groupId), isNull(tickets.assigneeId), underCap))
      .returning({ assignedTicketId: tickets.id, assignedTo: tickets.assigneeId }),
    db.insert(ticketEvents).select(
      db
        // Every column, in the table's order (drizzle's insert-select asks it); the id is the table's own.
        .select({
          id: sql`null`.as("id"),
          tenantId: sql`${tenantId}`.as("tenant_id"),
          ticketId: sql`${ticketId}`.as("ticket_id"),
          type: sql`'field_change'`.as("type"),
          actorType: sql`'system'`.as("actor_type"),
          actorId: sql`null`.as("actor_id"),
          field: sql`'assigneeId'`.as("field"),
          oldValue: sql`null`.as("old_value"),
          newValue: sql`${userId}`.as("new_value"),
          messageId: sql`null`.as("message_id"),
          createdAt: sql`${now.getTime()}`.as("created_at"),
          reason: sql`${reason}`.as("reason"),
        })
        .from(tickets)
        // Two assignments planned into one write (a trigger's and the write's own) record one row: the first that took.
        .where(and(assigned, sql`not exists (select 1 from ticket_events e where e.tenant_id = ${tenantId} and e.ticket_id = ${ticketId} and e.field = 'assigneeId' and e.new_value = ${userId} and e.created_at = ${now.getTime()})`)),
    ),
    // The agent is told as a manual assignment tells them (`assigned`), only if they got it.
    autoAssignedNotice(scope, ticketId, userId, now),
    db
      .update(groups)
      .set({ roundRobinCursor: userId })
      .where(and(eq(groups.tenantId, tenantId), eq(groups.id, group.groupId), sql`exists (select 1 from ${tickets} where ${assigned})`)),
  ];
  return { statements, assignedFrom: (results: readonly unknown[]) => assignedInBatch(results, ticketId) };
}

/** The agent a ticket got from any assignment in a batch (`assignmentStatements`: a trigger's or the write's own), from the batch's results; null: none took. */
export function assignedInBatch(results: readonly unknown[], ticketId: string): string | null {
  const row = results.find((r): r is { assignedTicketId: string; assignedTo: string }[] => Array.isArray(r) && (r[0] as { assignedTicketId?: string } | undefined)?.assignedTicketId === ticketId);
  return row?.[0]?.assignedTo ?? null;
}
