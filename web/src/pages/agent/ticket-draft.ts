import type { TicketPriority, TicketStatus, TicketType } from "../../../../schema/tables/helpdesk";

/**
 * The ticket's properties as the agent is editing them, and the pure decisions around them: what
 * to send (only what changed), what survives a reload (the agent's own edits), what someone else
 * changed meanwhile, and the If-Match a change sends.
 */
/** The properties of a ticket as the API returns it that an agent edits here. */
export interface Ticket {
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  assigneeId: string | null;
  groupId: string | null;
  tags: string[];
  updatedAt: string;
}

/** What a save sends: only the edited properties, in the API's shape. */
export type TicketPatch = Partial<Pick<Ticket, "status" | "priority" | "type" | "assigneeId" | "groupId" | "tags">>;

export interface Draft {
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  assigneeId: string;
  groupId: string;
  tags: string;
}

export type DraftField = keyof Draft;
export const DRAFT_FIELDS: readonly DraftField[] = ["status", "priority", "type", "assigneeId", "groupId", "tags"];

export const draftOf = (t: Ticket): Draft => ({ status: t.status, priority: t.priority, type: t.type, assigneeId: t.assigneeId ?? "", groupId: t.groupId ?? "", tags: t.tags.join(", ") });
export const splitTags = (tags: string) => tags.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
const sameField = (field: DraftField, a: Draft, b: Draft) => (field === "tags" ? splitTags(a.tags).join(",") === splitTags(b.tags).join(",") : a[field] === b[field]);

/** Only what changed, as the API's PATCH body. */
export function patchOf(ticket: Ticket, draft: Draft): TicketPatch {
  const base = draftOf(ticket);
  const patch: TicketPatch = {};
  for (const field of DRAFT_FIELDS) {
    if (sameField(field, base, draft)) continue;
    if (field === "tags") patch.tags = splitTags(draft.tags);
    else if (field === "assigneeId" || field === "groupId") patch[field] = draft[field] || null;
    else Object.assign(patch, { [field]: draft[field] });
  }
  return patch;
}

/** After the ticket was read again (a save, a live update): the agent's unsaved edits stay, everything else is the new ticket's. */
export function rebaseDraft(before: Ticket, after: Ticket, draft: Draft): Draft {
  const old = draftOf(before);
  const next = draftOf(after);
  for (const field of DRAFT_FIELDS) if (!sameField(field, old, draft)) Object.assign(next, { [field]: draft[field] });
  return next;
}

/** The fields someone else changed between the ticket the agent read and the ticket as it is now. */
export function changedFields(before: Ticket, now: Ticket): DraftField[] {
  const a = draftOf(before);
  const b = draftOf(now);
  return DRAFT_FIELDS.filter((field) => !sameField(field, a, b));
}

/**
 * The fields the agent edited that someone else changed to something else meanwhile: a collision
 * to show, never to overwrite. (A change to the value the agent chose too is no collision.)
 */
export function collidingFields(base: Ticket, now: Ticket, draft: Draft): DraftField[] {
  const mine = draftOf(base);
  const theirs = draftOf(now);
  return changedFields(base, now).filter((field) => !sameField(field, mine, draft) && !sameField(field, theirs, draft));
}

/** The If-Match of a change to the ticket as read (the same for every resource: `versioning.ts`). */
export { ifMatchOf } from "../../versioning";
