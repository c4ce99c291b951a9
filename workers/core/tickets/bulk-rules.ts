import type { TicketStatus } from "../../../schema";
import type { FieldChange, TicketChange, TicketPatch } from "./ticket-rules";

/** The most tickets one bulk change (or its undo) touches. */
export const BULK_MAX = 100;

/** What a bulk change may set: the fields a list's agent triages by, and tags to add or remove. */
export type BulkChange = Pick<TicketChange, "status" | "priority" | "type" | "assigneeId" | "groupId" | "addTags" | "removeTags">;

/**
 * The patch that puts back what `changes` changed on a ticket now in `status`: each field's value
 * before. A ticket never goes back to `new` (an assignment opened it): its status stays, the rest
 * goes back. One still new keeps `new`, so that putting its assignee back does not open it.
 */
export function previousValues(changes: readonly FieldChange[], status: TicketStatus): TicketPatch {
  const previous: Record<string, unknown> = status === "new" ? { status } : {};
  for (const { field, from } of changes) {
    if (field === "tags") previous.tags = JSON.parse(from ?? "[]") as string[];
    else if (!(field === "status" && from === "new")) previous[field] = from;
  }
  return previous as TicketPatch;
}
