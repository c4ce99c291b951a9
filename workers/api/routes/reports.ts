import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { forbidden } from "../../core/errors";
import { kpiCsv } from "../../core/reports/kpi-csv";
import { kpiReport } from "../../core/reports/report-store";
import type { AppEnv } from "../context";
import { authed, createRouter, errors, json } from "../router";
import { KpiQuery, KpiReportSchema, toKpiReport } from "../schemas/reports";

/**
 * The workspace's report is for the people who run the desk: owners and admins, who may also
 * read any one agent's (`assigneeId`). An agent reads their own numbers only: `assigneeId` must
 * be their id, else 403. The check is on the role, not the credential's level, so a read-only
 * API token can feed a dashboard or a spreadsheet (a report only reads).
 */
const mayRead: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { role, userId } = c.get("principal");
  if (role === "agent" && c.req.query("assigneeId") !== userId) throw forbidden("Agents may read only their own report: pass assigneeId with your own user id");
  await next();
};

const DESCRIPTION =
  "Days are local dates in the workspace's time zone (its default business calendar's; UTC without one), `from` to `to` inclusive, at most 366 days. " +
  "Volume, first reply and complaints count tickets created in the range; resolution, one-touch and reopen rates count tickets solved in it; " +
  "SLA achievement counts clock outcomes in it; CSAT counts surveys sent in it. Buckets follow each ticket's current value. Times are minutes, " +
  "medians and 90th percentiles by nearest rank, business minutes in the hours of the ticket's SLA policy.";

const responses = { 401: errors[401], 403: errors[403], 422: errors[422] };

export const reports = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/reports/kpis",
      tags: ["Reports"],
      summary: "KPIs for a date range: volume, backlog, first reply and resolution times, SLA achievement, one-touch and reopen rates, CSAT, complaints",
      description: DESCRIPTION,
      security: authed,
      middleware: [mayRead] as const,
      request: { query: KpiQuery },
      responses: { 200: json(KpiReportSchema, "The figures, for the workspace and per bucket"), ...responses },
    }),
    async (c) => c.json(toKpiReport(await kpiReport(c.get("scope"), c.req.valid("query"))), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/reports/kpis.csv",
      tags: ["Reports"],
      summary: "The same KPIs as CSV: a header row, the workspace total, one row per bucket",
      description: `${DESCRIPTION} Columns are listed in docs/reports.md; rates are fractions (0..1).`,
      security: authed,
      middleware: [mayRead] as const,
      request: { query: KpiQuery },
      responses: { 200: { content: { "text/csv": { schema: z.string() } }, description: "RFC 4180 CSV, UTF-8" }, ...responses },
    }),
    async (c) => {
      const report = await kpiReport(c.get("scope"), c.req.valid("query"));
      const { assigneeId } = c.req.valid("query");
      const name = `kpis-${report.range.from}-to-${report.range.to}${assigneeId ? `-agent-${assigneeId.replace(/[^A-Za-z0-9_-]/g, "")}` : ""}${report.groupBy ? `-by-${report.groupBy}` : ""}.csv`;
      return c.body(kpiCsv(report.range, report.groupBy, report.total, report.buckets), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
        "X-Content-Type-Options": "nosniff",
      }) as never;
    },
  );
