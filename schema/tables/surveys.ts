import { foreignKey, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId, updatedAt } from "./columns";
import { customers, tickets } from "./helpdesk";
import { tenants } from "./tenancy";

export const SURVEY_SCALES = ["good_bad", "one_to_five"] as const;
export const SURVEY_LANGUAGES = ["auto", "en", "zh-CN"] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];
export type SurveyLanguage = (typeof SURVEY_LANGUAGES)[number];

/** A workspace's satisfaction-survey settings; a workspace without a row uses the defaults. */
export const surveySettings = sqliteTable("survey_settings", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Minutes after the solve before the survey is sent. */
  delayMinutes: integer("delay_minutes").notNull().default(1440),
  scale: text("scale", { enum: SURVEY_SCALES }).notNull().default("good_bad"),
  /** Null: the built-in question in the survey's language. */
  question: text("question"),
  allowComment: integer("allow_comment", { mode: "boolean" }).notNull().default(true),
  /** "auto": Simplified Chinese when the customer wrote in Chinese, else English. */
  language: text("language", { enum: SURVEY_LANGUAGES }).notNull().default("auto"),
  /** Survey again when a reopened ticket is solved again. */
  resendAfterReopen: integer("resend_after_reopen", { mode: "boolean" }).notNull().default(false),
  updatedAt: updatedAt(),
});

/**
 * One survey sent for one solve of a ticket (the ticket's `solved_at` names the solve: the
 * unique index makes the cron send it once). The answer is kept on the row; the latest wins.
 */
export const surveys = sqliteTable(
  "surveys",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    ticketId: text("ticket_id").notNull(),
    customerId: text("customer_id").notNull(),
    solvedAt: instant("solved_at").notNull(),
    scale: text("scale", { enum: SURVEY_SCALES }).notNull(),
    language: text("language", { enum: ["en", "zh-CN"] }).notNull(),
    /** good_bad: 1 good, 0 bad; one_to_five: 1–5. Null until answered. */
    rating: integer("rating"),
    comment: text("comment"),
    answeredAt: instant("answered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("surveys_tenant_id").on(t.tenantId, t.id),
    uniqueIndex("surveys_tenant_ticket_solve").on(t.tenantId, t.ticketId, t.solvedAt),
    index("surveys_tenant_created").on(t.tenantId, t.createdAt),
    // A customer's answers (the ticket page's customer panel), newest first.
    index("surveys_tenant_customer_answered").on(t.tenantId, t.customerId, t.answeredAt),
    foreignKey({ columns: [t.tenantId, t.ticketId], foreignColumns: [tickets.tenantId, tickets.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }).onDelete("cascade"),
  ],
);
