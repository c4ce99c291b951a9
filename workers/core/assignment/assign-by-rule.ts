import type { CustomerTier } from "../../../schema";
import type { Assignment, GroupAssignment } from "./assignment-rules";
import { assignmentFor, WORKING_STATUSES, type AssignmentRead, type TicketToAssign } from "./assignment-store";

/** What a rule's `assign_by_group_method` does to a ticket: an assignment, or why there is none (for a note). */
export type RuleAssignment = { assign: Assignment & { group: GroupAssignment } } | { note: string };

const NOT = "Not assigned by the group's method:";

/**
 * A trigger's or an automation's `assign_by_group_method` (docs/assignment.md "Rules"), on the
 * ticket as the rule leaves it: the group's own automatic assignment (`assignmentFor`: method,
 * cap, skills, availability, business hours, queue order), its decision written with the rule as
 * the reason by the caller. A ticket that already has an assignee keeps them (a rule that
 * reassigns removes the assignee first); one nobody may take now waits in the group's queue.
 */
export function assignByGroupMethod(read: AssignmentRead, ticket: TicketToAssign, requester: { tier: CustomerTier | null; language: string | null }, now: Date): RuleAssignment {
  if (ticket.assigneeId !== null) return { note: `${NOT} the ticket already has an assignee.` };
  if (ticket.groupId === null) return { note: `${NOT} the ticket has no group.` };
  if (!read.assignGroup?.some((g) => g.id === ticket.groupId)) return { note: `${NOT} its group does not assign tickets automatically.` };
  if (ticket.automatic || !WORKING_STATUSES.includes(ticket.status)) return { note: `${NOT} only new and open tickets are assigned.` };
  const choice = assignmentFor(read, ticket, requester, now);
  return choice
    ? { assign: choice }
    : { note: "The ticket waits in its group's queue: no agent may take it now (away, at the cap, outside business hours, or another ticket waits first); it is assigned when one may." };
}
