import type { TicketPriority } from "../../../schema";

/** What decides a waiting ticket's place in its group's queue. */
export interface QueuedTicket {
  id: string;
  /** The requester's tier is VIP. */
  vip: boolean;
  priority: TicketPriority;
  /** Epoch ms. */
  createdAt: number;
}

/** 0 for VIP or urgent tickets, 1 for the rest: the first comes first. */
const rank = (t: QueuedTicket) => (t.vip || t.priority === "urgent" ? 0 : 1);

/** The queue's order: VIP and urgent tickets first, then the oldest; the id breaks a tie (ids are time-sortable). */
export function queueOrder(a: QueuedTicket, b: QueuedTicket): number {
  return rank(a) - rank(b) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether `a` is served before `b`. */
export const servedBefore = (a: QueuedTicket, b: QueuedTicket) => queueOrder(a, b) < 0;
