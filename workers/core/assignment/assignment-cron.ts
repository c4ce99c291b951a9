import { and, asc, eq, isNotNull, isNull, not, sql } from "drizzle-orm";
import { businessCalendars, customers, groupMembers, groups, tickets, users } from "../../../schema";
import { readAll, runBatch, type Db } from "../db";
import { publishLive, ticketUpdated, type LiveHub } from "../live/live-events";
import { assignedLive } from "../live/rule-live";
import type { Actor } from "../tenancy/scope";
import { updateTickets } from "../tickets/ticket-store";
import { cronStep } from "../work/cron-step";
import { isolated, isolatedOutcome } from "../work/failure-boundary";
import { backedOff, type WorkRef } from "../work/work-items";
import { assignQueue, returnedReason, returnsToPool } from "./assignment-rules";
import { assignedInBatch, assignmentReads, assignmentStatements, candidatesFrom, groupFrom, WORKING } from "./assignment-store";

/**
 * The cron's assignment pass, every minute (docs/assignment.md): tickets waiting in a group for a
 * free agent are assigned in queue order (VIP and urgent first, then the oldest) — a new ticket
 * is assigned in its own write when nothing waits before it, so this serves the tickets that
 * waited (no agent available, all at the cap, outside business hours) once an agent is free; and
 * an agent unavailable longer than their group's return-to-pool time has their unanswered new and
 * open tickets of that group returned (and, in the same write, given to an available agent).
 * Each group and each ticket behind its own failure boundary.
 */

/** Groups per tick whose waiting tickets are served; tickets per group; tickets returned per tick. */
const GROUPS_PER_TICK = 50;
const WAITING_PER_GROUP = 50;
const RETURNS_PER_TICK = 100;

const groupRef = (tenantId: string, groupId: string): WorkRef => ({ tenantId, kind: "assignment", itemId: groupId });

/**
 * Groups that assign automatically, with a ticket waiting and a member available (index
 * groups_assigning; each probe by tickets_waiting_assignment and group_members' primary key).
 */
export const groupsWithWaiting = (db: Db, now: Date) =>
  db
    .select({ groupTenantId: groups.tenantId, groupId: groups.id })
    .from(groups)
    .where(
      and(
        sql`${groups.assignmentMethod} <> 'off'`,
        sql`exists (select 1 from tickets w where w.tenant_id = "groups"."tenant_id" and w.group_id = "groups"."id" and w.assignee_id is null and w.automatic = 0 and w.status in ${WORKING})`,
        sql`exists (select 1 from group_members m join users u on u.tenant_id = m.tenant_id and u.id = m.user_id where m.tenant_id = "groups"."tenant_id" and m.group_id = "groups"."id" and u.available = 1 and u.active = 1)`,
        not(backedOff("assignment", groups.tenantId, groups.id, now)),
      ),
    )
    .limit(GROUPS_PER_TICK);

/** An unavailable agent's unanswered new and open tickets in groups that return them (superset of `returnsToPool`, checked per row). */
export const ticketsToReturn = (db: Db, now: Date) =>
  db
    .select({
      ticketTenantId: tickets.tenantId,
      ticketId: tickets.id,
      ticketGroupId: tickets.groupId,
      ticketUpdatedAt: tickets.updatedAt,
      returnMinutes: groups.returnToPoolMinutes,
      agentAvailable: users.available,
      agentChangedAt: users.availableChangedAt,
    })
    // CROSS JOIN keeps SQLite's join order: the assigning groups (a partial index) outside, each
    // member, then the member's open tickets by (tenant, assignee) — never every open ticket.
    .from(groups)
    .crossJoin(groupMembers)
    .crossJoin(users)
    .crossJoin(tickets)
    .where(
      and(
        eq(groupMembers.tenantId, groups.tenantId),
        eq(groupMembers.groupId, groups.id),
        eq(users.tenantId, groupMembers.tenantId),
        eq(users.id, groupMembers.userId),
        eq(tickets.tenantId, users.tenantId),
        eq(tickets.assigneeId, users.id),
        eq(tickets.groupId, groups.id),
        sql`${groups.assignmentMethod} <> 'off'`,
        isNotNull(groups.returnToPoolMinutes),
        eq(users.available, false),
        sql`${users.availableChangedAt} <= ${now.getTime()} - ${groups.returnToPoolMinutes} * 60000`,
        sql`${tickets.automatic} = 0 and ${tickets.status} in ${WORKING}`,
        isNull(tickets.firstResponseAt),
        sql`${tickets.updatedAt} <= ${users.availableChangedAt}`,
        not(backedOff("assignment", tickets.tenantId, tickets.id, now)),
      ),
    )
    .limit(RETURNS_PER_TICK);

/** Serves one group's queue: one read batch (settings, available members, the oldest waiting tickets with their requesters), one write batch. */
async function serveGroup(db: Db, tenantId: string, groupId: string, now: Date, live?: LiveHub): Promise<number> {
  const scope = { db, tenantId, live: live?.(tenantId) };
  const read = await readAll(db, {
    ...assignmentReads(scope, groupId, null),
    slaCalendars: db.select().from(businessCalendars).where(and(eq(businessCalendars.tenantId, tenantId), eq(businessCalendars.id, sql`(select calendar_id from groups where tenant_id = ${tenantId} and id = ${groupId})`))),
    waiting: db
      .select({ id: tickets.id, priority: tickets.priority, createdAt: tickets.createdAt, tier: customers.tier, language: customers.language, tagsJson: sql<string>`(select json_group_array(tag) from ticket_tags tt where tt.tenant_id = "tickets"."tenant_id" and tt.ticket_id = "tickets"."id")`.as("tags_json") })
      .from(tickets)
      .innerJoin(customers, and(eq(customers.tenantId, tickets.tenantId), eq(customers.id, tickets.requesterId)))
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.groupId, groupId), isNull(tickets.assigneeId), sql`${tickets.automatic} = 0 and ${tickets.status} in ${WORKING}`))
      .orderBy(asc(tickets.createdAt))
      .limit(WAITING_PER_GROUP),
  });
  const row = read.assignGroup?.[0];
  if (!row) return 0;
  const group = groupFrom(row, read.slaCalendars, now);
  const queue = read.waiting.map((t) => ({ id: t.id, vip: t.tier === "vip", priority: t.priority, createdAt: t.createdAt.getTime(), tags: JSON.parse(t.tagsJson) as string[], language: t.language }));
  const { assigned } = assignQueue(group, candidatesFrom(read.assignAgents ?? []), queue);
  const results = await runBatch(db, assigned.flatMap((a) => assignmentStatements(scope, a.ticketId, { ...a, group }, now).statements));
  // Each ticket that took its agent: its page and lists, and the agent's bell (their `assigned` notice).
  publishLive(scope, assigned.flatMap((a) => (assignedInBatch(results, a.ticketId) ? [ticketUpdated(a.ticketId, [{ field: "assigneeId", from: null, to: a.userId }], { type: "system", id: null }, now), ...assignedLive(results, a.ticketId, now)] : [])));
  return assigned.length;
}

/** Returns the due tickets, grouped by group (one reason each), written together (`updateTickets`), each behind its own boundary. */
async function returnToPool(db: Db, due: Awaited<ReturnType<typeof ticketsToReturn>>, now: Date, live?: LiveHub): Promise<number> {
  const returning = due.filter((t) => returnsToPool(t.returnMinutes, { available: t.agentAvailable, changedAt: t.agentChangedAt?.getTime() ?? null }, t.ticketUpdatedAt.getTime(), now.getTime()));
  let returned = 0;
  for (const groupId of new Set(returning.map((t) => t.ticketGroupId!))) {
    const mine = returning.filter((t) => t.ticketGroupId === groupId);
    const actor: Actor = { type: "system", id: null, reason: returnedReason(groupId) };
    const outcomes = await updateTickets(actor, mine.map((t) => ({ scope: { db, tenantId: t.ticketTenantId, live: live?.(t.ticketTenantId) }, id: t.ticketId, patch: { assigneeId: null } })), now);
    for (const [i, t] of mine.entries()) if (await isolatedOutcome(db, { tenantId: t.ticketTenantId, kind: "assignment", itemId: t.ticketId, ticketId: t.ticketId }, now, outcomes[i]!)) returned++;
  }
  return returned;
}

/** The cron step: both scans in the tick's one scan batch, then the work. */
export const assignmentStep = (db: Db, now: Date, live?: LiveHub) =>
  cronStep("assignment", { waiting: groupsWithWaiting(db, now), returning: ticketsToReturn(db, now) }, async ({ waiting, returning }) => {
    const ticketsReturned = await returnToPool(db, returning, now, live);
    let ticketsAssigned = 0;
    for (const g of waiting) ticketsAssigned += (await isolated(db, groupRef(g.groupTenantId, g.groupId), now, () => serveGroup(db, g.groupTenantId, g.groupId, now, live))) ?? 0;
    return { ticketsAssigned, ticketsReturned };
  });
