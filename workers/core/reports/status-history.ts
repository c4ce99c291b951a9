/**
 * A ticket's status over time, read from its `field_change` events on "status" (the ticket
 * store records the initial status that way at creation). Pure.
 *
 * "Done" means solved or closed, as for SLA clocks. A **solve** is the ticket becoming done
 * from a status that is not (or being created done); closing a solved ticket is not a second
 * solve. A **reopen** is the ticket leaving done for a status that is not done.
 */
import type { TicketStatus } from "../../../schema";

export interface StatusChange {
  at: Date;
  status: TicketStatus;
}

export const isDone = (status: TicketStatus) => status === "solved" || status === "closed";

/** One pass over the changes (time order): when the ticket became done, and when it left done. */
export function statusTransitions(changes: readonly StatusChange[]): { solves: Date[]; reopens: Date[] } {
  const solves: Date[] = [];
  const reopens: Date[] = [];
  let done: boolean | null = null;
  for (const change of changes) {
    const now = isDone(change.status);
    if (now && done !== true) solves.push(change.at);
    if (!now && done === true) reopens.push(change.at);
    done = now;
  }
  return { solves, reopens };
}

/**
 * The periods the ticket was not done, as [from, to) in epoch milliseconds (to = Infinity while
 * it still is not): what counts towards the backlog.
 */
export function unsolvedPeriods(changes: readonly StatusChange[]): { from: number; to: number }[] {
  const periods: { from: number; to: number }[] = [];
  let openSince: number | null = null;
  for (const change of changes) {
    const t = change.at.getTime();
    if (isDone(change.status)) {
      if (openSince !== null) periods.push({ from: openSince, to: t });
      openSince = null;
    } else if (openSince === null) openSince = t;
  }
  if (openSince !== null) periods.push({ from: openSince, to: Infinity });
  return periods;
}

/**
 * The periods before `until` (epoch ms) in which the ticket was not done and its status `counts`,
 * as [from, to) in epoch milliseconds, in time order: e.g. the requester's wait (not pending).
 */
export function periodsWhere(changes: readonly StatusChange[], until: number, counts: (status: TicketStatus) => boolean): { from: number; to: number }[] {
  const periods: { from: number; to: number }[] = [];
  let since: number | null = null;
  for (const change of changes) {
    const t = change.at.getTime();
    if (t >= until) break;
    const counting = !isDone(change.status) && counts(change.status);
    if (counting && since === null) since = t;
    if (!counting && since !== null) {
      if (t > since) periods.push({ from: since, to: t });
      since = null;
    }
  }
  if (since !== null && until > since) periods.push({ from: since, to: until });
  return periods;
}
