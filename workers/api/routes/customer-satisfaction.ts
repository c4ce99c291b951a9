import { createRoute, z } from "@hono/zod-openapi";
import { listCustomerAnswers } from "../../core/surveys/customer-answers";
import { formatTicketRef } from "../../core/tickets/ticket-ref";
import { authed, createRouter, errors, IdParam, json } from "../router";
import { SurveySchema, toSurvey } from "./surveys";

export const CustomerAnswerSchema = SurveySchema.extend({
  ticketId: z.string(),
  ticketRef: z.string().openapi({ example: "#1234" }),
  ticketSubject: z.string(),
}).openapi("CustomerSatisfactionAnswer");

export const toCustomerAnswer = (a: Awaited<ReturnType<typeof listCustomerAnswers>>[number]): z.infer<typeof CustomerAnswerSchema> => ({
  ...toSurvey(a.survey),
  ticketId: a.survey.ticketId,
  ticketRef: formatTicketRef(a.ticketNumber),
  ticketSubject: a.ticketSubject,
});

export const customerSatisfaction = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/customers/{id}/satisfaction",
    tags: ["Satisfaction"],
    summary: "What the customer answered to satisfaction surveys, newest answer first, each with its ticket",
    description: "Only answered surveys; the latest `limit` of them (no further pages: the customer panel of a ticket shows the recent ones).",
    security: authed,
    request: {
      params: IdParam("Customer", "cus_01jq3v9f2k8x7d0m4n5p6r7s8t"),
      query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ description: "How many answers (1–50)" }) }),
    },
    responses: { 200: json(z.object({ items: z.array(CustomerAnswerSchema) }), "Answers"), 400: errors[400], 401: errors[401], 404: errors[404], 422: errors[422] },
  }),
  async (c) => {
    const answers = await listCustomerAnswers(c.get("scope"), c.req.valid("param").id, c.req.valid("query").limit);
    return c.json({ items: answers.map(toCustomerAnswer) }, 200);
  },
);
