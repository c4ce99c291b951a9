import { createRoute, z } from "@hono/zod-openapi";
import { COUNT_LIMIT, MAX_COUNTED, countTickets } from "../../core/tickets/ticket-counts";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { ListFilters, listQueryOf } from "../schemas/ticket-filters";

const TicketCountSchema = z
  .object({
    count: z.number().int().nullable().openapi({ description: `The query's tickets, up to ${COUNT_LIMIT}; null when it has too many search words to run (its list answers 422 search_too_long)` }),
    more: z.boolean().openapi({ description: `There are more than ${COUNT_LIMIT}` }),
  })
  .openapi("TicketCount");

export const ticketCounts = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/ticket-counts",
    tags: ["Tickets"],
    summary: "Count the tickets of several list queries at once (saved views' tabs, the work waiting)",
    description: `One count per query, in order, each up to ${COUNT_LIMIT} (then \`more\`). A read: read-only tokens may call it. Ids of another workspace's users or groups match nothing.`,
    security: authed,
    request: { body: jsonBody(z.object({ queries: z.array(ListFilters).min(1).max(MAX_COUNTED) }).strict()) },
    responses: { 200: json(z.object({ items: z.array(TicketCountSchema) }), "The counts, in the queries' order"), 401: errors[401], 422: errors[422] },
  }),
  async (c) => c.json({ items: await countTickets(c.get("scope"), c.req.valid("json").queries.map(listQueryOf)) }, 200),
);
