import type { Action, Condition, RatingAnswer } from "../../../../workers/core/rules/rule-schema";

/** A condition field the pages build: every field of the contract (each page offers its own list, below). */
export type ConditionField = Condition["field"];
export type ConditionOp = Extract<Condition, { op: string }>["op"];
export type ActionType = Action["type"];
export type ChangedCondition = Extract<Condition, { field: "changed" }>;
export type ChangedField = ChangedCondition["changed"];
export type HoursSinceCondition = Extract<Condition, { field: "hours_since" }>;
export type TimeSince = HoursSinceCondition["since"];

/**
 * The triggers page's condition and action builder, pure: what each field offers (its operators
 * and the kind of value input), the condition or action a new row starts as, and words typed as
 * a list. The values are the rules contract's JSON, sent to the API as they are.
 */

/**
 * How a condition's value is entered: a multi-select of fixed values or of the workspace's objects,
 * a word list, a calendar, a number; `changed`: which field, from and to; `hours_since`: which
 * moment, how many hours, counted in calendar or business hours.
 */
export type ValueInput = "choices" | "objects" | "words" | "calendar" | "number" | "changed" | "hours_since";

interface FieldShape {
  ops: readonly ConditionOp[];
  input: ValueInput;
}

const IS = ["is", "is_not"] as const;
const CONTAINS = ["contains_any", "contains_all", "contains_none"] as const;

export const FIELD_SHAPES: Record<ConditionField, FieldShape> = {
  text: { ops: CONTAINS, input: "words" },
  subject: { ops: CONTAINS, input: "words" },
  body: { ops: CONTAINS, input: "words" },
  channel: { ops: IS, input: "choices" },
  support_address: { ops: IS, input: "objects" },
  requester_tier: { ops: IS, input: "choices" },
  organization: { ops: IS, input: "words" },
  customer_language: { ops: IS, input: "choices" },
  email_domain: { ops: IS, input: "words" },
  type: { ops: IS, input: "choices" },
  priority: { ops: IS, input: "choices" },
  status: { ops: IS, input: "choices" },
  group: { ops: IS, input: "objects" },
  assignee: { ops: IS, input: "objects" },
  tags: { ops: CONTAINS, input: "words" },
  business_hours: { ops: ["within", "outside"], input: "calendar" },
  ticket_age_hours: { ops: ["gt", "lt"], input: "number" },
  reply_count: { ops: ["gt", "lt", "is"], input: "number" },
  rating: { ops: IS, input: "choices" },
  changed: { ops: [], input: "changed" },
  hours_since: { ops: ["gt", "lt"], input: "hours_since" },
};
/** The fields both pages offer: what the ticket is. */
const TICKET_FIELDS: readonly ConditionField[] = (Object.keys(FIELD_SHAPES) as ConditionField[]).filter((f) => f !== "changed" && f !== "hours_since" && f !== "rating");
/** A trigger's: the ticket, what its update changed, the satisfaction rating it received. */
export const TRIGGER_CONDITION_FIELDS: readonly ConditionField[] = [...TICKET_FIELDS, "changed", "rating"];
/** An automation's: the time since a moment first, then the ticket. */
export const AUTOMATION_CONDITION_FIELDS: readonly ConditionField[] = ["hours_since", ...TICKET_FIELDS];
/** Every field some page offers. */
export const BUILT_FIELDS = Object.keys(FIELD_SHAPES) as ConditionField[];

/** The answers a `rating` condition can name, as the surveys offer them: good / bad, then 5 (best) to 1. */
export const RATING_CHOICES = ["good", "bad", "5", "4", "3", "2", "1"] as const satisfies readonly RatingAnswer[];

/** The fields a `changed` condition can name, in the order the page lists them. */
export const CHANGED_FIELDS: readonly ChangedField[] = ["status", "priority", "type", "groupId", "assigneeId", "tags", "requesterId"];
/** The moments an `hours_since` condition counts from, in the order the page lists them. */
export const TIME_SINCE_LIST: readonly TimeSince[] = ["created", "updated", "pending", "solved", "last_customer_message", "last_agent_message"];

/** An `hours_since` condition: more than `value` calendar hours since `since` unless told otherwise. */
export const hoursSince = (since: TimeSince = "pending", value = 72): HoursSinceCondition => ({ field: "hours_since", since, op: "gt", value, calendarId: null });

/**
 * A `changed` condition's from / to as a select holds it: "" any value (left out of the JSON),
 * NONE_VALUE none (null: no group, nobody, no tag), otherwise the value itself.
 */
export const NONE_VALUE = "__none";
export const changeSelectValue = (v: string | null | undefined): string => (v === undefined ? "" : v === null ? NONE_VALUE : v);
export function withChange(c: ChangedCondition, end: "from" | "to", selected: string): ChangedCondition {
  const next: ChangedCondition = { ...c };
  const trimmed = selected.trim();
  if (trimmed === "") delete next[end];
  else next[end] = trimmed === NONE_VALUE ? null : trimmed;
  return next;
}
/** Another field for a `changed` condition: from and to belong to the old field, so they go. */
export const withChangedField = (changed: ChangedField): ChangedCondition => ({ field: "changed", changed });

/** A condition on `field` with its first operator and an empty value (the API refuses it until a value is chosen). */
export function newCondition(field: ConditionField, firstCalendar = ""): Condition {
  if (field === "changed") return withChangedField("status");
  if (field === "hours_since") return hoursSince();
  const op = FIELD_SHAPES[field].ops[0]!;
  switch (FIELD_SHAPES[field].input) {
    case "calendar":
      return { field, op, calendarId: firstCalendar } as Condition;
    case "number":
      return { field, op, value: 0 } as Condition;
    default:
      return { field, op, value: [] } as unknown as Condition;
  }
}

/** A condition with another operator: the value stays when the new operator takes the same kind of value (it always does within one field). */
export const withOp = (c: Condition, op: ConditionOp): Condition => ({ ...c, op }) as Condition;

/** Words typed in one box: split at commas (also the Chinese ，、) and line breaks, trimmed, blanks dropped. */
export const wordsOf = (text: string): string[] =>
  text
    .split(/[,，、\n]/)
    .map((w) => w.trim())
    .filter(Boolean);

export const wordsText = (words: readonly string[]) => words.join(", ");

/** The action types the page offers (apply_macro once the workspace has shared macros to pick). */
export const ACTION_TYPES: readonly ActionType[] = [
  "set_group",
  "set_priority",
  "set_assignee",
  "assign_by_group_method",
  "set_type",
  "set_status",
  "add_tags",
  "remove_tags",
  "add_note",
  "email_requester",
  "email_agent",
  "email_group",
  "call_webhook",
  "notify",
  "create_follow_up",
  "apply_macro",
];

const blankMail = () => ({ subject: { en: "" }, body: { en: "" } });

/** An action of `type` with empty or first values (the API names what is still missing). */
export function newAction(type: ActionType): Action {
  switch (type) {
    case "set_priority":
      return { type, value: "urgent" };
    case "set_type":
      return { type, value: "question" };
    case "set_status":
      return { type, value: "open" };
    case "set_group":
      return { type, groupId: null };
    case "set_assignee":
      return { type, assigneeId: null };
    case "assign_by_group_method":
      return { type };
    case "add_tags":
    case "remove_tags":
      return { type, tags: [] };
    case "add_note":
      return { type, body: "" };
    case "email_requester":
      return { type, ...blankMail() };
    case "email_agent":
      return { type, userId: "", ...blankMail() };
    case "email_group":
      return { type, groupId: "", ...blankMail() };
    case "apply_macro":
      return { type, macroId: "" };
    case "call_webhook":
      return { type, webhookId: "" };
    case "notify":
      return { type, to: "assignee", id: null, text: "" };
    case "create_follow_up":
      return { type, dueInBusinessDays: 2, calendarId: null };
  }
}

/** A mail template's text in one language; Chinese left empty is left out (the English one is sent). */
export function withMailText(text: { en: string; "zh-CN"?: string | undefined }, language: "en" | "zh-CN", value: string): { en: string; "zh-CN"?: string } {
  const next = { ...text, [language]: value };
  if (!next["zh-CN"]) delete next["zh-CN"];
  return next as { en: string; "zh-CN"?: string };
}

export type FollowUpAction = Extract<Action, { type: "create_follow_up" }>;
/** A follow-up task is due after business days or business hours (exactly one of the two). */
export type DueUnit = "days" | "hours";
export const dueOf = (a: FollowUpAction): { unit: DueUnit; value: number | undefined } =>
  a.dueInBusinessHours !== undefined ? { unit: "hours", value: a.dueInBusinessHours } : { unit: "days", value: a.dueInBusinessDays };
/** The follow-up due after `value` of `unit` (the other unit left out); undefined: neither (the API asks for one). */
export function withDue(a: FollowUpAction, unit: DueUnit, value: number | undefined): FollowUpAction {
  const next: FollowUpAction = { ...a };
  delete next.dueInBusinessDays;
  delete next.dueInBusinessHours;
  if (value !== undefined) next[unit === "hours" ? "dueInBusinessHours" : "dueInBusinessDays"] = value;
  return next;
}
