import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import { CheckboxField, SelectField } from "../../ui/choice-fields";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { uiText } from "../../ui/text";
import type { Calendar, Group, Metric, Policy, PolicyInput, Priority } from "./admin-types";
import { CHANNELS, labels, PRIORITIES, STATUSES, TICKET_TYPES, TIERS } from "./admin-words";
import { errorsUnder, formError } from "./field-errors";
import { bottomPosition, isCatchAll, shadowedBy } from "../../../../workers/core/sla/policy-order";
import { MetricPauses, type MetricPausesValue } from "./sla-metric-pauses";
import { matrixOf, TargetsMatrix, targetsOf, type Matrix } from "./sla-targets-matrix";

const text = messages({
  en: {
    newTitle: "New SLA policy",
    editTitle: (name: string) => `Edit “${name}”`,
    name: "Name",
    active: "Active",
    conditions: "Applies to tickets with…",
    conditionsHint: "Every condition you set must hold; leave all empty to match every ticket.",
    priorities: "Priority",
    types: "Type",
    channels: "Channel",
    tiers: "Customer tier",
    groups: "Group",
    tagsAny: "Any of these tags",
    tagsAll: "All of these tags",
    tagsHint: "Separate tags with commas.",
    paused: "Clocks pause while the ticket is",
    reopenResumes: "A reopened ticket resumes its resolution clocks",
    reopenResumesHint: "On: resolution, requester wait and total resolution carry on from where the solve stopped them (the time solved does not count). Off: each reopen starts them anew.",
    calendar: "Business calendar",
    workspaceDefault: "The workspace default",
    warn: "Warn this many minutes before a deadline",
    escalatePriority: "On breach, raise the priority to",
    escalateGroup: "On breach, move the ticket to the group",
    noChange: "Leave as is",
    targets: "Targets",
    shadowed: (other: string) => `This policy would never apply: “${other}” has no conditions and is checked before it, so it takes every ticket first. Give this policy conditions, or move it above “${other}” in the list.`,
    placedAbove: (other: string) => `New policies with conditions are placed just above “${other}”, which matches every ticket.`,
    escalationWithoutTargets: (priority: string) => `This policy has no targets for ${priority}: a ticket raised to ${priority} on breach gets no new deadlines from it. Add ${priority} targets above, or raise to a priority that has them.`,
  },
  "zh-CN": {
    newTitle: "新建 SLA 策略",
    editTitle: (name: string) => `编辑“${name}”`,
    name: "名称",
    active: "启用",
    conditions: "适用于满足以下条件的工单……",
    conditionsHint: "设置的每个条件都必须满足；全部留空则匹配所有工单。",
    priorities: "优先级",
    types: "类型",
    channels: "渠道",
    tiers: "客户等级",
    groups: "分组",
    tagsAny: "包含任一标签",
    tagsAll: "包含全部标签",
    tagsHint: "多个标签用逗号分隔。",
    paused: "工单处于以下状态时暂停计时",
    reopenResumes: "工单重新打开时继续原来的解决计时",
    reopenResumesHint: "开启：解决、客户等待和总解决时长从解决时停下的地方继续（已解决期间不计时）。关闭：每次重新打开都重新开始计时。",
    calendar: "工作日历",
    workspaceDefault: "工作区默认日历",
    warn: "截止前多少分钟发出预警",
    escalatePriority: "违约时将优先级提高到",
    escalateGroup: "违约时将工单转到分组",
    noChange: "不变",
    targets: "目标",
    shadowed: (other: string) => `此策略永远不会生效：“${other}”没有任何条件且排在它前面，会先匹配所有工单。请为此策略设置条件，或在列表中把它移到“${other}”之上。`,
    placedAbove: (other: string) => `有条件的新策略会排在“${other}”（匹配所有工单）之上。`,
    escalationWithoutTargets: (priority: string) => `此策略没有“${priority}”优先级的目标：违约后提高到“${priority}”的工单不会从此策略得到新的截止时间。请在上方添加“${priority}”的目标，或改为提高到有目标的优先级。`,
  },
});

const tagsOf = (text: string) => text.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
const optional = <T,>(list: T[]) => (list.length ? list : undefined);

/**
 * Where this policy will stand, told before saving: shadowed (an active policy without
 * conditions is checked first, so this one never applies), or, for a new policy with
 * conditions, placed just above such a catch-all (the API does that).
 */
function orderNotice(policies: Policy[], editing: Policy | null, conditions: Policy["conditions"], active: boolean): { kind: "shadowed" | "placedAbove"; by: string } | null {
  const nameOf = (id: string) => policies.find((p) => p.id === id)?.name ?? id;
  const id = editing?.id ?? "new";
  const position = editing ? editing.position : bottomPosition(policies, conditions) - 0.5;
  const planned = [...policies.filter((p) => p.id !== id), { id, position, active, conditions }];
  const by = shadowedBy(planned).get(id);
  if (by) return { kind: "shadowed", by: nameOf(by) };
  const catchAll = !editing && !isCatchAll(conditions) ? policies.find((p) => p.active && isCatchAll(p.conditions)) : undefined;
  return catchAll ? { kind: "placedAbove", by: catchAll.name } : null;
}

/** The policy's fields this form edits (what a conflict compares). */
const POLICY_FIELDS = ["name", "active", "conditions", "targets", "pausedStatuses", "pausedStatusesByMetric", "reopenResumes", "calendarId", "warnBeforeMinutes", "escalatePriority", "escalateGroupId"] as const;

const blank = (): PolicyInput => ({
  name: "",
  active: true,
  conditions: {},
  targets: {},
  pausedStatuses: ["pending", "on_hold"],
  pausedStatusesByMetric: {},
  reopenResumes: false,
  calendarId: null,
  warnBeforeMinutes: 30,
  escalatePriority: null,
  escalateGroupId: null,
});

/** Creates or edits a policy: conditions, the target matrix, pauses, calendar, warning, escalation. */
export function SlaPolicyForm(props: { policy: Policy | null; policies: Policy[]; calendars: Calendar[]; groups: Group[]; onSaved: () => void; onCancel: () => void; onKeepTheirs?: () => void }) {
  const t = text();
  const ui = uiText();
  const words = labels();
  const start = props.policy ?? blank();
  const [name, setName] = useState(start.name);
  const [active, setActive] = useState(start.active ?? true);
  const [conditions, setConditions] = useState(start.conditions);
  const [tagsAny, setTagsAny] = useState((start.conditions.tagsAny ?? []).join(", "));
  const [tagsAll, setTagsAll] = useState((start.conditions.tagsAll ?? []).join(", "));
  const [matrix, setMatrix] = useState<Matrix>(() => matrixOf(start.targets));
  const [paused, setPaused] = useState(start.pausedStatuses ?? []);
  const [byMetric, setByMetric] = useState<MetricPausesValue>(start.pausedStatusesByMetric ?? {});
  const [reopenResumes, setReopenResumes] = useState(start.reopenResumes ?? false);
  const [calendarId, setCalendarId] = useState(start.calendarId ?? "");
  const [warn, setWarn] = useState(String(start.warnBeforeMinutes ?? 30));
  const [escalatePriority, setEscalatePriority] = useState<Priority | "">(start.escalatePriority ?? "");
  const [escalateGroupId, setEscalateGroupId] = useState(start.escalateGroupId ?? "");
  const cond = <K extends keyof PolicyInput["conditions"]>(key: K) => (next: NonNullable<PolicyInput["conditions"][K]>) => setConditions((c) => ({ ...c, [key]: optional(next as unknown[]) }));

  const versioned = useVersionedSave<Policy, PolicyInput>(props.policy, POLICY_FIELDS, (json, ifMatch) =>
    data(api["sla-policies"][":id"].$patch({ param: { id: props.policy!.id }, header: { "if-match": ifMatch }, json })),
  );
  const form = useSubmit(async () => {
    const body: PolicyInput = {
      name,
      active,
      conditions: { ...conditions, tagsAny: optional(tagsOf(tagsAny)), tagsAll: optional(tagsOf(tagsAll)) },
      targets: targetsOf(matrix),
      pausedStatuses: paused,
      pausedStatusesByMetric: byMetric,
      reopenResumes,
      calendarId: calendarId || null,
      warnBeforeMinutes: warn.trim() === "" ? Number.NaN : Number(warn),
      escalatePriority: escalatePriority || null,
      escalateGroupId: escalateGroupId || null,
    };
    const json = JSON.parse(JSON.stringify(body)) as PolicyInput; // drops undefined conditions
    return props.policy ? versioned.save(json) : data(api["sla-policies"].$post({ json }));
  }, props.onSaved);
  const f = form.fields;
  const currentConditions = { ...conditions, tagsAny: optional(tagsOf(tagsAny)), tagsAll: optional(tagsOf(tagsAll)) };
  const order = orderNotice(props.policies, props.policy, currentConditions, active);
  const targets = targetsOf(matrix);
  const measured = [...new Set(Object.values(targets).flatMap((row) => Object.keys(row ?? {}) as Metric[]))];
  const escalationUncovered = escalatePriority !== "" && Object.keys(targets[escalatePriority] ?? {}).length === 0;
  return (
    <form class="panel policy-form" onSubmit={form.submit} noValidate>
      <h2>{props.policy ? t.editTitle(props.policy.name) : t.newTitle}</h2>
      <TextField label={t.name} value={name} onInput={setName} error={f.name} required />
      <CheckboxField label={t.active} checked={active} onChange={setActive} error={f.active} />
      <fieldset class="conditions">
        <legend>{t.conditions}</legend>
        <small class="hint">{t.conditionsHint}</small>
        <CheckGroup legend={t.priorities} options={PRIORITIES} labelOf={(v) => words.priority[v]} value={conditions.priorities ?? []} onChange={cond("priorities")} error={errorsUnder(f, "conditions.priorities")} />
        <CheckGroup legend={t.types} options={TICKET_TYPES} labelOf={(v) => words.type[v]} value={conditions.types ?? []} onChange={cond("types")} error={errorsUnder(f, "conditions.types")} />
        <CheckGroup legend={t.channels} options={CHANNELS} labelOf={(v) => words.channel[v]} value={conditions.channels ?? []} onChange={cond("channels")} error={errorsUnder(f, "conditions.channels")} />
        <CheckGroup legend={t.tiers} options={TIERS} labelOf={(v) => words.tier[v]} value={conditions.customerTiers ?? []} onChange={cond("customerTiers")} error={errorsUnder(f, "conditions.customerTiers")} />
        {props.groups.length > 0 && (
          <CheckGroup legend={t.groups} options={props.groups.map((g) => g.id)} labelOf={(id) => props.groups.find((g) => g.id === id)?.name ?? id} value={conditions.groupIds ?? []} onChange={cond("groupIds")} error={errorsUnder(f, "conditions.groupIds")} />
        )}
        <div class="split">
          <TextField label={t.tagsAny} hint={t.tagsHint} value={tagsAny} onInput={setTagsAny} error={errorsUnder(f, "conditions.tagsAny")} />
          <TextField label={t.tagsAll} hint={t.tagsHint} value={tagsAll} onInput={setTagsAll} error={errorsUnder(f, "conditions.tagsAll")} />
        </div>
        {f.conditions && (
          <small class="field-error" role="alert">
            {f.conditions}
          </small>
        )}
        {order?.kind === "shadowed" && (
          <p class="notice warn" role="status">
            {t.shadowed(order.by)}
          </p>
        )}
        {order?.kind === "placedAbove" && <small class="hint">{t.placedAbove(order.by)}</small>}
      </fieldset>
      <h3>{t.targets}</h3>
      <TargetsMatrix value={matrix} onChange={setMatrix} fields={f} />
      <CheckGroup legend={t.paused} options={STATUSES} labelOf={(v) => words.status[v]} value={paused} onChange={setPaused} error={errorsUnder(f, "pausedStatuses")} />
      <MetricPauses measured={measured} policyWide={paused} value={byMetric} onChange={setByMetric} fields={f} />
      <CheckboxField label={t.reopenResumes} hint={t.reopenResumesHint} checked={reopenResumes} onChange={setReopenResumes} error={f.reopenResumes} />
      <div class="split">
        <SelectField label={t.calendar} value={calendarId} options={[["", t.workspaceDefault] as const, ...props.calendars.map((c) => [c.id, c.name] as const)]} onChange={setCalendarId} error={f.calendarId} />
        <TextField label={t.warn} type="number" value={warn} onInput={setWarn} error={f.warnBeforeMinutes} />
        <SelectField<Priority | ""> label={t.escalatePriority} value={escalatePriority} options={[["", t.noChange] as const, ...PRIORITIES.map((p) => [p, words.priority[p]] as const)]} onChange={setEscalatePriority} error={f.escalatePriority} />
        <SelectField label={t.escalateGroup} value={escalateGroupId} options={[["", t.noChange] as const, ...props.groups.map((g) => [g.id, g.name] as const)]} onChange={setEscalateGroupId} error={f.escalateGroupId} />
      </div>
      {escalationUncovered && (
        <p class="notice warn" role="status">
          {t.escalationWithoutTargets(words.priority[escalatePriority as Priority])}
        </p>
      )}
      <VersionConflictView
        save={versioned}
        labels={{ name: t.name, active: t.active, conditions: t.conditions, targets: t.targets, pausedStatuses: t.paused, pausedStatusesByMetric: t.paused, reopenResumes: t.reopenResumes, calendarId: t.calendar, warnBeforeMinutes: t.warn, escalatePriority: t.escalatePriority, escalateGroupId: t.escalateGroup }}
        show={(field, value) => (field === "calendarId" ? (props.calendars.find((c) => c.id === value)?.name ?? undefined) : field === "escalateGroupId" ? (props.groups.find((g) => g.id === value)?.name ?? undefined) : field === "escalatePriority" && value ? words.priority[value as Priority] : undefined)}
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
