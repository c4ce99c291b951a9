import { createRoute, z } from "@hono/zod-openapi";
import { CLOCK_STATES, CUSTOMER_TIERS, SLA_METRIC_NAMES, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from "../../../schema";
import { runBatch } from "../../core/db";
import { addBusinessMinutes, isCalendarInstant } from "../../core/sla/business-calendar";
import { invalidField } from "../../core/errors";
import { assertValidCalendar, createCalendar, deleteCalendar, getCalendar, listCalendars, updateCalendar, type CalendarRow } from "../../core/sla/calendar-store";
import {
  applyPreset,
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  PRESETS,
  reorderPolicies,
  requestSlaRecompute,
  updatePolicy,
  type PolicyRow,
} from "../../core/sla/policy-store";
import { DEFAULT_PAUSED_STATUSES, MATCH_CONDITIONS, type PolicyConditions } from "../../core/sla/policy-match";
import { UNPAUSABLE_METRICS } from "../../core/sla/metric-pauses";
import { getSlaSettings, putSlaSettings } from "../../core/sla/sla-settings";
import { isKept } from "../../core/sla/kept-outcomes";
import { evaluateTicketSla } from "../../core/sla/ticket-sla";
import { getTicket } from "../../core/tickets/ticket-store";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, IdParam, json, jsonBody } from "../router";
import { iso, isoOrNull, Name, NullableTimestamp, patchOf, Timestamp } from "../schemas/common";
import { Holidays, Workdays } from "../schemas/holidays";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";

const admin = [requireLevel("admin")];

/** The preview's deadline; one the calendar math cannot reach (beyond about 10 years, or the year 9000) is the caller's 422. */
function previewDue(start: Date, minutes: number, calendar: Parameters<typeof addBusinessMinutes>[2]): Date {
  try {
    return addBusinessMinutes(start, minutes, calendar);
  } catch (error) {
    if (error instanceof RangeError) throw invalidField("body.minutes", "due_out_of_range", `No deadline: ${error.message}`);
    throw error;
  }
}
const CalendarId = IdParam("Business calendar", "cal_01jq3v9f2k8x7d0m4n5p6r7s8t");
const PolicyId = IdParam("SLA policy", "sla_01jq3v9f2k8x7d0m4n5p6r7s8t");

const Time = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time "HH:MM" (24:00 allowed as an end)');
const CalendarFields = {
  timeZone: z.string().min(1).max(64).openapi({ example: "Asia/Shanghai" }),
  weekly: z
    .array(z.array(z.object({ start: Time, end: Time }).strict()).max(8))
    .length(7)
    .openapi({ description: "Index 0 = Sunday … 6 = Saturday; open intervals per day, wall-clock time", example: [[], [{ start: "09:00", end: "12:00" }, { start: "13:30", end: "18:00" }], [], [], [], [], []] }),
  holidays: Holidays,
  workdays: Workdays,
};
const CalendarBody = z.object({ name: Name, ...CalendarFields }).strict().openapi("NewBusinessCalendar");

const CalendarSchema = z
  .object({ id: z.string(), name: z.string(), ...CalendarFields, createdAt: Timestamp, updatedAt: Timestamp })
  .openapi("BusinessCalendar");
const CreatedCalendarSchema = CalendarSchema.extend({
  becameDefault: z.boolean().openapi({ description: "This calendar became the workspace's default: it is the workspace's first" }),
}).openapi("CreatedBusinessCalendar");
const toCalendar = (c: CalendarRow): z.infer<typeof CalendarSchema> => ({
  id: c.id,
  name: c.name,
  timeZone: c.timeZone,
  weekly: c.weekly,
  holidays: c.holidays,
  workdays: c.workdays,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

const Target = z.object({ minutes: z.number().int().min(1).max(525_600), businessHours: z.boolean() }).strict();
const MetricTargets = z.object(Object.fromEntries(SLA_METRIC_NAMES.map((m) => [m, Target.optional()])) as Record<(typeof SLA_METRIC_NAMES)[number], z.ZodOptional<typeof Target>>).strict();
const PolicyFields = {
  name: Name,
  active: z.boolean(),
  conditions: z
    .object({
      priorities: z.array(z.enum(TICKET_PRIORITIES)).optional(),
      types: z.array(z.enum(TICKET_TYPES)).optional(),
      channels: z.array(z.enum(TICKET_CHANNELS)).optional(),
      customerTiers: z.array(z.enum(CUSTOMER_TIERS)).optional(),
      groupIds: z.array(z.string().max(64)).max(50).optional(),
      tagsAny: z.array(z.string().max(50)).max(50).optional(),
      tagsAll: z.array(z.string().max(50)).max(50).optional(),
    })
    .strict()
    .openapi({ description: "All given conditions must hold; an empty object matches every ticket" }),
  targets: z.object(Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, MetricTargets.optional()])) as Record<(typeof TICKET_PRIORITIES)[number], z.ZodOptional<typeof MetricTargets>>).strict().openapi({
    description: "Per priority, per metric: minutes and whether they are business minutes",
    example: { urgent: { first_reply: { minutes: 60, businessHours: true }, resolution: { minutes: 480, businessHours: true } } },
  }),
  pausedStatuses: z.array(z.enum(TICKET_STATUSES)).max(6).openapi({ description: "Statuses that pause the periodic update and resolution clocks (unless set per metric)" }),
  pausedStatusesByMetric: z
    .object(
      Object.fromEntries(
        SLA_METRIC_NAMES.map((m) => [m, UNPAUSABLE_METRICS.includes(m) ? z.array(z.enum(TICKET_STATUSES)).max(0, "This metric never pauses").optional() : z.array(z.enum(TICKET_STATUSES)).max(6).optional()]),
      ) as Record<(typeof SLA_METRIC_NAMES)[number], z.ZodOptional<z.ZodArray<z.ZodEnum<{ [K in (typeof TICKET_STATUSES)[number]]: K }>>>>,
    )
    .strict()
    .openapi({
      description:
        "Per metric, the statuses that pause it; a metric not named keeps its default (first and next reply: none; periodic update and resolution: `pausedStatuses`; requester wait: pending). Total resolution and the unpaused periodic update never pause (a non-empty list is refused).",
      example: { requester_wait: ["pending"], resolution: ["pending", "on_hold"] },
    }),
  reopenResumes: z.boolean().openapi({
    description: "A reopen resumes the resolution clocks (resolution, requester wait, total resolution) the solve ended — the time solved is a pause — instead of starting new ones",
  }),
  calendarId: z.string().max(64).nullable(),
  warnBeforeMinutes: z.number().int().min(0).max(10_080),
  escalatePriority: z.enum(TICKET_PRIORITIES).nullable(),
  escalateGroupId: z.string().max(64).nullable(),
};
const PolicyBody = z
  .object({
    ...PolicyFields,
    active: PolicyFields.active.default(true),
    pausedStatuses: PolicyFields.pausedStatuses.default([...DEFAULT_PAUSED_STATUSES]),
    pausedStatusesByMetric: PolicyFields.pausedStatusesByMetric.default({}),
    reopenResumes: PolicyFields.reopenResumes.default(false),
    calendarId: PolicyFields.calendarId.default(null),
    warnBeforeMinutes: PolicyFields.warnBeforeMinutes.default(30),
    escalatePriority: PolicyFields.escalatePriority.default(null),
    escalateGroupId: PolicyFields.escalateGroupId.default(null),
  })
  .strict()
  .openapi("NewSlaPolicy");
const PolicySchema = z.object({ id: z.string(), position: z.number().int(), ...PolicyFields, createdAt: Timestamp, updatedAt: Timestamp }).openapi("SlaPolicy");
const toPolicy = (p: PolicyRow): z.infer<typeof PolicySchema> => ({
  id: p.id,
  position: p.position,
  name: p.name,
  active: p.active,
  conditions: p.conditions as PolicyConditions,
  targets: p.targets,
  pausedStatuses: p.pausedStatuses,
  pausedStatusesByMetric: p.pausedStatusesByMetric,
  reopenResumes: p.reopenResumes,
  calendarId: p.calendarId,
  warnBeforeMinutes: p.warnBeforeMinutes,
  escalatePriority: p.escalatePriority,
  escalateGroupId: p.escalateGroupId,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

const ClockSchema = z
  .object({
    metric: z.enum(SLA_METRIC_NAMES),
    instance: z.number().int(),
    state: z.enum(CLOCK_STATES),
    target: z.string().openapi({ example: "60 business minutes" }),
    startedAt: Timestamp,
    pauses: z.array(z.object({ from: Timestamp, to: NullableTimestamp })),
    dueAt: NullableTimestamp,
    fulfilledAt: NullableTimestamp,
    breachedAt: NullableTimestamp,
    elapsedMinutes: z.number(),
    kept: z.boolean().openapi({
      description: "The outcome (breached, or met in time) was reached under an earlier policy or target and is kept as history: the policy or the ticket's priority has changed since",
    }),
  })
  .openapi("SlaClock");

const SlaSettingsSchema = z
  .object({
    defaultCalendarId: z.string().max(64).nullable().openapi({ description: "Business hours for policies that name no calendar; null: round the clock" }),
    autoCloseDays: z.number().int().min(1).max(365).nullable().openapi({ description: "Solved tickets close after this many days; null: never" }),
  })
  .strict()
  .openapi("SlaSettings");

export const sla = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/business-calendars", tags: ["SLA"], summary: "Business calendars", security: authed, responses: { 200: json(z.object({ items: z.array(CalendarSchema) }), "Calendars"), 401: errors[401] } }),
    async (c) => c.json({ items: (await listCalendars(c.get("scope"))).map(toCalendar) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/business-calendars",
      tags: ["SLA"],
      summary: "Create a business calendar",
      description: "The workspace's first calendar also becomes its default (`becameDefault: true`; open tickets' deadlines are recomputed in its hours). Later ones do not: set `defaultCalendarId` in `/sla-settings`.",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(CalendarBody) },
      responses: { 201: json(CreatedCalendarSchema, "The calendar"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const created = await createCalendar(c.get("scope"), c.req.valid("json"));
      return c.json({ ...toCalendar(created), becameDefault: created.becameDefault }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/business-calendars/preview",
      tags: ["SLA"],
      summary: "When would a deadline fall? A start instant plus business minutes, in a calendar (inline or by id)",
      security: authed,
      request: {
        body: jsonBody(
          z
            .object({
              calendarId: z.string().max(64).optional(),
              calendar: z.object(CalendarFields).strict().optional(),
              start: z.iso
                .datetime({ offset: true })
                .refine((start) => isCalendarInstant(new Date(start)), "Must lie between the years 1000 and 9000")
                .openapi({ example: "2026-09-30T17:00:00+08:00" }),
              minutes: z.number().int().min(0).max(525_600).openapi({ example: 480 }),
            })
            .strict()
            .refine((b) => (b.calendarId === undefined) !== (b.calendar === undefined), { message: "Send either calendarId or calendar", path: ["calendar"] }),
        ),
      },
      responses: { 200: json(z.object({ dueAt: Timestamp }), "The due instant"), 401: errors[401], 404: errors[404], 422: errors[422] },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const calendar = body.calendar ?? (await getCalendar(c.get("scope"), body.calendarId!));
      assertValidCalendar(calendar, "body.calendar.");
      return c.json({ dueAt: iso(previewDue(new Date(body.start), body.minutes, calendar)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/business-calendars/{id}",
      tags: ["SLA"],
      summary: "One business calendar",
      security: authed,
      request: { params: CalendarId },
      responses: { 200: json(CalendarSchema, "The calendar"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toCalendar(withETag(c, await getCalendar(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/business-calendars/{id}",
      tags: ["SLA"],
      summary: "Change a business calendar (open tickets' deadlines are recomputed)",
      description: ifMatchNote("calendar"),
      security: authed,
      middleware: admin,
      request: { params: CalendarId, headers: IfMatch, body: jsonBody(patchOf({ name: Name, ...CalendarFields })) },
      responses: { 200: json(CalendarSchema, "The calendar"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      const calendar = await versionedWrite(c, (version) => updateCalendar(scope, id, c.req.valid("json"), new Date(), version), async () => toCalendar(await getCalendar(scope, id)));
      await runBatch(scope.db, [requestSlaRecompute(scope)]);
      return c.json(toCalendar(calendar), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/business-calendars/{id}",
      tags: ["SLA"],
      summary: "Delete a calendar no policy uses",
      security: authed,
      middleware: admin,
      request: { params: CalendarId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => {
      await deleteCalendar(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/sla-policies",
      tags: ["SLA"],
      summary: "SLA policies in order (the first active match applies)",
      security: authed,
      responses: { 200: json(z.object({ items: z.array(PolicySchema) }), "Policies"), 401: errors[401] },
    }),
    async (c) => c.json({ items: (await listPolicies(c.get("scope"))).map(toPolicy) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/sla-policies",
      tags: ["SLA"],
      summary: "Add a policy at the end of the order",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(PolicyBody) },
      responses: { 201: json(PolicySchema, "The policy"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(toPolicy(await createPolicy(c.get("scope"), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/sla-policies/presets",
      tags: ["SLA"],
      summary: "Apply a preset policy in one click",
      description:
        "`email_24h`: every email answered within 24 h. `complaint_48h`: complaints answered in 24 h and closed in 48 h. `vip_1h`: VIP first reply within 1 business hour. `tier_escalation`: a standard policy that moves breached tickets to the Tier 2 group.",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ preset: z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]) }).strict()) },
      responses: { 201: json(PolicySchema, "The policy the preset created"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toPolicy(await applyPreset(c.get("scope"), c.req.valid("json").preset)), 201),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/sla-policies/order",
      tags: ["SLA"],
      summary: "Set the order of the policies (every id exactly once)",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ ids: z.array(z.string().max(64)).max(200) }).strict()) },
      responses: { 200: json(z.object({ items: z.array(PolicySchema) }), "Policies in the new order"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json({ items: (await reorderPolicies(c.get("scope"), c.req.valid("json").ids)).map(toPolicy) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/sla-policies/{id}",
      tags: ["SLA"],
      summary: "One SLA policy",
      security: authed,
      request: { params: PolicyId },
      responses: { 200: json(PolicySchema, "The policy"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toPolicy(withETag(c, await getPolicy(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/sla-policies/{id}",
      tags: ["SLA"],
      summary: "Change a policy (open tickets are recomputed)",
      description: ifMatchNote("policy"),
      security: authed,
      middleware: admin,
      request: { params: PolicyId, headers: IfMatch, body: jsonBody(patchOf(PolicyFields)) },
      responses: { 200: json(PolicySchema, "The policy"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      return c.json(toPolicy(await versionedWrite(c, (version) => updatePolicy(scope, id, c.req.valid("json"), new Date(), version), async () => toPolicy(await getPolicy(scope, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/sla-policies/{id}",
      tags: ["SLA"],
      summary: "Delete a policy",
      security: authed,
      middleware: admin,
      request: { params: PolicyId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deletePolicy(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/sla",
      tags: ["SLA"],
      summary: "Why the ticket's deadlines are what they are: the policy chosen and why, each metric's start, pauses, due, fulfilment or breach",
      security: authed,
      request: { params: IdParam("Ticket", "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t") },
      responses: {
        200: json(
          z.object({
            policy: z.object({ id: z.string(), name: z.string() }).nullable(),
            blockedBy: z
              .string()
              .nullable()
              .openapi({ description: "Why the policy's deadlines cannot be set (its business calendar is invalid or has no open hours); null when they can" }),
            reasons: z.array(z.string()).openapi({ description: "Why the policy applies, in English, one line per condition (`matched` in words)" }),
            matched: z
              .array(
                z.object({
                  condition: z.enum(MATCH_CONDITIONS).openapi({ description: "The policy condition that holds; `none`: the policy has no conditions" }),
                  values: z.array(z.string()).openapi({ description: "The ticket's values (for tags: the matching tags)", example: ["urgent"] }),
                  allowed: z.array(z.string()).openapi({ description: "The values the policy allows", example: ["urgent", "high"] }),
                }),
              )
              .openapi({ description: "`reasons` as data, for apps that show them in their own words; empty when no policy applies" }),
            clocks: z.array(ClockSchema),
          }),
          "The SLA timeline",
        ),
        401: errors[401],
        404: errors[404],
      },
    }),
    async (c) => {
      const scope = c.get("scope");
      const ticket = await getTicket(scope, c.req.valid("param").id);
      // Evaluated now, not stored: a read never writes (the stored clocks follow ticket events and the cron).
      const result = await evaluateTicketSla(scope, ticket);
      return c.json(
        {
          policy: result.policy ? { id: result.policy.id, name: result.policy.name } : null,
          blockedBy: result.blockedBy,
          reasons: result.reasons,
          matched: result.matched,
          clocks: result.clocks.map((k) => ({
            metric: k.metric,
            instance: k.instance,
            state: k.state,
            target: `${k.targetMinutes} ${k.businessHours ? "business" : "calendar"} minutes`,
            startedAt: iso(k.startedAt),
            pauses: k.pauses.map((p) => ({ from: iso(p.from), to: isoOrNull(p.to) })),
            dueAt: isoOrNull(k.dueAt),
            fulfilledAt: isoOrNull(k.fulfilledAt),
            breachedAt: isoOrNull(k.breachedAt),
            elapsedMinutes: Math.round(k.elapsedMinutes * 100) / 100,
            kept: isKept(k, result.policy, ticket.priority),
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/sla-settings",
      tags: ["SLA"],
      summary: "The workspace's default business calendar and auto-close delay",
      security: authed,
      responses: { 200: json(SlaSettingsSchema, "SLA settings"), 401: errors[401] },
    }),
    async (c) => c.json(await getSlaSettings(c.get("scope")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/sla-settings",
      tags: ["SLA"],
      summary: "Set the default business calendar (open tickets are recomputed) and the auto-close delay",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(SlaSettingsSchema) },
      responses: { 200: json(SlaSettingsSchema, "SLA settings"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await putSlaSettings(c.get("scope"), c.req.valid("json")), 200),
  );
