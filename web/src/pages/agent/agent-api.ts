import type { InferRequestType, InferResponseType } from "hono/client";
import { api } from "../../api";

/** Types of what the agent pages read and send, derived from the typed client (never hand-written). */
export type TicketPage = InferResponseType<typeof api.tickets.$get, 200>;
export type TicketListItem = TicketPage["items"][number];
export type TicketQuery = InferRequestType<typeof api.tickets.$get>["query"];
export type Ticket = InferResponseType<(typeof api.tickets)[":id"]["$get"], 200>;
export type TicketPatch = InferRequestType<(typeof api.tickets)[":id"]["$patch"]>["json"];
export type Message = InferResponseType<(typeof api.tickets)[":id"]["messages"]["$get"], 200>["items"][number];
export type Attachment = InferResponseType<(typeof api.tickets)[":id"]["attachments"]["$get"], 200>["items"][number];
export type TicketEvent = InferResponseType<(typeof api.tickets)[":id"]["events"]["$get"], 200>["items"][number];
export type SlaTimeline = InferResponseType<(typeof api.tickets)[":id"]["sla"]["$get"], 200>;
export type SlaClock = SlaTimeline["clocks"][number];
export type Survey = InferResponseType<(typeof api.tickets)[":id"]["satisfaction"]["$get"], 200>["items"][number];
export type Customer = InferResponseType<(typeof api.customers)[":id"]["$get"], 200>;
export type CustomerPatch = InferRequestType<(typeof api.customers)[":id"]["$patch"]>["json"];
export type User = InferResponseType<typeof api.users.$get, 200>["items"][number];
export type Group = InferResponseType<typeof api.groups.$get, 200>["items"][number];

export type TicketStatus = Ticket["status"];
export type TicketPriority = Ticket["priority"];
export type TicketType = Ticket["type"];
export type CustomerTier = Customer["tier"];
