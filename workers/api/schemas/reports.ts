import { z } from "@hono/zod-openapi";
import { SLA_METRIC_NAMES } from "../../../schema";
import { REPORT_DIMENSIONS } from "../../core/reports/buckets";
import type { KpiReport } from "../../core/reports/report-store";
import { MAX_RANGE_DAYS } from "../../core/reports/report-range";
import { iso, Timestamp } from "./common";

export const KpiQuery = z.object({
  from: z.iso.date().openapi({ description: "First day of the range (a local date in the report's time zone)", example: "2026-03-02" }),
  to: z.iso.date().openapi({ description: `Last day of the range, included; at most ${MAX_RANGE_DAYS} days after \`from\``, example: "2026-03-08" }),
  groupBy: z.enum(REPORT_DIMENSIONS).optional().openapi({ description: "Also split the figures by the tickets' current agent, group, channel or priority" }),
  timeZone: z.string().min(1).max(64).optional().openapi({ description: "IANA zone the days are counted in; default: the workspace's default business calendar's zone, else UTC", example: "Asia/Shanghai" }),
  assigneeId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "Only the tickets assigned (now) to this user. Agents must pass their own id; owners and admins may pass anyone's or leave it out for the whole workspace", example: "usr_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
});

const Fraction = z
  .object({
    numerator: z.number().int(),
    denominator: z.number().int(),
    rate: z.number().min(0).max(1).nullable().openapi({ description: "numerator / denominator (four decimals); null when the denominator is 0" }),
  })
  .openapi("KpiFraction", { description: "A rate with its parts, e.g. 12 of 40 = 0.3" });

const Summary = z.object({ median: z.number().nullable(), p90: z.number().nullable() }).openapi("KpiSummary", { description: "Nearest-rank median and 90th percentile, in minutes; null with no values" });

const Durations = z
  .object({ count: z.number().int().openapi({ description: "Tickets measured" }), calendarMinutes: Summary, businessMinutes: Summary })
  .openapi("KpiDurations");

const Day = z
  .object({
    date: z.iso.date(),
    created: z.number().int().openapi({ description: "Tickets created that day" }),
    backlog: z.number().int().nullable().openapi({ description: "Tickets not solved or closed at the end of the day (today: now; null for days to come)" }),
  })
  .openapi("KpiDay");

const Kpis = z
  .object({
    ticketsCreated: z.number().int(),
    ticketsSolved: z.number().int().openapi({ description: "Tickets solved (at least once) in the range" }),
    complaints: z.number().int().openapi({ description: "Tickets of type complaint created in the range" }),
    backlogNow: z.number().int().openapi({ description: "Tickets not solved or closed right now" }),
    daily: z.array(Day),
    firstReply: Durations.openapi({ description: "Creation to first public agent reply, for tickets created in the range" }),
    resolution: Durations.openapi({ description: "Total resolution time (never paused): creation to the last solve in the range, for tickets solved in the range" }),
    requesterWait: Durations.openapi({
      description: "Requester wait time: of the same span as `resolution`, the time the ticket was neither pending nor solved or closed (new, open, on hold), for tickets solved in the range",
    }),
    sla: z.object(Object.fromEntries(SLA_METRIC_NAMES.map((m) => [m, Fraction])) as Record<(typeof SLA_METRIC_NAMES)[number], typeof Fraction>).openapi({
      description: "Per metric: clock instances achieved of those with an outcome (achieved or breached) in the range",
    }),
    oneTouch: Fraction.openapi({ description: "Solved tickets with exactly one public agent reply, never reopened, of tickets solved" }),
    reopened: Fraction.openapi({ description: "Solved tickets that were ever reopened, of tickets solved" }),
    csat: z.object({
      score: Fraction.openapi({ description: "Satisfied answers of answered surveys (sent in the range)" }),
      responseRate: Fraction.openapi({ description: "Answered surveys of surveys sent in the range" }),
    }),
  })
  .openapi("Kpis");

export const KpiReportSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.string(),
    groupBy: z.enum(REPORT_DIMENSIONS).nullable(),
    generatedAt: Timestamp,
    total: Kpis.openapi({ description: "The whole workspace" }),
    buckets: z
      .array(
        z
          .object({
            key: z.string().openapi({ description: "The user, group, channel or priority; `none` for no assignee or no group (as the ticket list filters spell it)" }),
            name: z.string(),
            kpis: Kpis,
          })
          .openapi("KpiBucket"),
      )
      .openapi({ description: "One per agent, group, channel or priority when `groupBy` is given; empty otherwise. Counts add up to `total`." }),
  })
  .openapi("KpiReport");

export const toKpiReport = (r: KpiReport): z.infer<typeof KpiReportSchema> => ({
  from: r.range.from,
  to: r.range.to,
  timeZone: r.range.timeZone,
  groupBy: r.groupBy,
  generatedAt: iso(r.generatedAt),
  total: r.total,
  buckets: r.buckets,
});
