import { and, eq } from "drizzle-orm";
import { tickets, type CustomerTier } from "../../../schema";
import type { Statement } from "../db";
import type { TenantScope } from "../tenancy/scope";
import type { FieldChange, TicketChange } from "../tickets/ticket-rules";
import { assignedInBatch, assignmentFor, assignmentReads, assignmentStatements, type AssignmentRead, type GroupRef, type TicketToAssign } from "./assignment-store";

/**
 * The hooks the ticket writes call (`ticket-store.ts`, the mail pipeline): a ticket that lands
 * unassigned in a group with automatic assignment — created by any channel, or moved into the
 * group — gets its agent in the same write. Each is a no-op (no reads, no statements) for any
 * other ticket. docs/assignment.md.
 */

/** What a write adds to its batch, and the ticket as the batch left it (`ticket(t, results)`: with the agent any assignment in the batch gave it — its own or a trigger's). */
export interface AutoAssigned {
  statements: Statement[];
  ticket: <T extends { id: string; assigneeId: string | null }>(ticket: T, results: readonly unknown[]) => T;
}

function fromBatch<T extends { id: string; assigneeId: string | null }>(ticket: T, results: readonly unknown[]): T {
  const to = assignedInBatch(results, ticket.id);
  return to ? { ...ticket, assigneeId: to } : ticket;
}

const NOTHING: AutoAssigned = { statements: [], ticket: fromBatch };

/** The ticket as a write's batch left it: with the agent an assignment in it gave it (a trigger's `assign_by_group_method` in a reply's write). */
export const withAssigned = fromBatch;

function assigned(scope: TenantScope, read: AssignmentRead, ticket: TicketToAssign, requester: { tier: CustomerTier | null; language?: string | null } | null, now: Date): AutoAssigned {
  const choice = assignmentFor(read, ticket, requester && { tier: requester.tier, language: requester.language ?? null }, now);
  if (!choice) return NOTHING;
  return { statements: assignmentStatements(scope, ticket.id, choice, now).statements, ticket: fromBatch };
}

/** A new ticket's reads, for its write's read batch: only when it names a group and no assignee. `group` may be a subquery of the groups it may land in (the mail pipeline). */
export const autoAssignReadsForCreate = (scope: TenantScope, fields: { groupId: GroupRef | null; assigneeId: string | null }, ticketId: string | null) =>
  fields.groupId != null && fields.assigneeId == null ? assignmentReads(scope, fields.groupId, ticketId) : {};

/** A new ticket's assignment, from its write's read batch; `requester` as the write knows them (tier, language). */
export const autoAssignOnCreate = (scope: TenantScope, read: AssignmentRead, ticket: TicketToAssign, requester: { tier: CustomerTier | null; language?: string | null }, now: Date) =>
  assigned(scope, read, ticket, requester, now);

/** A change may leave the ticket unassigned in a group: it names a group, or removes the assignee. */
const mayLand = (patch: TicketChange) => patch.groupId != null || patch.assigneeId === null;

/** A stored ticket's reads, for its change's read batch (its group: the one the change names, else its own; its requester through it). */
export function autoAssignReadsForUpdate(scope: TenantScope, id: string, patch: TicketChange) {
  if (!mayLand(patch)) return {};
  const group = patch.groupId ?? scope.db.select({ groupId: tickets.groupId }).from(tickets).where(and(eq(tickets.tenantId, scope.tenantId), eq(tickets.id, id)));
  return assignmentReads(scope, group, id, id);
}

/** A change's assignment: when it moved the ticket into a group or removed its assignee, and the ticket after it is unassigned. */
export function autoAssignOnUpdate(scope: TenantScope, read: AssignmentRead, after: TicketToAssign, changes: readonly FieldChange[], now: Date): AutoAssigned {
  const landed = changes.some((c) => c.field === "groupId" || (c.field === "assigneeId" && c.to === null));
  return landed ? assigned(scope, read, after, null, now) : NOTHING;
}
