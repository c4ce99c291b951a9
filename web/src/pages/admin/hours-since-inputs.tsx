import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { TextField } from "../../ui/form";
import { TIME_SINCE_LIST, type HoursSinceCondition, type TimeSince } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";
import { ruleLabels } from "./trigger-words";

const text = messages({
  en: { since: "Since", hours: "Hours", counted: "Counted in", calendarHours: "Calendar hours", businessHours: (name: string) => `Business hours: ${name}` },
  "zh-CN": { since: "距离", hours: "小时数", counted: "计时方式", calendarHours: "自然小时", businessHours: (name: string) => `工作小时：${name}` },
});

/** An `hours_since` condition's inputs (its operator is the row's): the moment, how many hours, calendar hours or a business calendar's. */
export function HoursSinceInputs(props: { condition: HoursSinceCondition; onChange: (next: HoursSinceCondition) => void; choices: RuleChoices }) {
  const t = text();
  const w = ruleLabels();
  const c = props.condition;
  return (
    <div class="rule-row-values" data-hours-since={c.since}>
      <SelectField<TimeSince> label={t.since} value={c.since} options={TIME_SINCE_LIST.map((s) => [s, w.since[s]] as const)} onChange={(since) => props.onChange({ ...c, since })} />
      <TextField label={t.hours} type="number" value={String(c.value)} onInput={(v) => props.onChange({ ...c, value: v.trim() === "" ? Number.NaN : Number(v) })} />
      <SelectField
        label={t.counted}
        value={c.calendarId ?? ""}
        options={[["", t.calendarHours] as const, ...props.choices.calendars.map(([id, name]) => [id, t.businessHours(name)] as const)]}
        onChange={(id) => props.onChange({ ...c, calendarId: id || null })}
      />
    </div>
  );
}
