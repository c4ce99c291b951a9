import type { Statement } from "../db";
import { AppError, bulkError } from "../errors";
import { publishLive, type LiveEvent } from "../live/live-events";
import type { Actor, TenantScope } from "../tenancy/scope";
import { BULK_MAX, previousValues, type BulkChange } from "./bulk-rules";
import type { FieldChange, TicketPatch } from "./ticket-rules";
import { listTickets, updateTickets, type Ticket, type TicketQuery, type TicketUpdate } from "./ticket-store";

export { BULK_MAX, type BulkChange };

/** Which tickets a bulk change is for: listed by id, or every ticket the list's filter finds. */
export type BulkTarget = { ids: string[] } | { filter: Omit<TicketQuery, "limit" | "cursor"> };

/** One ticket's outcome; `undo` (for a ticket that changed) is what `undoBulk` takes back. */
export type BulkResult =
  | { id: string; result: "updated"; ticket: Ticket; undo: BulkUndo }
  | { id: string; result: "unchanged"; ticket: Ticket }
  | { id: string; result: "not_found" }
  | { id: string; result: "refused"; code: string; message: string };

/** A ticket's values before a bulk change, and its version right after it (the undo's guard). */
export interface BulkUndo {
  id: string;
  updatedAt: Date;
  previous: TicketPatch;
}

/**
 * The tickets a bulk change is for, at most `BULK_MAX`: the ids as given (each once, in order),
 * or the filter's matches in the list's order, read in one round trip; `more` when the filter
 * finds more than that.
 */
export async function bulkTargets(scope: TenantScope, target: BulkTarget): Promise<{ ids: string[]; more: boolean }> {
  if ("ids" in target) return { ids: [...new Set(target.ids)], more: false };
  const page = await listTickets(scope, { ...target.filter, limit: BULK_MAX });
  return { ids: page.items.map((t) => t.id), more: page.nextCursor !== null };
}

/**
 * Changes several tickets at once as the acting agent, through the grouped write (`updateTickets`):
 * each change is the one a single PATCH makes — history, SLA clocks, notices, live events,
 * "assignment that sticks" — and a group of tickets costs a constant number of round trips. A
 * ticket another workspace owns is `not_found`; one a rule refuses (a closed ticket, an assignee
 * outside its group) is `refused` with the rule's code; the others still change.
 */
/** `alongside`: each ticket's statements written with its change (a macro's use, counted per ticket). */
export async function bulkUpdate(scope: TenantScope, actor: Actor, target: BulkTarget, change: BulkChange, now = new Date(), alongside?: () => Statement[]): Promise<BulkResult[]> {
  const { ids, more } = await bulkTargets(scope, target);
  if (more) throw bulkError("bulk_too_many", `More than ${BULK_MAX} tickets match this filter; narrow it, or change them ${BULK_MAX} at a time`);
  return write(scope, actor, ids.map((id) => ({ id, patch: change, alongside: alongside?.() })), now);
}

/**
 * Puts back what a bulk change changed (its results' `undo`), as the acting agent, on each ticket
 * nobody changed since (its version is still the one the bulk change left): any other is
 * `refused` with `ticket_changed` and kept as it is.
 */
export function undoBulk(scope: TenantScope, actor: Actor, undo: readonly BulkUndo[], now = new Date()): Promise<BulkResult[]> {
  return write(scope, actor, undo.map(({ id, previous, updatedAt }) => ({ id, patch: previous, expectedUpdatedAt: updatedAt })), now);
}

async function write(scope: TenantScope, actor: Actor, items: Omit<TicketUpdate, "scope">[], now: Date): Promise<BulkResult[]> {
  // The tickets' live events go to the workspace in one message, not one per ticket.
  const live: LiveEvent[] = [];
  const collecting: TenantScope = { ...scope, live: scope.live && { publish: (events) => void live.push(...events) } };
  const outcomes = await updateTickets(actor, items.map((item) => ({ ...item, scope: collecting })), now);
  publishLive(scope, live);
  return outcomes.map((outcome, i) => resultOf(items[i]!.id, outcome));
}

function resultOf(id: string, outcome: PromiseSettledResult<{ ticket: Ticket; changes: FieldChange[] }>): BulkResult {
  if (outcome.status === "fulfilled") {
    const { ticket, changes } = outcome.value;
    return changes.length ? { id, result: "updated", ticket, undo: { id, updatedAt: ticket.updatedAt, previous: previousValues(changes, ticket.status) } } : { id, result: "unchanged", ticket };
  }
  const error = outcome.reason;
  if (error instanceof AppError) return error.code === "not_found" ? { id, result: "not_found" } : { id, result: "refused", code: error.code, message: error.message };
  console.error(JSON.stringify({ event: "bulk_update_failed", ticket: id, error: String(error) }));
  return { id, result: "refused", code: "internal_error", message: "The change could not be saved; try again" };
}
