import { api, data } from "../../api";
import type { Ticket, TicketPatch } from "./agent-api";
import { ifMatchOf } from "./ticket-draft";

/** A PATCH of the ticket as the agent read it: refused with 409 `ticket_changed` if anyone changed it since. */
export const saveTicket = (ticket: Ticket, patch: TicketPatch) => data(api.tickets[":id"].$patch({ param: { id: ticket.id }, header: { "if-match": ifMatchOf(ticket) }, json: patch }));
