import type { AssignmentMethod, SkillMode } from "../../../schema";
import { queueOrder, type QueuedTicket } from "./queue-order";

/**
 * Automatic assignment, pure: which of a group's agents gets a ticket. The adapter
 * (`assignment-store.ts`) reads the group and its members, calls these, and writes the result in
 * the ticket's own batch. docs/assignment.md.
 */

/** A group's assignment settings as they matter to one decision. */
export interface GroupAssignment {
  groupId: string;
  method: AssignmentMethod;
  /** At most this many new and open tickets per agent (null: no cap). */
  cap: number | null;
  skills: SkillMode;
  /** Round-robin's pointer: the member who got the last ticket (null: none yet). */
  cursor: string | null;
  /** Inside the group's business hours now (its calendar; round the clock without one). */
  open: boolean;
}

/** A member of the group, as the decision sees them. */
export interface Candidate {
  userId: string;
  /** Active and their availability toggle on. */
  available: boolean;
  /** Their new and open tickets now (every group's). */
  openCount: number;
  skillTags: readonly string[];
  skillLanguages: readonly string[];
}

/** The ticket being assigned. */
export interface AssignableTicket extends QueuedTicket {
  tags: readonly string[];
  /** The requester's language (null: not known — any agent). */
  language: string | null;
}

export interface Assignment {
  userId: string;
  /** For the history (`ticket_events.reason`): `assignment:<method>:<group id>`. */
  reason: string;
}

/** Why a change was made by a group's automatic assignment, as the history records it. */
export const assignmentReason = (method: Exclude<AssignmentMethod, "off">, groupId: string) => `assignment:${method}:${groupId}`;
/** Why an unavailable agent's ticket went back to the pool, as the history records it. */
export const returnedReason = (groupId: string) => `assignment:returned:${groupId}`;

const usesTags = (mode: SkillMode) => mode === "tags" || mode === "tags_and_languages";
const usesLanguages = (mode: SkillMode) => mode === "languages" || mode === "tags_and_languages";

/**
 * The skills a ticket needs in this group: its tags that some member lists as a skill (other
 * tags are not skills), and its requester's language when the group matches languages.
 */
function requiredSkills(group: GroupAssignment, candidates: readonly Candidate[], ticket: AssignableTicket) {
  const skillTags = new Set(candidates.flatMap((c) => c.skillTags));
  return {
    tags: usesTags(group.skills) ? ticket.tags.filter((tag) => skillTags.has(tag)) : [],
    language: usesLanguages(group.skills) ? ticket.language : null,
  };
}

/** The members who may receive the ticket now: available, under the cap, with the skills it needs; nobody outside business hours. */
export function eligible(group: GroupAssignment, candidates: readonly Candidate[], ticket: AssignableTicket): Candidate[] {
  if (group.method === "off" || !group.open) return [];
  const needs = requiredSkills(group, candidates, ticket);
  return candidates.filter(
    (c) =>
      c.available &&
      (group.cap === null || c.openCount < group.cap) &&
      needs.tags.every((tag) => c.skillTags.includes(tag)) &&
      (needs.language === null || c.skillLanguages.includes(needs.language)),
  );
}

/** The members in round-robin order: by id, starting with the one after the cursor. */
function rotation(candidates: readonly Candidate[], cursor: string | null): Candidate[] {
  const sorted = [...candidates].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const next = cursor === null ? 0 : sorted.findIndex((c) => c.userId > cursor);
  return next <= 0 ? sorted : [...sorted.slice(next), ...sorted.slice(0, next)];
}

/**
 * Who gets the ticket (null: nobody may now; it waits for a free agent). Round-robin: the next
 * eligible member after the cursor. Least open: the eligible member with the fewest new and open
 * tickets, ties in round-robin order.
 */
export function chooseAssignee(group: GroupAssignment, candidates: readonly Candidate[], ticket: AssignableTicket): Assignment | null {
  if (group.method === "off") return null;
  const order = rotation(eligible(group, candidates, ticket), group.cursor);
  const chosen = group.method === "round_robin" ? order[0] : order.reduce<Candidate | undefined>((best, c) => (best === undefined || c.openCount < best.openCount ? c : best), undefined);
  return chosen ? { userId: chosen.userId, reason: assignmentReason(group.method, group.groupId) } : null;
}

/** The group after an assignment: the cursor moves to the agent (round-robin's state). */
export const afterAssignment = (group: GroupAssignment, userId: string): GroupAssignment => ({ ...group, cursor: userId });

/** The candidates after an agent got a ticket: one more open ticket for them. */
export const withOneMore = (candidates: readonly Candidate[], userId: string): Candidate[] => candidates.map((c) => (c.userId === userId ? { ...c, openCount: c.openCount + 1 } : c));

/**
 * A queue of waiting tickets worked through in order (VIP and urgent first, then the oldest):
 * each ticket's assignment, or none when nobody may take it; the counts and cursor move with each.
 */
export function assignQueue(group: GroupAssignment, candidates: readonly Candidate[], waiting: readonly AssignableTicket[]) {
  let state = { group, candidates: [...candidates] };
  const assigned: (Assignment & { ticketId: string })[] = [];
  for (const ticket of [...waiting].sort(queueOrder)) {
    const choice = chooseAssignee(state.group, state.candidates, ticket);
    if (!choice) continue;
    assigned.push({ ...choice, ticketId: ticket.id });
    state = { group: afterAssignment(state.group, choice.userId), candidates: withOneMore(state.candidates, choice.userId) };
  }
  return { assigned, group: state.group, candidates: state.candidates };
}

/**
 * Whether an unavailable agent's ticket goes back to the pool: the group returns tickets, the
 * agent has been unavailable at least that long, and nothing happened to the ticket since they
 * went away (an assignment made after it, by a person, stands).
 */
export function returnsToPool(returnMinutes: number | null, agent: { available: boolean; changedAt: number | null }, ticketUpdatedAt: number, now: number): boolean {
  if (returnMinutes === null || agent.available || agent.changedAt === null) return false;
  return agent.changedAt + returnMinutes * 60_000 <= now && ticketUpdatedAt <= agent.changedAt;
}
