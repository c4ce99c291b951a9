import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import { SelectField } from "../../ui/choice-fields";
import { TextField } from "../../ui/form";
import type { Condition } from "../../../../workers/core/rules/rule-schema";
import { CHANNELS, labels, PRIORITIES, STATUSES, TICKET_TYPES, TIERS } from "./admin-words";
import { ChangedConditionInputs } from "./changed-condition-inputs";
import { HoursSinceInputs } from "./hours-since-inputs";
import { FIELD_SHAPES, newCondition, RATING_CHOICES, withOp, wordsOf, wordsText } from "./trigger-builder";
import { ruleLabels, type ConditionField, type ConditionOp } from "./trigger-words";

const text = messages({
  en: {
    field: "Field",
    op: "Operator",
    values: "Values",
    words: "Words or phrases",
    wordsHint: "Separate with commas. Chinese matches inside a sentence (退款 finds 我要退款).",
    calendar: "Calendar",
    number: "Value",
    none: "None",
    remove: "Remove condition",
    noCalendars: "Add a business calendar first (Business hours).",
    english: "English",
  },
  "zh-CN": {
    field: "字段",
    op: "运算",
    values: "取值",
    words: "词语或短语",
    wordsHint: "用逗号分隔。中文在句中即可匹配（“退款”能匹配“我要退款”）。",
    calendar: "日历",
    number: "数值",
    none: "无",
    remove: "删除条件",
    noCalendars: "请先添加工作日历（工作时间）。",
    english: "English",
  },
});

/** The workspace's objects a condition or action can name, as [id, name] pairs. */
export interface RuleChoices {
  groups: readonly (readonly [string, string])[];
  agents: readonly (readonly [string, string])[];
  addresses: readonly (readonly [string, string])[];
  calendars: readonly (readonly [string, string])[];
  webhooks: readonly (readonly [string, string])[];
  macros: readonly (readonly [string, string])[];
}

/** `null` (no group, nobody) in a multi-select of ids. */
const NONE = "__none";

/** One condition: field (of the page's `fields`) → operator → a value input that fits the field. */
export function ConditionRow(props: {
  condition: Condition;
  fields: readonly ConditionField[];
  onChange: (next: Condition) => void;
  onRemove: () => void;
  choices: RuleChoices;
  error?: string | undefined;
  index: number;
}) {
  const t = text();
  const w = ruleLabels();
  const enums = labels();
  const c = props.condition;
  const field = c.field as ConditionField;
  const shape = FIELD_SHAPES[field];
  const set = (patch: Record<string, unknown>) => props.onChange({ ...c, ...patch } as Condition);
  const values = "value" in c && Array.isArray(c.value) ? (c.value as readonly (string | null)[]) : [];

  const choiceGroup = <V extends string>(options: readonly V[], labelOf: (v: V) => string) => (
    <CheckGroup legend={t.values} options={options} labelOf={labelOf} value={values as V[]} onChange={(next) => set({ value: next })} />
  );
  const objects = (list: readonly (readonly [string, string])[], withNone: boolean) => {
    const options = [...(withNone ? [NONE] : []), ...list.map(([id]) => id)];
    const nameOf = (id: string) => (id === NONE ? t.none : (list.find(([k]) => k === id)?.[1] ?? id));
    return (
      <CheckGroup
        legend={t.values}
        options={options}
        labelOf={nameOf}
        value={values.map((v) => v ?? NONE)}
        onChange={(next) => set({ value: next.map((v) => (v === NONE ? null : v)) })}
      />
    );
  };

  let valueInput;
  switch (shape.input) {
    case "words":
      valueInput = <TextField label={t.words} hint={t.wordsHint} value={wordsText(values as string[])} onInput={(v) => set({ value: wordsOf(v) })} />;
      break;
    case "number":
      valueInput = <TextField label={t.number} type="number" value={String((c as { value: number }).value)} onInput={(v) => set({ value: v.trim() === "" ? Number.NaN : Number(v) })} />;
      break;
    case "calendar":
      valueInput = props.choices.calendars.length ? (
        <SelectField label={t.calendar} value={(c as { calendarId: string }).calendarId} options={props.choices.calendars} onChange={(calendarId) => set({ calendarId })} />
      ) : (
        <p class="notice warn">{t.noCalendars}</p>
      );
      break;
    case "objects":
      valueInput = objects(field === "group" ? props.choices.groups : field === "assignee" ? props.choices.agents : props.choices.addresses, field !== "support_address");
      break;
    case "changed":
      valueInput = c.field === "changed" && <ChangedConditionInputs condition={c} choices={props.choices} onChange={props.onChange} />;
      break;
    case "hours_since":
      valueInput = c.field === "hours_since" && <HoursSinceInputs condition={c} choices={props.choices} onChange={props.onChange} />;
      break;
    case "choices":
      valueInput =
        field === "channel"
          ? choiceGroup(CHANNELS, (v) => enums.channel[v])
          : field === "requester_tier"
            ? choiceGroup(TIERS, (v) => enums.tier[v])
            : field === "customer_language"
              ? choiceGroup(["en", "zh-CN"] as const, (v) => (v === "en" ? t.english : "简体中文"))
              : field === "type"
                ? choiceGroup(TICKET_TYPES, (v) => enums.type[v])
                : field === "priority"
                  ? choiceGroup(PRIORITIES, (v) => enums.priority[v])
                  : field === "rating"
                    ? choiceGroup(RATING_CHOICES, w.ratingAnswer)
                    : choiceGroup(STATUSES, (v) => enums.status[v]);
      break;
  }

  return (
    <div class={`rule-row${props.error ? " invalid" : ""}`} data-condition={props.index}>
      <div class="rule-row-head">
        <SelectField<ConditionField> label={t.field} value={field} options={props.fields.map((f) => [f, w.field[f]] as const)} onChange={(f) => props.onChange(newCondition(f, props.choices.calendars[0]?.[0]))} />
        {shape.ops.length > 0 && (
          <SelectField<ConditionOp> label={t.op} value={(c as { op: ConditionOp }).op} options={shape.ops.map((op) => [op, w.op[op]] as const)} onChange={(op) => props.onChange(withOp(c, op))} />
        )}
        <button type="button" class="link" aria-label={`${t.remove} ${props.index + 1}`} onClick={props.onRemove}>
          ✕
        </button>
      </div>
      {valueInput}
      {props.error && (
        <small class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}
