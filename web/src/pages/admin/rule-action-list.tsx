import { messages } from "../../i18n";
import type { Action } from "../../../../workers/core/rules/rule-schema";
import { rowEdits } from "./list-edits";
import { ActionRow } from "./trigger-action-row";
import { newAction, type ActionType } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";

const text = messages({
  en: { actions: "Then", addAction: "+ Add action" },
  "zh-CN": { actions: "然后执行", addAction: "+ 添加动作" },
});

/** A trigger's or an automation's actions: a row each with its errors, the list's error, and "add" (a new row starts as `newType`). */
export function ActionList(props: { value: Action[]; onChange: (next: Action[]) => void; newType: ActionType; choices: RuleChoices; errors: Record<string, string> }) {
  const t = text();
  return (
    <fieldset class="rule-list" data-actions>
      <legend>{t.actions}</legend>
      {props.value.map((action, i) => (
        <ActionRow
          key={i}
          index={i}
          action={action}
          choices={props.choices}
          fields={props.errors}
          {...rowEdits(props.value, i, props.onChange)}
        />
      ))}
      {props.errors.actions && (
        <small class="field-error" role="alert">
          {props.errors.actions}
        </small>
      )}
      <button type="button" onClick={() => props.onChange([...props.value, newAction(props.newType)])}>
        {t.addAction}
      </button>
    </fieldset>
  );
}

/** The legend of the actions list, for a conflict view's labels. */
export const actionsLabel = () => text().actions;
