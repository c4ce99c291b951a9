import { createRoute, z } from "@hono/zod-openapi";
import { CONTEXT_SHOWN, customerContext } from "../../core/customers/customer-context";
import { formatTicketRef } from "../../core/tickets/ticket-ref";
import { authed, createRouter, errors, IdParam, json } from "../router";
import { iso, Timestamp } from "../schemas/common";
import { CustomerSchema, toCustomer } from "../schemas/customers";
import { Status } from "../schemas/tickets";
import { withETag } from "../schemas/versioning";
import { CustomerAnswerSchema, toCustomerAnswer } from "./customer-satisfaction";

const ContextTicketSchema = z
  .object({ id: z.string(), ref: z.string().openapi({ example: "#1234" }), subject: z.string(), status: Status, updatedAt: Timestamp })
  .openapi("CustomerContextTicket");

const CustomerContextSchema = z
  .object({
    customer: CustomerSchema,
    openTickets: z.array(ContextTicketSchema).openapi({ description: `Their other open tickets (new, open, pending, on hold), latest change first, up to ${CONTEXT_SHOWN}` }),
    recentTickets: z.array(ContextTicketSchema).openapi({ description: `Their latest solved or closed tickets, up to ${CONTEXT_SHOWN}` }),
    moreTickets: z.boolean().openapi({ description: "They have more tickets than these (the customer page lists them all)" }),
    satisfaction: z.array(CustomerAnswerSchema).openapi({ description: `Their latest ${CONTEXT_SHOWN} survey answers, newest first` }),
  })
  .openapi("CustomerContext");

export const customerContextRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/customers/{id}/context",
    tags: ["Customers"],
    summary: "Who is asking, beside a ticket: the customer, their other open and recent tickets, their satisfaction answers",
    description: "One read (the ticket page's customer panel). `besides`: a ticket to leave out of the lists (the one open). Answered with the customer's ETag, for `PATCH /customers/{id}` with If-Match.",
    security: authed,
    request: {
      params: IdParam("Customer", "cus_01jq3v9f2k8x7d0m4n5p6r7s8t"),
      query: z.object({ besides: z.string().min(1).max(64).optional().openapi({ description: "A ticket id to leave out of the lists", example: "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t" }) }).strict(),
    },
    responses: { 200: json(CustomerContextSchema, "The customer's context"), 400: errors[400], 401: errors[401], 404: errors[404], 422: errors[422] },
  }),
  async (c) => {
    const context = await customerContext(c.get("scope"), c.req.valid("param").id, c.req.valid("query").besides);
    const ticket = (t: (typeof context.openTickets)[number]) => ({ id: t.id, ref: formatTicketRef(t.number), subject: t.subject, status: t.status, updatedAt: iso(t.updatedAt) });
    return c.json(
      {
        customer: toCustomer(withETag(c, context.customer)),
        openTickets: context.openTickets.map(ticket),
        recentTickets: context.recentTickets.map(ticket),
        moreTickets: context.moreTickets,
        satisfaction: context.answers.map(toCustomerAnswer),
      },
      200,
    );
  },
);
