import { sql } from "drizzle-orm";
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { tickets, TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from "./helpdesk";
import { groups, tenants } from "./tenancy";

export const SLA_METRIC_NAMES = ["first_reply", "next_reply", "periodic_update", "resolution", "periodic_update_unpaused", "requester_wait", "total_resolution"] as const;
export const CLOCK_STATES = ["running", "paused", "fulfilled", "breached", "stopped"] as const;
export const ALERT_KINDS = ["warning", "breach"] as const;

/** Opening hours in a time zone, with holidays and make-up working days (调休). */
export const businessCalendars = sqliteTable(
  "business_calendars",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    timeZone: text("time_zone").notNull(),
    /** Index 0 = Sunday … 6 = Saturday; each a list of { start: "HH:MM", end: "HH:MM" }. */
    weekly: text("weekly", { mode: "json" }).$type<{ start: string; end: string }[][]>().notNull(),
    /** Each a "YYYY-MM-DD" date or a { start, end } range of dates, both ends included. */
    holidays: text("holidays", { mode: "json" }).$type<(string | { start: string; end: string })[]>().notNull(),
    workdays: text("workdays", { mode: "json" }).$type<{ date: string; hoursOf: number }[]>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("business_calendars_tenant_id").on(t.tenantId, t.id), uniqueIndex("business_calendars_tenant_name").on(t.tenantId, t.name)],
);

/** Policy conditions as stored (values checked by the API): all given ones must hold. */
export interface StoredConditions {
  priorities?: string[];
  types?: string[];
  channels?: string[];
  customerTiers?: string[];
  groupIds?: string[];
  tagsAny?: string[];
  tagsAll?: string[];
}

export interface StoredTarget {
  minutes: number;
  businessHours: boolean;
}

/** Ordered SLA policies: the first active one whose conditions match a ticket applies. */
export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    conditions: text("conditions", { mode: "json" }).$type<StoredConditions>().notNull(),
    /** priority → metric → target. */
    targets: text("targets", { mode: "json" }).$type<Partial<Record<TicketPriority, Partial<Record<(typeof SLA_METRIC_NAMES)[number], StoredTarget>>>>>().notNull(),
    pausedStatuses: text("paused_statuses", { mode: "json" }).$type<TicketStatus[]>().notNull(),
    /** Per metric, the statuses that pause it (overrides the metric's default; see clocks.ts). */
    pausedStatusesByMetric: text("paused_statuses_by_metric", { mode: "json" })
      .$type<Partial<Record<(typeof SLA_METRIC_NAMES)[number], TicketStatus[]>>>()
      .notNull()
      .default({}),
    /** A reopen resumes the resolution clocks it ended (the time solved is a pause) instead of starting new ones. */
    reopenResumes: integer("reopen_resumes", { mode: "boolean" }).notNull().default(false),
    /** Business hours for targets in business time; null: the workspace's default calendar (24/7 if none). */
    calendarId: text("calendar_id"),
    /** Warn this many minutes before a deadline. */
    warnBeforeMinutes: integer("warn_before_minutes").notNull().default(30),
    /** On breach: raise the ticket to this priority and/or move it to this group. */
    escalatePriority: text("escalate_priority", { enum: TICKET_PRIORITIES }),
    escalateGroupId: text("escalate_group_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sla_policies_tenant_id").on(t.tenantId, t.id),
    index("sla_policies_tenant_position").on(t.tenantId, t.position),
    foreignKey({ columns: [t.tenantId, t.calendarId], foreignColumns: [businessCalendars.tenantId, businessCalendars.id] }),
    foreignKey({ columns: [t.tenantId, t.escalateGroupId], foreignColumns: [groups.tenantId, groups.id] }),
  ],
);

/**
 * Each ticket's SLA clocks, derived from its event history and stored per (metric, instance)
 * so the cron finds due work with an indexed range query. Recomputed on every ticket event.
 */
export const slaClocks = sqliteTable(
  "sla_clocks",
  {
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    metric: text("metric", { enum: SLA_METRIC_NAMES }).notNull(),
    instance: integer("instance").notNull(),
    policyId: text("policy_id").notNull(),
    state: text("state", { enum: CLOCK_STATES }).notNull(),
    startedAt: instant("started_at").notNull(),
    dueAt: instant("due_at"),
    /** When to warn (dueAt minus the policy's lead time), while running. */
    warnAt: instant("warn_at"),
    fulfilledAt: instant("fulfilled_at"),
    breachedAt: instant("breached_at"),
    /** The breach alert for this clock has been raised (kept across recomputation from `sla_alerts`). */
    breachAlerted: integer("breach_alerted", { mode: "boolean" }).notNull().default(false),
    pauses: text("pauses", { mode: "json" }).$type<{ from: string; to: string | null }[]>().notNull(),
    targetMinutes: integer("target_minutes").notNull(),
    businessHours: integer("business_hours", { mode: "boolean" }).notNull(),
    updatedAt: updatedAt(),
    /**
     * The ticket is not done (status neither solved nor closed): written with the clock, kept by
     * a trigger when the ticket's status changes (migration 0015). The breached list reads the
     * open tickets' missed deadlines through it, not the workspace's history of them.
     */
    ticketOpen: integer("ticket_open", { mode: "boolean" }),
    /**
     * The ticket's status and list sort keys, while it is done (ticket_open = 0; unset or stale
     * while it is open): copied by triggers (migration 0021) when the clock is written for a done
     * ticket, when its ticket becomes done, and when a done ticket changes. The breached list walks
     * the done tickets' missed deadlines through them in the list's order, a page at a time.
     */
    ticketStatus: text("ticket_status", { enum: TICKET_STATUSES }),
    ticketUpdatedAt: instant("ticket_updated_at"),
    ticketCreatedAt: instant("ticket_created_at"),
    ticketNumber: integer("ticket_number"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ticketId, t.metric, t.instance] }),
    // The lists by SLA state, per workspace: running clocks by deadline (due soon, running late),
    // and the missed deadlines not met since (breached), of open tickets apart from done ones.
    index("sla_clocks_tenant_running").on(t.tenantId, t.dueAt).where(sql`${t.state} = 'running'`),
    index("sla_clocks_tenant_unmet_open").on(t.tenantId, t.ticketId).where(sql`${t.ticketOpen} = 1 and ${t.state} = 'breached' and ${t.fulfilledAt} is null`),
    // Done tickets' missed deadlines never met, per done status in each list order (migration 0021).
    ...(
      [
        ["sla_clocks_done_unmet_updated", t.ticketUpdatedAt],
        ["sla_clocks_done_unmet_created", t.ticketCreatedAt],
        ["sla_clocks_done_unmet_number", t.ticketNumber],
      ] as const
    ).map(([name, key]) => index(name).on(t.tenantId, t.ticketStatus, key, t.ticketId).where(sql`${t.ticketOpen} = 0 and ${t.state} = 'breached' and ${t.fulfilledAt} is null`)),
    // The cron's range scans across tenants: running clocks by warning time (a warned clock has
    // none), and clocks not yet alerted by due time — running ones past due, and ones a
    // recomputation found breached first (e.g. a reply just after the deadline).
    index("sla_clocks_warn").on(t.state, t.warnAt),
    index("sla_clocks_due").on(t.state, t.breachAlerted, t.dueAt),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
  ],
);

/** Each warning and breach alert, once per (ticket, metric, instance, kind): the primary key makes it so. */
export const slaAlerts = sqliteTable(
  "sla_alerts",
  {
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    metric: text("metric", { enum: SLA_METRIC_NAMES }).notNull(),
    instance: integer("instance").notNull(),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    dueAt: instant("due_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ticketId, t.metric, t.instance, t.kind] }),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
  ],
);
