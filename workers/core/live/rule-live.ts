import { assignedInBatch } from "../assignment/assignment-store";
import type { EventHookPlan } from "../rules/ticket-event-hooks";
import { ticketUpdated, type LiveEvent } from "./live-events";

/**
 * What rules add to a write's live events, published once its batch has committed
 * (docs/notifications.md "Live updates"): the bells their notices ring, the agent an automatic
 * assignment gave the ticket to, and — for a write that changes the ticket only through its
 * triggers (a satisfaction rating, an SLA alert) — the ticket's own update.
 */

/**
 * The bell of the agent an automatic assignment in a committed batch (the write's own or a rule's)
 * gave the ticket to — its `assigned` notice went in with it (`assignmentStatements`) — from the
 * batch's results; nothing when no assignment in it took.
 */
export function assignedLive(results: readonly unknown[], ticketId: string, now: Date): LiveEvent[] {
  const to = assignedInBatch(results, ticketId);
  return to ? [{ type: "notification", userIds: [to], kind: "assigned", ticketId, at: now.getTime() }] : [];
}

/** A write's triggers' notices and any automatic assignment in its batch (`assignedLive`). */
export const rulesLive = (hooks: Pick<EventHookPlan, "live"> | null, results: readonly unknown[], ticketId: string, now: Date): LiveEvent[] => [...(hooks?.live ?? []), ...assignedLive(results, ticketId, now)];

/**
 * A write whose only change to the ticket is its triggers': `ticket.updated` (the system acting)
 * with the fields they changed when any trigger fired — one that only adds a note still changes
 * what the ticket's page shows — and `rulesLive`. Nothing when no trigger fired.
 */
export function triggeredLive(ticketId: string, hooks: EventHookPlan | null, results: readonly unknown[], now: Date): LiveEvent[] {
  const fired = hooks?.run?.fired ?? [];
  if (fired.length === 0) return [];
  return [ticketUpdated(ticketId, fired.flatMap((f) => f.changes), { type: "system", id: null }, now), ...rulesLive(hooks, results, ticketId, now)];
}
