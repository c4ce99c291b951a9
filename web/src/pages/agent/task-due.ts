import type { TicketStatus } from "./agent-api";

/** Statuses in which a task still has to be done (solved or closed tasks are never overdue). */
const OPEN_TASK_STATUSES: readonly TicketStatus[] = ["new", "open", "pending", "on_hold"];

/**
 * Where a task's due date stands (docs/web.md "Follow-up tasks"): null without a due date;
 * "overdue" once the due instant has passed while the task is still to be done; "due" otherwise.
 */
export function taskDueState(dueAt: string | null, status: TicketStatus, now: number): "due" | "overdue" | null {
  if (!dueAt) return null;
  return Date.parse(dueAt) <= now && OPEN_TASK_STATUSES.includes(status) ? "overdue" : "due";
}
