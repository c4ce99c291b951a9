import { messages } from "../../i18n";
import type { Condition } from "../../../../workers/core/rules/rule-schema";
import { labels } from "./admin-words";
import type { RuleChoices } from "./trigger-condition-row";
import { ruleLabels, type BuiltField } from "./trigger-words";

const text = messages({
  en: { none: "none", chinese: "Chinese", english: "English" },
  "zh-CN": { none: "无", chinese: "简体中文", english: "English" },
});

/** A condition in the user's language, e.g. "Group is Tier 2, none" / "分组 是 二线支持、无" (the preview's reasons come from the API in English). */
export function conditionText(c: Condition, choices: RuleChoices): string {
  const t = text();
  const w = ruleLabels();
  const enums = labels();
  const field = c.field in w.field ? w.field[c.field as BuiltField] : c.field;
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
    case "changed":
    case "hours_since":
      return JSON.stringify(c);
    default:
      value = c.value.join(", ");
  }
  return `${field} ${op} ${value}`;
}
