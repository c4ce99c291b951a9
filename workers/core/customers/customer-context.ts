import { tickets, type TicketStatus } from "../../../schema";
import { readAll } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { customerAnswersQuery } from "../surveys/customer-answers";
import { ticketPage } from "../tickets/ticket-store";
import { customerFrom, customerReads } from "./customer-store";

/** How many of the other tickets, and of the survey answers, the context holds (the customer page has them all). */
export const CONTEXT_SHOWN = 5;
const OPEN: TicketStatus[] = ["new", "open", "pending", "on_hold"];
const DONE: TicketStatus[] = ["solved", "closed"];
const ticketColumns = { id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, updatedAt: tickets.updatedAt };
type ContextTicket = { id: string; number: number; subject: string; status: TicketStatus; updatedAt: Date };

/**
 * Who asks, beside a ticket (docs/web.md, "Who is asking"): the customer with every address, their
 * other open tickets and latest done ones (newest change first, through the list's own page
 * statement by requester; `besides` — the open ticket — left out), and their latest survey
 * answers. One round trip; a customer of another workspace is a 404.
 */
export async function customerContext(scope: TenantScope, customerId: string, besides: string | undefined, now = new Date()) {
  // One more than shown: the open ticket may be among them.
  const page = (status: TicketStatus[]) => ticketPage(scope, { requesterId: customerId, status, sort: "updated_at", order: "desc", limit: CONTEXT_SHOWN + 1 }, now, ticketColumns);
  const reads = await readAll(scope.db, { ...customerReads(scope, customerId), open: page(OPEN), done: page(DONE), answers: customerAnswersQuery(scope, customerId, CONTEXT_SHOWN) });
  const customer = customerFrom(reads.customer, reads.addresses);
  const others = (rows: unknown[]) => {
    const list = (rows as ContextTicket[]).filter((t) => t.id !== besides);
    return { items: list.slice(0, CONTEXT_SHOWN), more: list.length > CONTEXT_SHOWN };
  };
  const open = others(reads.open);
  const recent = others(reads.done);
  return { customer, openTickets: open.items, recentTickets: recent.items, moreTickets: open.more || recent.more, answers: reads.answers };
}
