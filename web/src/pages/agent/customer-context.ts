import type { InferResponseType } from "hono/client";
import type { api } from "../../api";
import { isTicketChange, type LiveEvent } from "../../live/live-client";

/** What the ticket page's customer panel shows: `GET /customers/{id}/context`. */
export type Context = InferResponseType<(typeof api.customers)[":id"]["context"]["$get"], 200>;
export type ContextTicket = Context["openTickets"][number];

/**
 * Whether a live change alters what the context shows: a change to one of the tickets it lists,
 * a new ticket of this customer, or a ticket given another requester (it may be theirs now).
 * Changes to the open ticket itself do not (its requester changing gives the panel another customer).
 */
export function aboutContext(event: LiveEvent, context: Pick<Context, "customer" | "openTickets" | "recentTickets">): boolean {
  if (event.type === "ticket.created") return event.requesterId === context.customer.id;
  if (event.type === "ticket.updated" && event.fields.includes("requesterId")) return true;
  return isTicketChange(event) && [...context.openTickets, ...context.recentTickets].some((t) => t.id === event.ticketId);
}
