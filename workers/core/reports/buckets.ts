/**
 * Splitting a report by agent, group, channel or priority. Pure.
 *
 * A ticket (and a survey, through its ticket) belongs to the bucket of its **current** value:
 * a ticket reassigned last week counts wholly for its assignee now, as in most helpdesk
 * reports. Every ticket is in exactly one bucket, so counts and the parts of every rate add up
 * to the workspace total (medians and percentiles do not add up, by nature).
 */
import { TICKET_CHANNELS, TICKET_PRIORITIES, type TicketChannel, type TicketPriority } from "../../../schema";
import { computeKpis, type Kpis, type Period, type SurveyFacts, type TicketFacts } from "./kpis";

export const REPORT_DIMENSIONS = ["agent", "group", "channel", "priority"] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** No assignee or no group: spelt as the ticket list's `assigneeId=none` / `groupId=none`, so a bucket key is also a filter. */
export const NO_VALUE = "none";

export type Dimensions = Record<ReportDimension, string>;

export function dimensionsOf(ticket: { assigneeId: string | null; groupId: string | null; channel: TicketChannel; priority: TicketPriority }): Dimensions {
  return { agent: ticket.assigneeId ?? NO_VALUE, group: ticket.groupId ?? NO_VALUE, channel: ticket.channel, priority: ticket.priority };
}

export interface BucketLabel {
  key: string;
  name: string;
  /** Listed only when something falls in it (a deactivated agent). */
  hideWhenEmpty?: boolean;
}

/**
 * The buckets a dimension has, in display order: every active agent (and deactivated ones that
 * hold tickets) or every group by name, then the "none" bucket; every channel or priority in the
 * schema's order.
 */
export function bucketLabels(dimension: ReportDimension, people: readonly { id: string; name: string; active: boolean }[], groups: readonly { id: string; name: string }[]): BucketLabel[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  switch (dimension) {
    case "agent":
      return [...[...people].sort(byName).map((p) => ({ key: p.id, name: p.name, hideWhenEmpty: !p.active })), { key: NO_VALUE, name: "Unassigned" }];
    case "group":
      return [...[...groups].sort(byName).map((g) => ({ key: g.id, name: g.name })), { key: NO_VALUE, name: "No group" }];
    case "channel":
      return TICKET_CHANNELS.map((c) => ({ key: c, name: c }));
    case "priority":
      return TICKET_PRIORITIES.map((p) => ({ key: p, name: p }));
  }
}

export interface KpiBucket {
  key: string;
  name: string;
  kpis: Kpis;
}

/** The KPIs of each bucket. A value with no label (a row that changed meanwhile) gets a bucket named by its key, after the labelled ones. */
export function kpisByBucket(
  tickets: readonly TicketFacts[],
  surveys: readonly SurveyFacts[],
  range: Period,
  now: Date,
  dimension: ReportDimension,
  labels: readonly BucketLabel[],
): KpiBucket[] {
  const parts = new Map<string, { tickets: TicketFacts[]; surveys: SurveyFacts[] }>();
  const partOf = (key: string) => parts.get(key) ?? parts.set(key, { tickets: [], surveys: [] }).get(key)!;
  for (const t of tickets) partOf(t.dims[dimension]).tickets.push(t);
  for (const s of surveys) partOf(s.dims[dimension]).surveys.push(s);

  const known = new Set(labels.map((l) => l.key));
  const all = [...labels.filter((l) => !l.hideWhenEmpty || parts.has(l.key)), ...[...parts.keys()].filter((k) => !known.has(k)).map((key) => ({ key, name: key }))];
  return all.map(({ key, name }) => {
    const part = parts.get(key);
    return { key, name, kpis: computeKpis(part?.tickets ?? [], part?.surveys ?? [], range, now) };
  });
}
