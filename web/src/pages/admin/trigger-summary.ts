import { messages } from "../../i18n";
import type { Condition, Conditions } from "../../../../workers/core/rules/rule-schema";
import { labels } from "./admin-words";
import type { RuleChoices } from "./trigger-condition-row";
import { ruleLabels, type ConditionField } from "./trigger-words";

const text = messages({
  en: { none: "none", chinese: "Chinese", english: "English", always: "Every ticket", anyOf: (lines: string) => `any of: ${lines}`, or: " or " },
  "zh-CN": { none: "无", chinese: "简体中文", english: "English", always: "所有工单", anyOf: (lines: string) => `满足任一：${lines}`, or: " 或 " },
});

/** A `changed` condition's from / to value in words: the status, priority or type label, the group's or agent's name, the tag. */
function changeValueText(c: Extract<Condition, { field: "changed" }>, v: string | null | undefined, choices: RuleChoices): string | undefined {
  if (v === undefined) return undefined;
  if (v === null) return text().none;
  const enums = labels();
  const nameIn = (list: RuleChoices["groups"]) => list.find(([k]) => k === v)?.[1] ?? v;
  switch (c.changed) {
    case "status":
      return enums.status[v as keyof typeof enums.status] ?? v;
    case "priority":
      return enums.priority[v as keyof typeof enums.priority] ?? v;
    case "type":
      return enums.type[v as keyof typeof enums.type] ?? v;
    case "groupId":
      return nameIn(choices.groups);
    case "assigneeId":
      return nameIn(choices.agents);
    default:
      return v;
  }
}

/** A condition in the user's language, e.g. "Group is Tier 2, none" / "分组 是 二线支持、无" (the preview's reasons come from the API in English). */
export function conditionText(c: Condition, choices: RuleChoices): string {
  const t = text();
  const w = ruleLabels();
  const enums = labels();
  const field = w.field[c.field as ConditionField] ?? c.field;
  const op = "op" in c ? w.op[c.op] : "";
  const nameIn = (list: RuleChoices["groups"]) => (id: string | null) => (id === null ? t.none : (list.find(([k]) => k === id)?.[1] ?? id));
  let value: string;
  switch (c.field) {
    case "channel":
      value = c.value.map((v) => enums.channel[v]).join(", ");
      break;
    case "requester_tier":
      value = c.value.map((v) => enums.tier[v]).join(", ");
      break;
    case "type":
      value = c.value.map((v) => enums.type[v]).join(", ");
      break;
    case "priority":
      value = c.value.map((v) => enums.priority[v]).join(", ");
      break;
    case "status":
      value = c.value.map((v) => enums.status[v]).join(", ");
      break;
    case "customer_language":
      value = c.value.map((v) => (v === "zh-CN" ? t.chinese : t.english)).join(", ");
      break;
    case "group":
      value = c.value.map(nameIn(choices.groups)).join(", ");
      break;
    case "assignee":
      value = c.value.map(nameIn(choices.agents)).join(", ");
      break;
    case "support_address":
      value = c.value.map(nameIn(choices.addresses)).join(", ");
      break;
    case "business_hours":
      value = nameIn(choices.calendars)(c.calendarId);
      break;
    case "ticket_age_hours":
    case "reply_count":
      value = String(c.value);
      break;
    case "rating":
      value = c.value.map(w.ratingAnswer).join(", ");
      break;
    case "changed": {
      const from = changeValueText(c, c.from, choices);
      const to = changeValueText(c, c.to, choices);
      return c.changed === "tags" ? w.tagsChangedLine(to, from) : w.changedLine(w.changedField[c.changed], from, to);
    }
    case "hours_since":
      return w.hoursSinceLine(c.op, c.value, w.since[c.since], c.calendarId === null ? null : nameIn(choices.calendars)(c.calendarId));
    default:
      value = c.value.join(", ");
  }
  return `${field} ${op} ${value}`;
}

/** A rule's conditions in a line, for its row in a list: the `all` ones joined by " · ", then "any of: a or b"; none: every ticket. */
export function conditionsText(conditions: Conditions, choices: RuleChoices): string {
  const t = text();
  const all = conditions.all.map((c) => conditionText(c, choices));
  const any = conditions.any.map((c) => conditionText(c, choices));
  const parts = [...all, ...(any.length ? [t.anyOf(any.join(t.or))] : [])];
  return parts.length ? parts.join(" · ") : t.always;
}
