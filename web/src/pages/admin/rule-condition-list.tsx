import { messages } from "../../i18n";
import type { Condition } from "../../../../workers/core/rules/rule-schema";
import { errorsUnder } from "./field-errors";
import { rowEdits } from "./list-edits";
import { newCondition, type ConditionField } from "./trigger-builder";
import { ConditionRow, type RuleChoices } from "./trigger-condition-row";

const text = messages({
  en: { addCondition: "+ Add condition" },
  "zh-CN": { addCondition: "+ 添加条件" },
});

/**
 * The conditions of one list (all / any) of a trigger or an automation: a row each offering the
 * page's `fields`, the API's errors next to each row and under the list, and "add" (a new row
 * starts as `newField`).
 */
export function ConditionList(props: {
  kind: "all" | "any";
  legend: string;
  hint: string;
  value: Condition[];
  onChange: (next: Condition[]) => void;
  fields: readonly ConditionField[];
  newField: ConditionField;
  choices: RuleChoices;
  errors: Record<string, string>;
}) {
  const t = text();
  const at = (i: number) => `conditions.${props.kind}.${i}`;
  const listError = props.errors[`conditions.${props.kind}`];
  return (
    <fieldset class="rule-list" data-conditions={props.kind}>
      <legend>{props.legend}</legend>
      <small class="hint">{props.hint}</small>
      {props.value.map((condition, i) => (
        <ConditionRow
          key={i}
          index={i}
          condition={condition}
          fields={props.fields}
          choices={props.choices}
          error={errorsUnder(props.errors, at(i))}
          {...rowEdits(props.value, i, props.onChange)}
        />
      ))}
      {listError && (
        <small class="field-error" role="alert">
          {listError}
        </small>
      )}
      <button type="button" onClick={() => props.onChange([...props.value, newCondition(props.newField, props.choices.calendars[0]?.[0])])}>
        {t.addCondition}
      </button>
    </fieldset>
  );
}
