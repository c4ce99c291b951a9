import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import type { RuleEvent } from "../../../../workers/core/rules/rule-schema";
import type { Trigger, TriggerInput } from "./admin-types";
import { errorsUnder } from "./field-errors";
import { RuleForm, type RuleDraft, type RuleFormKind } from "./rule-form";
import { newAction, TRIGGER_CONDITION_FIELDS } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";
import { TriggerPreviewPanel } from "./trigger-preview-panel";
import { RULE_EVENT_LIST, ruleLabels } from "./trigger-words";

const text = messages({
  en: { newTitle: "New trigger", events: "Runs when" },
  "zh-CN": { newTitle: "新建触发器", events: "在以下情况运行" },
});

/** What differs for a trigger: its fields (with events), conditions (with `changed`), the API. */
const triggerKind = (): RuleFormKind<Trigger, TriggerInput> => ({
  className: "trigger-form",
  newTitle: text().newTitle,
  conditionFields: TRIGGER_CONDITION_FIELDS,
  newConditionField: "text",
  newActionType: "set_priority",
  fields: ["name", "description", "active", "events", "conditions", "actions"],
  labels: { events: text().events },
  show: (field, value) => (field === "events" && Array.isArray(value) ? value.map((e) => ruleLabels().event[e as RuleEvent]).join(", ") : undefined),
  create: (json) => data(api.triggers.$post({ json })),
  update: (id, json, ifMatch) => data(api.triggers[":id"].$patch({ param: { id }, header: { "if-match": ifMatch }, json })),
});

/** A new trigger: on a new ticket, setting a group. */
const blank = (): RuleDraft => ({ name: "", description: "", active: true, conditions: { all: [], any: [] }, actions: [newAction("set_group")] });

/** Creates or edits a trigger: the shared rule form with the events it runs on, and the preview of what it would match. */
export function TriggerForm(props: { trigger: Trigger | null; choices: RuleChoices; onSaved: () => void; onCancel: () => void; onKeepTheirs?: () => void }) {
  const t = text();
  const w = ruleLabels();
  const [events, setEvents] = useState<RuleEvent[]>(props.trigger?.events ?? ["ticket_created"]);
  return (
    <RuleForm
      kind={triggerKind()}
      rule={props.trigger}
      blank={blank()}
      toInput={(draft): TriggerInput => ({ ...draft, events })}
      head={(errors) => <CheckGroup legend={t.events} options={RULE_EVENT_LIST} labelOf={(e) => w.event[e]} value={events} onChange={setEvents} error={errorsUnder(errors, "events")} />}
      tail={(conditions) => <TriggerPreviewPanel conditions={conditions} choices={props.choices} />}
      choices={props.choices}
      onSaved={props.onSaved}
      onCancel={props.onCancel}
      onKeepTheirs={props.onKeepTheirs}
    />
  );
}
