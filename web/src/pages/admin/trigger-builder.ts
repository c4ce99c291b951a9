import type { Action, Condition } from "../../../../workers/core/rules/rule-schema";

/** A condition field the triggers page builds (`changed` and `hours_since` belong to updates and automations). */
export type BuiltField = Exclude<Condition["field"], "changed" | "hours_since">;
export type ConditionOp = Extract<Condition, { op: string }>["op"];
export type ActionType = Action["type"];

/**
 * The triggers page's condition and action builder, pure: what each field offers (its operators
 * and the kind of value input), the condition or action a new row starts as, and words typed as
 * a list. The values are the rules contract's JSON, sent to the API as they are.
 */

/** How a condition's value is entered: a multi-select of fixed values or of the workspace's objects, a word list, a calendar, a number. */
export type ValueInput = "choices" | "objects" | "words" | "calendar" | "number";

interface FieldShape {
  ops: readonly ConditionOp[];
  input: ValueInput;
}

const IS = ["is", "is_not"] as const;
const CONTAINS = ["contains_any", "contains_all", "contains_none"] as const;

export const FIELD_SHAPES: Record<BuiltField, FieldShape> = {
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
};
export const BUILT_FIELDS = Object.keys(FIELD_SHAPES) as BuiltField[];

/** A condition on `field` with its first operator and an empty value (the API refuses it until a value is chosen). */
export function newCondition(field: BuiltField, firstCalendar = ""): Condition {
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
