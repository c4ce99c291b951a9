import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import { CheckboxField } from "../../ui/choice-fields";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import type { Action, Condition, Conditions, RuleEvent } from "../../../../workers/core/rules/rule-schema";
import type { Trigger, TriggerInput } from "./admin-types";
import { errorsUnder, formError } from "./field-errors";
import { ActionRow } from "./trigger-action-row";
import { newAction, newCondition } from "./trigger-builder";
import { ConditionRow, type RuleChoices } from "./trigger-condition-row";
import { TriggerPreviewPanel } from "./trigger-preview-panel";
import { RULE_EVENT_LIST, ruleLabels } from "./trigger-words";

const text = messages({
  en: {
    newTitle: "New trigger",
    editTitle: (name: string) => `Edit “${name}”`,
    name: "Name",
    description: "Description (optional)",
    active: "Active",
    events: "Runs when",
    all: "All of these conditions",
    allHint: "Every one must hold. None: no condition of this kind.",
    any: "Any of these conditions",
    anyHint: "At least one must hold, when there are any.",
    addCondition: "+ Add condition",
    actions: "Then",
    addAction: "+ Add action",
  },
  "zh-CN": {
    newTitle: "新建触发器",
    editTitle: (name: string) => `编辑“${name}”`,
    name: "名称",
    description: "说明（可选）",
    active: "启用",
    events: "在以下情况运行",
    all: "满足以下全部条件",
    allHint: "每个条件都必须满足；为空表示不限。",
    any: "满足以下任一条件",
    anyHint: "有条件时，至少满足其中一个。",
    addCondition: "+ 添加条件",
    actions: "然后执行",
    addAction: "+ 添加动作",
  },
});

/** The trigger's fields this form edits (what a conflict compares). */
const TRIGGER_FIELDS = ["name", "description", "active", "events", "conditions", "actions"] as const;

/** What the form starts from: the trigger as read, or a new one (created on a new ticket, setting a group). */
type Draft = Pick<Trigger, "name" | "description" | "active" | "events" | "conditions" | "actions">;
const blank = (): Draft => ({ name: "", description: "", active: true, events: ["ticket_created"], conditions: { all: [], any: [] }, actions: [newAction("set_group")] });

/** The conditions of one list (all / any): a row each, with its errors, and "add". */
export function ConditionList(props: { kind: "all" | "any"; legend: string; hint: string; value: Condition[]; onChange: (next: Condition[]) => void; choices: RuleChoices; fields: Record<string, string> }) {
  const t = text();
  const at = (i: number) => `conditions.${props.kind}.${i}`;
  return (
    <fieldset class="rule-list" data-conditions={props.kind}>
      <legend>{props.legend}</legend>
      <small class="hint">{props.hint}</small>
      {props.value.map((condition, i) => (
        <ConditionRow
          key={i}
          index={i}
          condition={condition}
          choices={props.choices}
          error={errorsUnder(props.fields, at(i))}
          onChange={(next) => props.onChange(props.value.map((c, j) => (j === i ? next : c)))}
          onRemove={() => props.onChange(props.value.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" onClick={() => props.onChange([...props.value, newCondition("text")])}>
        {t.addCondition}
      </button>
    </fieldset>
  );
}

/** Creates or edits a trigger: events, the condition builder (all / any), the action builder, and the preview of what it would match. */
export function TriggerForm(props: { trigger: Trigger | null; choices: RuleChoices; onSaved: () => void; onCancel: () => void; onKeepTheirs?: () => void }) {
  const t = text();
  const ui = uiText();
  const w = ruleLabels();
  const start: Draft = props.trigger ?? blank();
  const [name, setName] = useState(start.name);
  const [description, setDescription] = useState(start.description);
  const [active, setActive] = useState(start.active);
  const [events, setEvents] = useState<RuleEvent[]>(start.events);
  const [all, setAll] = useState<Condition[]>(start.conditions.all);
  const [any, setAny] = useState<Condition[]>(start.conditions.any);
  const [actions, setActions] = useState<Action[]>(start.actions);
  const conditions: Conditions = { all, any };

  const versioned = useVersionedSave<Trigger, TriggerInput>(props.trigger, TRIGGER_FIELDS, (json, ifMatch) => data(api.triggers[":id"].$patch({ param: { id: props.trigger!.id }, header: { "if-match": ifMatch }, json })));
  const form = useSubmit(async () => {
    const json: TriggerInput = { name, description, active, events, conditions, actions };
    return props.trigger ? versioned.save(json) : data(api.triggers.$post({ json }));
  }, props.onSaved);
  const f = form.fields;
  return (
    <form class="panel trigger-form" onSubmit={form.submit} noValidate>
      <h2>{props.trigger ? t.editTitle(props.trigger.name) : t.newTitle}</h2>
      <div class="split">
        <TextField label={t.name} value={name} onInput={setName} error={f.name} required />
        <TextField label={t.description} value={description} onInput={setDescription} error={f.description} />
      </div>
      <CheckboxField label={t.active} checked={active} onChange={setActive} error={f.active} />
      <CheckGroup legend={t.events} options={RULE_EVENT_LIST} labelOf={(e) => w.event[e]} value={events} onChange={setEvents} error={errorsUnder(f, "events")} />
      <ConditionList kind="all" legend={t.all} hint={t.allHint} value={all} onChange={setAll} choices={props.choices} fields={f} />
      <ConditionList kind="any" legend={t.any} hint={t.anyHint} value={any} onChange={setAny} choices={props.choices} fields={f} />
      <fieldset class="rule-list" data-actions>
        <legend>{t.actions}</legend>
        {actions.map((action, i) => (
          <ActionRow
            key={i}
            index={i}
            action={action}
            choices={props.choices}
            fields={f}
            onChange={(next) => setActions(actions.map((a, j) => (j === i ? next : a)))}
            onRemove={() => setActions(actions.filter((_, j) => j !== i))}
          />
        ))}
        {f.actions && (
          <small class="field-error" role="alert">
            {f.actions}
          </small>
        )}
        <button type="button" onClick={() => setActions([...actions, newAction("set_priority")])}>
          {t.addAction}
        </button>
      </fieldset>
      <TriggerPreviewPanel conditions={conditions} choices={props.choices} />
      <VersionConflictView
        save={versioned}
        labels={{ name: t.name, description: t.description, active: t.active, events: t.events, conditions: `${t.all} / ${t.any}`, actions: t.actions }}
        show={(field, value) => (field === "events" && Array.isArray(value) ? value.map((e) => w.event[e as RuleEvent]).join(", ") : undefined)}
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
