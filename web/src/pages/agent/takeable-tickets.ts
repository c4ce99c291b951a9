import type { TicketQuery } from "./agent-api";
import { filtersFrom, listUrl, viewQuery } from "./ticket-views";

/** Where unassigned work waits for someone: one group's unassigned tickets, or (null) all of them. */
export interface TakeableTarget {
  groupId: string | null;
}

/**
 * The unassigned tickets a person can take: those of each group they are in, in the directory's
 * order; in no group (or in a workspace without groups), every unassigned ticket.
 */
export function takeableTargets(myId: string, groups: readonly { id: string; memberIds: readonly string[] }[]): TakeableTarget[] {
  const mine = groups.filter((g) => g.memberIds.includes(myId));
  return mine.length ? mine.map((g) => ({ groupId: g.id })) : [{ groupId: null }];
}

/** The list query that counts a target's tickets: the Unassigned view's, in its group. */
export function takeableQuery(target: TakeableTarget, myId: string): NonNullable<TicketQuery> {
  return { ...viewQuery("unassigned", myId), ...(target.groupId ? { groupId: target.groupId } : {}) };
}

/** The list a target's link opens: the Unassigned view, filtered to its group. */
export function takeableUrl(target: TakeableTarget): string {
  return listUrl("unassigned", filtersFrom(target.groupId ? { groupId: target.groupId } : {}));
}
