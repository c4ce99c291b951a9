/**
 * The KPI report as CSV: a header record, then one record for the workspace total (key
 * `total`) and one per bucket. Daily series stay in the JSON (a chart's data, not a table's).
 * Every column is declared once below, with how it is read from the figures. Pure.
 */
import { SLA_METRIC_NAMES } from "../../../schema";
import type { KpiBucket, ReportDimension } from "./buckets";
import { toCsv, type CsvCell } from "./csv";
import type { Durations, Kpis, SlaMetricName } from "./kpis";
import type { ReportRange } from "./report-range";
import type { Fraction } from "./statistics";

type Column = [header: string, read: (k: Kpis) => CsvCell];

/** The SLA metrics added after the CSV's first columns: their columns come last. */
const NEW_SLA_METRICS: readonly SlaMetricName[] = ["periodic_update_unpaused", "requester_wait", "total_resolution"];

const durationColumns = (name: string, pick: (k: Kpis) => Durations): Column[] => [
  [`${name}_count`, (k) => pick(k).count],
  [`${name}_median_minutes`, (k) => pick(k).calendarMinutes.median],
  [`${name}_p90_minutes`, (k) => pick(k).calendarMinutes.p90],
  [`${name}_median_business_minutes`, (k) => pick(k).businessMinutes.median],
  [`${name}_p90_business_minutes`, (k) => pick(k).businessMinutes.p90],
];

/** `name` (numerator), `name_of` (denominator), `name_rate` (0..1, empty when nothing to divide). */
const fractionColumns = (name: string, pick: (k: Kpis) => Fraction): Column[] => [
  [name, (k) => pick(k).numerator],
  [`${name}_of`, (k) => pick(k).denominator],
  [`${name}_rate`, (k) => pick(k).rate],
];

export const KPI_COLUMNS: readonly Column[] = [
  ["tickets_created", (k) => k.ticketsCreated],
  ["tickets_solved", (k) => k.ticketsSolved],
  ["complaints", (k) => k.complaints],
  ["backlog_at_end", (k) => k.daily.findLast((d) => d.backlog !== null)?.backlog ?? null],
  ["backlog_now", (k) => k.backlogNow],
  ...durationColumns("first_reply", (k) => k.firstReply),
  ...durationColumns("resolution", (k) => k.resolution),
  ...SLA_METRIC_NAMES.filter((m) => !NEW_SLA_METRICS.includes(m)).flatMap((m) => fractionColumns(`sla_${m}_achieved`, (k) => k.sla[m])),
  ...fractionColumns("one_touch", (k) => k.oneTouch),
  ...fractionColumns("reopened", (k) => k.reopened),
  ...fractionColumns("csat_satisfied", (k) => k.csat.score),
  ...fractionColumns("surveys_answered", (k) => k.csat.responseRate),
  // Added later: at the end, so a spreadsheet reading columns by position keeps working.
  ...durationColumns("requester_wait", (k) => k.requesterWait),
  ...NEW_SLA_METRICS.flatMap((m) => fractionColumns(`sla_${m}_achieved`, (k) => k.sla[m])),
];

export const TOTAL_KEY = "total";

export function kpiCsv(range: Pick<ReportRange, "from" | "to" | "timeZone">, groupBy: ReportDimension | null, total: Kpis, buckets: readonly KpiBucket[]): string {
  const header = ["from", "to", "time_zone", "group_by", "key", "name", ...KPI_COLUMNS.map(([h]) => h)];
  const rows = [{ key: TOTAL_KEY, name: "All tickets", kpis: total }, ...buckets].map(({ key, name, kpis }) => [
    range.from,
    range.to,
    range.timeZone,
    groupBy ?? "",
    key,
    name,
    ...KPI_COLUMNS.map(([, read]) => read(kpis)),
  ]);
  return toCsv(header, rows);
}
