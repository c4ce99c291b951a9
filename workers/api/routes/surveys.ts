import { createRoute, z } from "@hono/zod-openapi";
import { SURVEY_LANGUAGES, SURVEY_SCALES } from "../../../schema";
import { ratingAnswer } from "../../core/surveys/survey-rules";
import { getSurveySettings, putSurveySettings } from "../../core/surveys/survey-settings";
import { listTicketSurveys, type Survey } from "../../core/surveys/survey-store";
import { getTicket } from "../../core/tickets/ticket-store";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, IdParam, json, jsonBody } from "../router";
import { iso, isoOrNull, singleLineText, Timestamp, NullableTimestamp } from "../schemas/common";

const SurveySettingsSchema = z
  .object({
    enabled: z.boolean().openapi({ description: "Send satisfaction surveys after solves" }),
    delayMinutes: z.number().int().min(0).max(43_200).openapi({ description: "Minutes after the solve before the survey is sent (default 1440: a day)" }),
    scale: z.enum(SURVEY_SCALES).openapi({ description: "good_bad: two answers; one_to_five: five (4 and 5 count as satisfied)" }),
    question: singleLineText(1, 300).nullable().openapi({ description: "Your own question; null: the built-in one in the survey's language" }),
    allowComment: z.boolean().openapi({ description: "Offer a comment box on the survey page" }),
    language: z.enum(SURVEY_LANGUAGES).openapi({ description: "auto: Simplified Chinese when the customer wrote in Chinese, else English" }),
    resendAfterReopen: z.boolean().openapi({ description: "Survey again when a reopened ticket is solved again" }),
  })
  .strict()
  .openapi("SurveySettings");

export const SurveySchema = z
  .object({
    id: z.string(),
    solvedAt: Timestamp.openapi({ description: "The solve this survey asked about" }),
    sentAt: Timestamp,
    scale: z.enum(SURVEY_SCALES),
    language: z.enum(["en", "zh-CN"]),
    answer: z.string().nullable().openapi({ description: "good/bad, or 1–5; null until the customer answers (the latest answer wins)", example: "good" }),
    comment: z.string().nullable(),
    answeredAt: NullableTimestamp,
  })
  .openapi("SatisfactionSurvey");

export const toSurvey = (s: Survey): z.infer<typeof SurveySchema> => ({
  id: s.id,
  solvedAt: iso(s.solvedAt),
  sentAt: iso(s.createdAt),
  scale: s.scale,
  language: s.language,
  answer: s.rating === null ? null : ratingAnswer(s.scale, s.rating),
  comment: s.comment,
  answeredAt: isoOrNull(s.answeredAt),
});

export const surveys = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/survey-settings",
      tags: ["Satisfaction"],
      summary: "The workspace's satisfaction-survey settings",
      security: authed,
      responses: { 200: json(SurveySettingsSchema, "Survey settings"), 401: errors[401] },
    }),
    async (c) => c.json(await getSurveySettings(c.get("scope")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/survey-settings",
      tags: ["Satisfaction"],
      summary: "Set the satisfaction-survey settings (they apply to surveys not yet sent)",
      security: authed,
      middleware: [requireLevel("admin")],
      request: { body: jsonBody(SurveySettingsSchema) },
      responses: { 200: json(SurveySettingsSchema, "Survey settings"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await putSurveySettings(c.get("scope"), c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/satisfaction",
      tags: ["Satisfaction"],
      summary: "The ticket's satisfaction surveys, newest first, with the customer's rating and comment",
      security: authed,
      request: { params: IdParam("Ticket", "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t") },
      responses: { 200: json(z.object({ items: z.array(SurveySchema) }), "Surveys"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const ticket = await getTicket(scope, c.req.valid("param").id);
      return c.json({ items: (await listTicketSurveys(scope, ticket.id)).map(toSurvey) }, 200);
    },
  );
