import { createRoute, z } from "@hono/zod-openapi";
import { HOLIDAY_SCHEDULES, type HolidaySchedule } from "../../core/sla/holiday-schedules";
import { scheduleDates } from "../../core/sla/holiday-merge";
import { fetchIcs } from "../../core/sla/ics-fetch";
import { holidaysFromIcs } from "../../core/sla/ics-holidays";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { Holidays, Workdays } from "../schemas/holidays";

const Words = z.object({ en: z.string(), zh: z.string() });

const ScheduleSchema = z
  .object({
    id: z.string().openapi({ example: "CN-2026" }),
    country: z.string().openapi({ description: "ISO 3166-1 alpha-2", example: "CN" }),
    year: z.number().int(),
    published: z.boolean().openapi({ description: "false: the official notice is not out yet, and the lists are empty" }),
    source: z.object({ title: z.string(), url: z.string(), issuedOn: z.string() }).nullable().openapi({ description: "The official notice the dates come from" }),
    periods: z.array(z.object({ name: Words, start: z.iso.date(), end: z.iso.date() })).openapi({ description: "The holidays, named" }),
    makeUpDays: z.array(z.object({ name: Words, date: z.iso.date() })).openapi({ description: "Make-up working days (调休), named after the holiday they make up for" }),
    holidays: Holidays.openapi({ description: "The holidays as a business calendar's `holidays`" }),
    workdays: Workdays.openapi({ description: "The make-up days as a business calendar's `workdays` (with Monday's hours)" }),
  })
  .openapi("PublicHolidaySchedule");

const toSchedule = (s: HolidaySchedule): z.infer<typeof ScheduleSchema> => ({
  id: s.id,
  country: s.country,
  year: s.year,
  published: s.published,
  source: s.source,
  periods: s.holidays,
  makeUpDays: s.workdays,
  ...scheduleDates(s),
});

const IcsImportBody = z
  .union([
    z.object({ ics: z.string().min(1).max(1_000_000).openapi({ description: "The text of an .ics file" }) }).strict(),
    z.object({ url: z.url({ protocol: /^https$/ }).max(2000).openapi({ description: "A public https URL of an .ics file (fetched within 5 seconds, at most 1 MiB)", example: "https://example.com/holidays.ics" }) }).strict(),
  ])
  .openapi("HolidayIcsImport");

const IcsImportSchema = z
  .object({
    holidays: Holidays,
    workdays: Workdays,
    events: z.number().int().openapi({ description: "All-day events read (each occurrence of a recurring one)" }),
    skipped: z.number().int().openapi({ description: "Events skipped: ones with a time of day, and recurring ones with no occurrence from the year before to three years after now (recurring events are expanded over those years)" }),
  })
  .openapi("HolidayIcsImportResult");

/**
 * Holidays to import into a business calendar: official public-holiday schedules shipped with
 * Kefu, and holidays read from an iCalendar file. Both only answer the dates; the client merges
 * them into a calendar (the web app's calendar editor, before saving) and saves it as usual.
 */
export const holidayImports = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/public-holiday-schedules",
      tags: ["SLA"],
      summary: "Official public-holiday schedules to import into a business calendar (mainland China: holidays and make-up working days)",
      security: authed,
      responses: { 200: json(z.object({ items: z.array(ScheduleSchema) }), "The schedules"), 401: errors[401] },
    }),
    (c) => c.json({ items: HOLIDAY_SCHEDULES.map(toSchedule) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/holiday-imports",
      tags: ["SLA"],
      summary: "Read the holidays in an iCalendar (.ics) file, sent as text or fetched from an https URL",
      description:
        "All-day events become holidays (consecutive days one range); events whose summary says they are working days (上班, 补班, make-up) become make-up working days with Monday's hours; events with a time of day are skipped. Nothing is saved: merge the answer into a calendar and save it.",
      security: authed,
      middleware: [requireLevel("admin")] as const,
      request: { body: jsonBody(IcsImportBody) },
      responses: { 200: json(IcsImportSchema, "The holidays found"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const text = "ics" in body ? body.ics : await fetchIcs(body.url);
      return c.json(holidaysFromIcs(text), 200);
    },
  );
