import type { InferRequestType, InferResponseType } from "hono/client";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckboxField, SelectField } from "../../ui/choice-fields";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { TIME_SINCE, type Action, type Condition } from "../../../../workers/core/rules/rule-schema";
import { errorsUnder, formError } from "./field-errors";
import { ActionRow } from "./trigger-action-row";
import { newAction } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";
import { ConditionList } from "./trigger-form";

export type Automation = InferResponseType<(typeof api)["automations"]["$get"], 200>["items"][number];
type AutomationInput = InferRequestType<(typeof api)["automations"]["$post"]>["json"];
type HoursSince = Extract<Condition, { field: "hours_since" }>;
type Since = (typeof TIME_SINCE)[number];

const text = messages({
  en: {
    newTitle: "New automation",
    editTitle: (name: string) => `Edit “${name}”`,
    name: "Name",
    description: "Description (optional)",
    active: "Active",
    waitFor: "Runs when",
    since: "Time since",
    op: "is",
    more: "more than",
    less: "less than",
    hours: "Hours",
    calendar: "Counted in",
    calendarHours: "calendar hours",
    waitHint: "The first “more than” condition is what the automation waits for; it fires once per ticket each time that moment changes.",
    addTime: "+ Add time condition",
    remove: "Remove",
    all: "And all of these conditions",
    allHint: "Every one must hold. None: no condition of this kind.",
    any: "And any of these conditions",
    anyHint: "At least one must hold, when there are any.",
    actions: "Then",
    addAction: "+ Add action",
  },
  "zh-CN": {
    newTitle: "新建自动化规则",
    editTitle: (name: string) => `编辑“${name}”`,
    name: "名称",
    description: "说明（可选）",
    active: "启用",
    waitFor: "运行时机",
    since: "距离",
    op: "已",
    more: "超过",
    less: "不到",
    hours: "小时数",
    calendar: "计时方式",
    calendarHours: "自然小时",
    waitHint: "第一个“超过”条件是规则等待的时间；每当该时间点变化，同一工单可再触发一次。",
    addTime: "+ 添加时间条件",
    remove: "删除",
    all: "并且满足以下全部条件",
    allHint: "每个条件都必须满足；为空表示不限。",
    any: "并且满足以下任一条件",
    anyHint: "有条件时，至少满足其中一个。",
    actions: "然后执行",
    addAction: "+ 添加动作",
  },
});

/** The moments a time condition counts from. */
const moments = messages({
  en: { created: "created", updated: "last update", pending: "pending since", solved: "solved since", last_customer_message: "customer's last message", last_agent_message: "agent's last reply" } satisfies Record<Since, string>,
  "zh-CN": { created: "创建", updated: "最近更新", pending: "进入待回复", solved: "解决", last_customer_message: "客户最近一条消息", last_agent_message: "客服最近一次回复" } satisfies Record<Since, string>,
});

const AUTOMATION_FIELDS = ["name", "description", "active", "conditions", "actions"] as const;
const hoursSince = (since: Since = "pending", value = 72): HoursSince => ({ field: "hours_since", since, op: "gt", value, calendarId: null });
const isTime = (c: Condition): c is HoursSince => c.field === "hours_since";

/** One `hours_since` condition: which moment, more or less than, how many hours, calendar or business hours. */
function HoursSinceRow(props: { condition: HoursSince; onChange: (next: HoursSince) => void; onRemove?: () => void; choices: RuleChoices; error?: string | undefined }) {
  const t = text();
  const c = props.condition;
  return (
    <div class="rule-row" data-condition="hours_since">
      <SelectField label={t.since} value={c.since} options={TIME_SINCE.map((s) => [s, moments()[s]] as const)} onChange={(since) => props.onChange({ ...c, since })} />
      <SelectField label={t.op} value={c.op} options={[["gt", t.more], ["lt", t.less]] as const} onChange={(op) => props.onChange({ ...c, op })} />
      <TextField label={t.hours} type="number" value={String(c.value)} onInput={(v) => props.onChange({ ...c, value: Number(v) })} error={props.error} />
      <SelectField label={t.calendar} value={c.calendarId ?? ""} options={[["", t.calendarHours] as const, ...props.choices.calendars]} onChange={(id) => props.onChange({ ...c, calendarId: id || null })} />
      {props.onRemove && (
        <button type="button" onClick={props.onRemove}>
          {t.remove}
        </button>
      )}
    </div>
  );
}

/** The API's field errors of `conditions.all.<i>` for the other conditions, renumbered as the list shows them (the time conditions come first). */
const shifted = (fields: Record<string, string>, by: number) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^conditions\.all\.(\d+)/, (_, i: string) => `conditions.all.${Number(i) - by}`), v]));

/** Creates or edits an automation: the time it waits for, further conditions (the triggers' builder), actions (the triggers' builder). */
export function AutomationForm(props: { automation: Automation | null; choices: RuleChoices; onSaved: () => void; onCancel: () => void; onKeepTheirs?: () => void }) {
  const t = text();
  const ui = uiText();
  const start = props.automation ?? { name: "", description: "", active: true, conditions: { all: [hoursSince()], any: [] }, actions: [newAction("add_note")] };
  const [name, setName] = useState(start.name);
  const [description, setDescription] = useState(start.description);
  const [active, setActive] = useState(start.active);
  const [times, setTimes] = useState<HoursSince[]>((start.conditions.all as Condition[]).filter(isTime));
  const [all, setAll] = useState<Condition[]>((start.conditions.all as Condition[]).filter((c) => !isTime(c)));
  const [any, setAny] = useState<Condition[]>(start.conditions.any);
  const [actions, setActions] = useState<Action[]>(start.actions);
  const versioned = useVersionedSave<Automation, AutomationInput>(props.automation, AUTOMATION_FIELDS, (json, ifMatch) =>
    data(api.automations[":id"].$patch({ param: { id: props.automation!.id }, header: { "if-match": ifMatch }, json })),
  );
  const form = useSubmit(async () => {
    const json: AutomationInput = { name, description, active, conditions: { all: [...times, ...all], any }, actions };
    return props.automation ? versioned.save(json) : data(api.automations.$post({ json }));
  }, props.onSaved);
  const f = form.fields;
  return (
    <form class="panel trigger-form automation-form" onSubmit={form.submit} noValidate>
      <h2>{props.automation ? t.editTitle(props.automation.name) : t.newTitle}</h2>
      <div class="split">
        <TextField label={t.name} value={name} onInput={setName} error={f.name} required />
        <TextField label={t.description} value={description} onInput={setDescription} error={f.description} />
      </div>
      <CheckboxField label={t.active} checked={active} onChange={setActive} error={f.active} />
      <fieldset class="rule-list" data-conditions="time">
        <legend>{t.waitFor}</legend>
        <small class="hint">{t.waitHint}</small>
        {times.map((c, i) => (
          <HoursSinceRow
            key={i}
            condition={c}
            choices={props.choices}
            error={errorsUnder(f, `conditions.all.${i}`)}
            onChange={(next) => setTimes(times.map((x, j) => (j === i ? next : x)))}
            {...(times.length > 1 ? { onRemove: () => setTimes(times.filter((_, j) => j !== i)) } : {})}
          />
        ))}
        {f["conditions.all"] && (
          <small class="field-error" role="alert">
            {f["conditions.all"]}
          </small>
        )}
        <button type="button" onClick={() => setTimes([...times, hoursSince("created", 24)])}>
          {t.addTime}
        </button>
      </fieldset>
      <ConditionList kind="all" legend={t.all} hint={t.allHint} value={all} onChange={setAll} choices={props.choices} fields={shifted(f, times.length)} />
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
        <button type="button" onClick={() => setActions([...actions, newAction("add_note")])}>
          {t.addAction}
        </button>
      </fieldset>
      <VersionConflictView
        save={versioned}
        labels={{ name: t.name, description: t.description, active: t.active, conditions: t.waitFor, actions: t.actions }}
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
