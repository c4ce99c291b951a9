import type { TicketPriority, TicketStatus, TicketType } from "../../../schema";
import { AppError, conflict } from "../errors";

/** The fields of a ticket that people change; each change becomes a `field_change` event. */
export interface TicketFields {
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  requesterId: string;
  assigneeId: string | null;
  groupId: string | null;
  tags: string[];
  /** Started by automatic mail: not work (no SLA clock, out of the queues) until an agent says otherwise. */
  automatic: boolean;
}
export type TicketPatch = Partial<TicketFields>;
/** A patch that may also add and remove tags, keeping the ticket's others (a bulk change); `resolveChange` makes it a patch. */
export type TicketChange = TicketPatch & { addTags?: string[]; removeTags?: string[] };
export type TicketField = keyof TicketFields;

export interface FieldChange {
  field: TicketField;
  from: string | null;
  to: string | null;
}

export interface TicketTimestamps {
  solvedAt: Date | null;
  closedAt: Date | null;
}

/** Tags are lower-case words: trimmed, inner spaces become `_`, duplicates dropped, sorted. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, "_")).filter(Boolean))].sort();
}

/**
 * The patch a change makes of a ticket: its tags with `addTags` added and then `removeTags`
 * removed (to `tags` when the change also sets them); a change without either is its patch.
 */
export function resolveChange({ addTags, removeTags, ...patch }: TicketChange, current: { tags: string[] }): TicketPatch {
  if (!addTags?.length && !removeTags?.length) return patch;
  const removed = new Set(normalizeTags(removeTags ?? []));
  return { ...patch, tags: normalizeTags([...(patch.tags ?? current.tags), ...(addTags ?? [])]).filter((tag) => !removed.has(tag)) };
}

/**
 * Status rules: a ticket never goes back to `new`; only a solved ticket can be closed; a
 * closed ticket is archived and cannot change (a customer writing again starts a follow-up).
 */
export function checkStatusChange(from: TicketStatus, to: TicketStatus): void {
  if (from === to) return;
  if (to === "new") throw new AppError(422, "invalid_status_transition", "A ticket cannot go back to new", {
    errors: [{ field: "status", code: "invalid_status_transition", message: `Cannot change status from ${from} to new` }],
  });
  if (to === "closed" && from !== "solved") throw new AppError(422, "invalid_status_transition", "Solve a ticket before closing it", {
    errors: [{ field: "status", code: "invalid_status_transition", message: `Cannot change status from ${from} to closed` }],
  });
}

export function assertNotClosed(status: TicketStatus): void {
  if (status === "closed") throw conflict("ticket_closed", "This ticket is closed and can no longer change; a new message starts a follow-up ticket");
}

/**
 * Works out what an update changes. Assigning a `new` ticket opens it (unless the update sets
 * a status itself). Solving stamps `solvedAt`; leaving solved clears it; closing stamps `closedAt`; any status change stamps `statusChangedAt`.
 */
export function planTicketUpdate(current: TicketFields & TicketTimestamps, patch: TicketPatch, now: Date) {
  assertNotClosed(current.status);
  const next: TicketFields = { ...current, ...definedOnly(patch) };
  next.tags = normalizeTags(next.tags);
  if (patch.assigneeId && patch.assigneeId !== current.assigneeId && patch.status === undefined && current.status === "new") next.status = "open";
  checkStatusChange(current.status, next.status);

  const changes: FieldChange[] = [];
  for (const field of Object.keys(next) as TicketField[]) {
    const from = fieldValue(current, field);
    const to = fieldValue(next, field);
    if (from !== to) changes.push({ field, from, to });
  }
  // statusChangedAt: when it entered its status (automations' "hours since pending").
  const timestamps: Partial<TicketTimestamps> & { statusChangedAt?: Date } = {};
  if (next.status !== current.status) {
    timestamps.statusChangedAt = now;
    if (next.status === "solved") timestamps.solvedAt = now;
    else if (current.status === "solved" && next.status !== "closed") timestamps.solvedAt = null;
    if (next.status === "closed") timestamps.closedAt = now;
  }
  return { next, changes, timestamps };
}

/** The status a public reply leaves the ticket in: what the agent chose, else `new` becomes `open`. */
export function statusAfterReply(current: TicketStatus, requested?: TicketStatus): TicketStatus {
  return requested ?? (current === "new" ? "open" : current);
}

/**
 * The status after the customer writes: a ticket waiting for the customer (pending) or solved
 * becomes open again; new, open and on-hold tickets keep their status.
 */
export function statusAfterCustomerMessage(current: TicketStatus): TicketStatus {
  return current === "pending" || current === "solved" ? "open" : current;
}

/** A field as stored in the event history: tags as a JSON array, `automatic` as true/false, everything else as text. */
export function fieldValue(fields: TicketFields, field: TicketField): string | null {
  const value = fields[field];
  return Array.isArray(value) ? JSON.stringify(normalizeTags(value)) : typeof value === "boolean" ? String(value) : value;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * "Assignment that sticks": with the workspace's `assignOnReply` on, an agent who replies
 * publicly to, or solves, an unassigned ticket takes it — if they may (a ticket in a group goes
 * only to its members), and unless the same change names an assignee. Notes, customers, the
 * system and assigned tickets are left as they are.
 */
export function withAssignOnReply(
  patch: TicketPatch,
  ticket: { assigneeId: string | null; groupId: string | null },
  actor: { type: string; id: string | null },
  rule: { enabled: boolean; publicReply: boolean; memberOfGroup: boolean },
): TicketPatch {
  const applies =
    rule.enabled &&
    actor.type === "agent" &&
    actor.id !== null &&
    ticket.assigneeId === null &&
    patch.assigneeId === undefined &&
    (ticket.groupId === null || rule.memberOfGroup) &&
    (rule.publicReply || patch.status === "solved");
  return applies ? { ...patch, assigneeId: actor.id } : patch;
}
