import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { TextField } from "../../ui/form";
import { labels, PRIORITIES, STATUSES, TICKET_TYPES } from "./admin-words";
import { CHANGED_FIELDS, changeSelectValue, NONE_VALUE, withChange, withChangedField, type ChangedCondition, type ChangedField } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";
import { ruleLabels } from "./trigger-words";

const text = messages({
  en: {
    field: "Which field",
    from: "From",
    to: "To",
    any: "Any value",
    none: "None",
    added: "Tag added (optional)",
    removed: "Tag removed (optional)",
    hint: "Holds on “Ticket updated”, “Ticket solved” and “Ticket reopened”, when that change set the field.",
    anyRequester: "Any requester: from and to are not offered.",
  },
  "zh-CN": {
    field: "修改的字段",
    from: "原值",
    to: "新值",
    any: "任意值",
    none: "无",
    added: "添加的标签（可选）",
    removed: "移除的标签（可选）",
    hint: "在“工单更新”“工单解决”“工单重新打开”时，若这次修改了该字段即满足。",
    anyRequester: "任意客户：不提供原值和新值。",
  },
});

/** The values a from / to select offers for `field` ([value, label]; "" any, NONE_VALUE none). */
function valueOptions(field: ChangedField, choices: RuleChoices): readonly (readonly [string, string])[] {
  const t = text();
  const enums = labels();
  switch (field) {
    case "status":
      return STATUSES.map((s) => [s, enums.status[s]] as const);
    case "priority":
      return PRIORITIES.map((p) => [p, enums.priority[p]] as const);
    case "type":
      return TICKET_TYPES.map((v) => [v, enums.type[v]] as const);
    case "groupId":
      return [[NONE_VALUE, t.none], ...choices.groups];
    case "assigneeId":
      return [[NONE_VALUE, t.none], ...choices.agents];
    default:
      return [];
  }
}

/** A `changed` condition's inputs: which field this update changed, and optionally from and to what (tags: the tag added or removed). */
export function ChangedConditionInputs(props: { condition: ChangedCondition; onChange: (next: ChangedCondition) => void; choices: RuleChoices }) {
  const t = text();
  const w = ruleLabels();
  const c = props.condition;
  const options = [["", t.any] as const, ...valueOptions(c.changed, props.choices)];
  let ends;
  if (c.changed === "tags")
    ends = (
      <>
        <TextField label={t.added} value={c.to ?? ""} onInput={(v) => props.onChange(withChange(c, "to", v))} />
        <TextField label={t.removed} value={c.from ?? ""} onInput={(v) => props.onChange(withChange(c, "from", v))} />
      </>
    );
  else if (c.changed === "requesterId") ends = <small class="hint">{t.anyRequester}</small>;
  else
    ends = (
      <>
        <SelectField label={t.from} value={changeSelectValue(c.from)} options={options} onChange={(v) => props.onChange(withChange(c, "from", v))} />
        <SelectField label={t.to} value={changeSelectValue(c.to)} options={options} onChange={(v) => props.onChange(withChange(c, "to", v))} />
      </>
    );
  return (
    <div class="rule-row-values" data-changed={c.changed}>
      <SelectField<ChangedField> label={t.field} value={c.changed} options={CHANGED_FIELDS.map((f) => [f, w.changedField[f]] as const)} onChange={(f) => props.onChange(withChangedField(f))} />
      {ends}
      <small class="hint">{t.hint}</small>
    </div>
  );
}
