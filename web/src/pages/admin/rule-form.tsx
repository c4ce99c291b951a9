import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import { CheckboxField } from "../../ui/choice-fields";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import type { Versioned } from "../../versioning";
import type { Action, Condition, Conditions } from "../../../../workers/core/rules/rule-schema";
import { formError } from "./field-errors";
import { ActionList, actionsLabel } from "./rule-action-list";
import { ConditionList } from "./rule-condition-list";
import type { ActionType, ConditionField } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";

const text = messages({
  en: {
    editTitle: (name: string) => `Edit “${name}”`,
    name: "Name",
    description: "Description (optional)",
    active: "Active",
    all: "All of these conditions",
    allHint: "Every one must hold. None: no condition of this kind.",
    any: "Any of these conditions",
    anyHint: "At least one must hold, when there are any.",
  },
  "zh-CN": {
    editTitle: (name: string) => `编辑“${name}”`,
    name: "名称",
    description: "说明（可选）",
    active: "启用",
    all: "满足以下全部条件",
    allHint: "每个条件都必须满足；为空表示不限。",
    any: "满足以下任一条件",
    anyHint: "有条件时，至少满足其中一个。",
  },
});

/** What a trigger and an automation have in common, as the form edits it. */
export interface RuleDraft {
  name: string;
  description: string;
  active: boolean;
  conditions: Conditions;
  actions: Action[];
}

/** What differs between the triggers' and the automations' forms; the rest of the form is the same. */
export interface RuleFormKind<R, I> {
  /** The form's class (`trigger-form`, `automation-form`) and title when it creates one. */
  className: string;
  newTitle: string;
  /** The condition fields the page offers, the field a new condition row starts as, a further hint for the `all` list. */
  conditionFields: readonly ConditionField[];
  newConditionField: ConditionField;
  allHint?: string;
  /** The action a new action row starts as. */
  newActionType: ActionType;
  /** The fields of the rule a conflict compares, and their labels beyond the common ones. */
  fields: readonly string[];
  labels?: Record<string, string>;
  show?: (field: string, value: unknown) => string | undefined;
  /** The API: create, and change with If-Match. */
  create: (json: I) => Promise<unknown>;
  update: (id: string, json: Partial<I>, ifMatch: string) => Promise<R>;
}

/**
 * Creates or edits a trigger or an automation: name, description, on/off, what the page adds
 * (`head`: a trigger's events), the condition builder (all / any), the action builder, what the
 * page adds after (`tail`: a trigger's preview), the API's errors next to their fields, and the
 * conflict view when someone else saved meanwhile. `toInput` makes the API's body of the draft.
 */
export function RuleForm<R extends Versioned & RuleDraft & { id: string }, I>(props: {
  kind: RuleFormKind<R, I>;
  rule: R | null;
  blank: RuleDraft;
  toInput: (draft: RuleDraft) => I;
  head?: (errors: Record<string, string>) => ComponentChildren;
  tail?: (conditions: Conditions) => ComponentChildren;
  choices: RuleChoices;
  onSaved: () => void;
  onCancel: () => void;
  onKeepTheirs?: (() => void) | undefined;
}) {
  const t = text();
  const ui = uiText();
  const k = props.kind;
  const start = props.rule ?? props.blank;
  const [name, setName] = useState(start.name);
  const [description, setDescription] = useState(start.description);
  const [active, setActive] = useState(start.active);
  const [all, setAll] = useState<Condition[]>(start.conditions.all);
  const [any, setAny] = useState<Condition[]>(start.conditions.any);
  const [actions, setActions] = useState<Action[]>(start.actions);
  const conditions: Conditions = { all, any };

  const versioned = useVersionedSave<R, I & object>(props.rule, k.fields, (json, ifMatch) => k.update(props.rule!.id, json, ifMatch));
  const form = useSubmit(async () => {
    const json = props.toInput({ name, description, active, conditions, actions }) as I & object;
    return props.rule ? versioned.save(json) : k.create(json);
  }, props.onSaved);
  const f = form.fields;
  return (
    <form class={`panel rule-form ${k.className}`} onSubmit={form.submit} noValidate>
      <h2>{props.rule ? t.editTitle(props.rule.name) : k.newTitle}</h2>
      <div class="split">
        <TextField label={t.name} value={name} onInput={setName} error={f.name} required />
        <TextField label={t.description} value={description} onInput={setDescription} error={f.description} />
      </div>
      <CheckboxField label={t.active} checked={active} onChange={setActive} error={f.active} />
      {props.head?.(f)}
      <ConditionList
        kind="all"
        legend={t.all}
        hint={k.allHint ? `${t.allHint} ${k.allHint}` : t.allHint}
        value={all}
        onChange={setAll}
        fields={k.conditionFields}
        newField={k.newConditionField}
        choices={props.choices}
        errors={f}
      />
      <ConditionList kind="any" legend={t.any} hint={t.anyHint} value={any} onChange={setAny} fields={k.conditionFields} newField={k.newConditionField} choices={props.choices} errors={f} />
      <ActionList value={actions} onChange={setActions} newType={k.newActionType} choices={props.choices} errors={f} />
      {props.tail?.(conditions)}
      <VersionConflictView
        save={versioned}
        labels={{ name: t.name, description: t.description, active: t.active, conditions: `${t.all} / ${t.any}`, actions: actionsLabel(), ...k.labels }}
        {...(k.show ? { show: k.show } : {})}
        onSaved={props.onSaved}
        onKeepTheirs={() => props.onKeepTheirs?.()}
      />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <button type="button" onClick={props.onCancel}>
          {ui.cancel}
        </button>
      </FormFooter>
    </form>
  );
}
