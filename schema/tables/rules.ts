import { sql } from "drizzle-orm";
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Action, Conditions, RuleEvent } from "../../workers/core/rules/rule-schema";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { tenants } from "./tenancy";

/**
 * Triggers (issue 15, docs/rules.md): event rules an admin manages, run in `position` order by the
 * core write that raised one of their `events`. `conditions` and `actions` hold the rules
 * contract's JSON (workers/core/rules/rule-schema.ts) exactly as the API takes it.
 */
export const triggers = sqliteTable(
  "triggers",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Order of evaluation within the workspace (0 first). */
    position: integer("position").notNull(),
    events: text("events", { mode: "json" }).$type<RuleEvent[]>().notNull(),
    conditions: text("conditions", { mode: "json" }).$type<Conditions>().notNull(),
    actions: text("actions", { mode: "json" }).$type<Action[]>().notNull(),
    /** How many times it has fired, and when last (kept by the write that runs it). */
    firedCount: integer("fired_count").notNull().default(0),
    lastFiredAt: instant("last_fired_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("triggers_tenant_id").on(t.tenantId, t.id), index("triggers_tenant_active_position").on(t.tenantId, t.active, t.position)],
);

/**
 * Automations (issue 15, docs/rules.md "Automations"): time-based rules the cron runs. Same
 * conditions and actions as triggers; at least one `hours_since` condition in `all` (the one the
 * cron scans by and the firing window is taken from). `nextRunAt`: when the cron checks it next
 * (index automations_due); `scanCursor`: where a check that found a full batch left off.
 */
export const automations = sqliteTable(
  "automations",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Order of evaluation within the workspace (0 first). */
    position: integer("position").notNull(),
    conditions: text("conditions", { mode: "json" }).$type<Conditions>().notNull(),
    actions: text("actions", { mode: "json" }).$type<Action[]>().notNull(),
    /** The preset it was added from (null: written from scratch). */
    preset: text("preset"),
    firedCount: integer("fired_count").notNull().default(0),
    lastFiredAt: instant("last_fired_at"),
    nextRunAt: instant("next_run_at").notNull(),
    /** JSON `[at, ticketId]`: the last candidate a full batch reached (null: start from the oldest). */
    scanCursor: text("scan_cursor"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("automations_tenant_id").on(t.tenantId, t.id),
    index("automations_tenant_active_position").on(t.tenantId, t.active, t.position),
    index("automations_due").on(t.nextRunAt).where(sql`${t.active} = 1`),
  ],
);

/**
 * One row per firing: an automation fires at most once per ticket per condition window (the
 * moment its first `hours_since` condition counts from, in ms). Inserted in the same atomic batch
 * as the firing's actions: a second run (two overlapping cron ticks) violates the key and its
 * whole batch is refused.
 */
export const automationFirings = sqliteTable(
  "automation_firings",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    automationId: text("automation_id").notNull(),
    ticketId: text("ticket_id").notNull(),
    windowKey: integer("window_key").notNull(),
    firedAt: instant("fired_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.automationId, t.ticketId, t.windowKey] }),
    foreignKey({ columns: [t.tenantId, t.automationId], foreignColumns: [automations.tenantId, automations.id] }).onDelete("cascade"),
  ],
);
