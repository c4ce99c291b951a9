import { z } from "zod";
import { CUSTOMER_TIERS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, USER_LANGUAGES } from "../../../schema";

/**
 * The rules engine's contract (issue 15): what a trigger, an automation and a macro are made of.
 * Triggers react to ticket events, automations to time passing (the cron), macros are applied by
 * an agent; all three share the conditions and actions below. These zod schemas are the API's
 * contract too (routes import them), so the stored JSON and the API body are the same shape.
 * Evaluation is pure (rule-conditions / rule-actions); the write paths only read and write.
 */

/** The ticket events a trigger can react to, raised by the core write that made them. */
export const RULE_EVENTS = [
  "ticket_created",
  "customer_replied",
  "agent_replied",
  "note_added",
  "ticket_updated",
  "ticket_solved",
  "ticket_reopened",
  "rating_received",
  "sla_warning",
  "sla_breach",
] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

/** Words or phrases (a phrase matches as a whole; Chinese without word breaks matches as a substring). */
const Words = z.array(z.string().trim().min(1).max(200)).min(1).max(50);
const Ids = z.array(z.string().min(1).max(64)).min(1).max(50);
/** null: none (no group, nobody assigned). */
const IdsOrNone = z.array(z.string().min(1).max(64).nullable()).min(1).max(50);
const IsOp = z.enum(["is", "is_not"]);
const ContainsOp = z.enum(["contains_any", "contains_all", "contains_none"]);
const CompareOp = z.enum(["gt", "lt"]);
const Hours = z.number().min(0).max(24 * 365);

/** A satisfaction rating as a survey's scale offers it: good / bad, or 5 (best) to 1 (docs/surveys.md). */
export const RATING_ANSWERS = ["good", "bad", "5", "4", "3", "2", "1"] as const;
export type RatingAnswer = (typeof RATING_ANSWERS)[number];

/** The moments a time condition counts from (automations; `pending`/`solved`: since the ticket entered that status). */
export const TIME_SINCE = ["created", "updated", "pending", "solved", "last_customer_message", "last_agent_message"] as const;

export const Condition = z.discriminatedUnion("field", [
  z.object({ field: z.literal("channel"), op: IsOp, value: z.array(z.enum(TICKET_CHANNELS)).min(1) }),
  z.object({ field: z.literal("support_address"), op: IsOp, value: Ids }),
  /** `text`: the subject or the causing message's text (a reply event: that reply; otherwise the first message). */
  z.object({ field: z.enum(["subject", "body", "text"]), op: ContainsOp, value: Words }),
  z.object({ field: z.literal("requester_tier"), op: IsOp, value: z.array(z.enum(CUSTOMER_TIERS)).min(1) }),
  z.object({ field: z.literal("organization"), op: IsOp, value: Words }),
  z.object({ field: z.literal("customer_language"), op: IsOp, value: z.array(z.enum(USER_LANGUAGES)).min(1) }),
  /** The requester's address's domain, lower-case, without `@` (`example.com`). */
  z.object({ field: z.literal("email_domain"), op: IsOp, value: Words }),
  z.object({ field: z.literal("type"), op: IsOp, value: z.array(z.enum(TICKET_TYPES)).min(1) }),
  z.object({ field: z.literal("priority"), op: IsOp, value: z.array(z.enum(TICKET_PRIORITIES)).min(1) }),
  z.object({ field: z.literal("status"), op: IsOp, value: z.array(z.enum(TICKET_STATUSES)).min(1) }),
  z.object({ field: z.enum(["group", "assignee"]), op: IsOp, value: IdsOrNone }),
  z.object({ field: z.literal("tags"), op: ContainsOp, value: Words }),
  /** Now is inside (or outside) the calendar's business hours. */
  z.object({ field: z.literal("business_hours"), op: z.enum(["within", "outside"]), calendarId: z.string().min(1).max(64) }),
  z.object({ field: z.literal("ticket_age_hours"), op: CompareOp, value: Hours }),
  /** Public replies by agents so far. */
  z.object({ field: z.literal("reply_count"), op: z.enum(["gt", "lt", "is"]), value: z.number().int().min(0).max(10_000) }),
  /** `rating_received`: the customer's answer (any other event has none: `is` never holds, `is_not` always does). */
  z.object({ field: z.literal("rating"), op: IsOp, value: z.array(z.enum(RATING_ANSWERS)).min(1) }),
  /** `ticket_updated` only: this change set `field` (from `from`, to `to`; either omitted: any). */
  z.object({
    field: z.literal("changed"),
    changed: z.enum(["status", "priority", "type", "assigneeId", "groupId", "tags", "requesterId"]),
    from: z.string().max(200).nullable().optional(),
    to: z.string().max(200).nullable().optional(),
  }),
  /** Automations: hours since a moment, in calendar hours or in a business calendar's hours. */
  z.object({ field: z.literal("hours_since"), since: z.enum(TIME_SINCE), op: CompareOp, value: Hours, calendarId: z.string().min(1).max(64).nullable().default(null) }),
]);
export type Condition = z.infer<typeof Condition>;

/** A rule matches when every `all` condition holds and, if `any` has conditions, at least one of them. */
export const Conditions = z.object({ all: z.array(Condition).max(50).default([]), any: z.array(Condition).max(50).default([]) });
export type Conditions = z.infer<typeof Conditions>;

/** Whom a `notify` action tells. */
export const NOTIFY_TARGETS = ["assignee", "user", "group", "group_lead"] as const;
export type NotifyTarget = (typeof NOTIFY_TARGETS)[number];

/** Mail text per language: the recipient's language picks one (docs/email.md "mail language"); `en` is the fallback. */
const LocalizedText = z.object({ en: z.string().min(1).max(20_000), "zh-CN": z.string().max(20_000).optional() });

export const Action = z.discriminatedUnion("type", [
  z.object({ type: z.literal("set_priority"), value: z.enum(TICKET_PRIORITIES) }),
  z.object({ type: z.literal("set_type"), value: z.enum(TICKET_TYPES) }),
  z.object({ type: z.literal("set_status"), value: z.enum(TICKET_STATUSES) }),
  z.object({ type: z.literal("set_group"), groupId: z.string().min(1).max(64).nullable() }),
  /** A person, nobody (null), or whoever the ticket's group's assignment method picks. */
  z.object({ type: z.literal("set_assignee"), assigneeId: z.string().min(1).max(64).nullable() }),
  z.object({ type: z.literal("assign_by_group_method") }),
  z.object({ type: z.enum(["add_tags", "remove_tags"]), tags: Words }),
  /** An internal note; placeholders as in standard replies (`{{customer.name}}` …). */
  z.object({ type: z.literal("add_note"), body: z.string().min(1).max(20_000) }),
  /** Mail from a template with placeholders, in the recipient's language. */
  z.object({ type: z.literal("email_requester"), subject: LocalizedText, body: LocalizedText }),
  z.object({ type: z.literal("email_agent"), userId: z.string().min(1).max(64), subject: LocalizedText, body: LocalizedText }),
  z.object({ type: z.literal("email_group"), groupId: z.string().min(1).max(64), subject: LocalizedText, body: LocalizedText }),
  z.object({ type: z.literal("apply_macro"), macroId: z.string().min(1).max(64) }),
  z.object({ type: z.literal("call_webhook"), webhookId: z.string().min(1).max(64) }),
  /**
   * An in-app notice (and mail, by the user's notification settings) to a person (`user`, id: a user),
   * the assignee, a group's active members or its lead (`group`, `group_lead`; id: a group, null: the
   * ticket's group; a group without an active lead: its members). docs/notifications.md "Rules".
   */
  z.object({ type: z.literal("notify"), to: z.enum(NOTIFY_TARGETS), id: z.string().min(1).max(64).nullable().default(null), text: z.string().min(1).max(2_000) }),
  /**
   * Automations: a follow-up task (回访) linked to the ticket, for its assignee, due after this many
   * business hours or business days (exactly one) of `calendarId` (null: the workspace's default
   * calendar; none: calendar time). `subject` defaults to "Follow up: <the ticket's subject>".
   */
  z.object({
    type: z.literal("create_follow_up"),
    dueInBusinessHours: z.number().min(0.25).max(24 * 365).optional(),
    dueInBusinessDays: z.number().int().min(1).max(365).optional(),
    calendarId: z.string().min(1).max(64).nullable().default(null),
    subject: z.string().trim().min(1).max(200).optional(),
  }),
]);
export type Action = z.infer<typeof Action>;
export const Actions = z.array(Action).min(1).max(30);
