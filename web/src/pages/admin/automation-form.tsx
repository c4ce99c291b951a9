import type { InferRequestType, InferResponseType } from "hono/client";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import type { Condition } from "../../../../workers/core/rules/rule-schema";
import { RuleForm, type RuleDraft, type RuleFormKind } from "./rule-form";
import { AUTOMATION_CONDITION_FIELDS, hoursSince, newAction } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";

export type Automation = InferResponseType<(typeof api)["automations"]["$get"], 200>["items"][number];
type AutomationInput = InferRequestType<(typeof api)["automations"]["$post"]>["json"];

const text = messages({
  en: {
    newTitle: "New automation",
    waitHint: "The first “Time since … more than” condition here is what the automation waits for; it acts once per ticket each time that moment changes.",
  },
  "zh-CN": {
    newTitle: "新建自动化规则",
    waitHint: "这里第一个“距离某时间……超过”条件是规则等待的时间；每当该时间点变化，同一工单可再执行一次。",
  },
});

/** What differs for an automation: conditions with `hours_since` (one in `all` is what it waits for), the API. */
const automationKind = (): RuleFormKind<Automation, AutomationInput> => ({
  className: "automation-form",
  newTitle: text().newTitle,
  conditionFields: AUTOMATION_CONDITION_FIELDS,
  newConditionField: "hours_since",
  allHint: text().waitHint,
  newActionType: "add_note",
  fields: ["name", "description", "active", "conditions", "actions"],
  create: (json) => data(api.automations.$post({ json })),
  update: (id, json, ifMatch) => data(api.automations[":id"].$patch({ param: { id }, header: { "if-match": ifMatch }, json })),
});

/** A new automation: more than 72 hours pending, adding a note. */
const blank = (): RuleDraft => ({ name: "", description: "", active: true, conditions: { all: [hoursSince()], any: [] }, actions: [newAction("add_note")] });

/** Creates or edits an automation: the shared rule form, its conditions offering the time since a moment. */
export function AutomationForm(props: { automation: Automation | null; choices: RuleChoices; onSaved: () => void; onCancel: () => void; onKeepTheirs?: () => void }) {
  const read = props.automation && { ...props.automation, conditions: props.automation.conditions as { all: Condition[]; any: Condition[] } };
  return (
    <RuleForm
      kind={automationKind()}
      rule={read}
      blank={blank()}
      toInput={(draft): AutomationInput => draft}
      choices={props.choices}
      onSaved={props.onSaved}
      onCancel={props.onCancel}
      onKeepTheirs={props.onKeepTheirs}
    />
  );
}
