import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { TextField } from "../../ui/form";
import type { Action } from "../../../../workers/core/rules/rule-schema";
import { labels, PRIORITIES, STATUSES, TICKET_TYPES } from "./admin-words";
import { errorsUnder } from "./field-errors";
import { TemplateField } from "./template-field";
import { ACTION_TYPES, dueOf, newAction, withDue, withMailText, wordsOf, wordsText, type DueUnit } from "./trigger-builder";
import type { RuleChoices } from "./trigger-condition-row";
import { ruleLabels, type ActionType } from "./trigger-words";

const text = messages({
  en: {
    action: "Action",
    value: "Value",
    group: "Group",
    agent: "Agent",
    nobody: "Nobody",
    noGroup: "No group",
    choose: "Choose…",
    tags: "Tags",
    tagsHint: "Separate with commas.",
    note: "Note",
    subjectEn: "Subject (English)",
    bodyEn: "Text (English)",
    subjectZh: "Subject (Chinese, optional)",
    bodyZh: "Text (Chinese, optional)",
    mailHint: "Sent in the recipient's language; without a Chinese text the English one is sent.",
    webhook: "Webhook",
    macro: "Shared macro",
    to: "To",
    notice: "Notice text",
    remove: "Remove action",
    dueIn: "Due in",
    dueUnit: "Counted in",
    days: "Business days",
    hours: "Business hours",
    taskSubject: "Task subject (optional)",
    taskSubjectHint: "Empty: “回访 Follow up” and the ticket's number and subject.",
    calendar: "Business calendar",
    defaultCalendar: "The workspace default",
    ticketsGroup: "The ticket's group",
  },
  "zh-CN": {
    action: "动作",
    value: "取值",
    group: "分组",
    agent: "客服",
    nobody: "无人",
    noGroup: "无分组",
    choose: "请选择……",
    tags: "标签",
    tagsHint: "用逗号分隔。",
    note: "备注",
    subjectEn: "主题（英文）",
    bodyEn: "正文（英文）",
    subjectZh: "主题（中文，可选）",
    bodyZh: "正文（中文，可选）",
    mailHint: "按收件人的语言发送；没有中文内容时发送英文内容。",
    webhook: "Webhook",
    macro: "共享宏",
    to: "发给",
    notice: "通知内容",
    remove: "删除动作",
    dueIn: "到期时间",
    dueUnit: "单位",
    days: "工作日",
    hours: "工作小时",
    taskSubject: "任务主题（可选）",
    taskSubjectHint: "为空时使用“回访 Follow up”加工单编号和主题。",
    calendar: "工作日历",
    defaultCalendar: "工作区默认日历",
    ticketsGroup: "工单所在分组",
  },
});

type Mail = Pick<Extract<Action, { type: "email_requester" }>, "subject" | "body">;

/** One action: its type, then the inputs that type takes. `fields`: the API's field errors under `actions.{index}`; `types`: the types offered (a macro's: the field actions), all by default. */
export function ActionRow(props: { action: Action; index: number; onChange: (next: Action) => void; onRemove: () => void; choices: RuleChoices; fields: Record<string, string>; types?: readonly ActionType[] }) {
  const t = text();
  const w = ruleLabels();
  const enums = labels();
  const a = props.action;
  const at = `actions.${props.index}`;
  const err = (key: string) => errorsUnder(props.fields, `${at}.${key}`);
  const set = (patch: Record<string, unknown>) => props.onChange({ ...a, ...patch } as Action);
  const pick = (list: readonly (readonly [string, string])[]) => [["", t.choose] as const, ...list];
  const types = (props.types ?? ACTION_TYPES).filter((type) => type !== "apply_macro" || props.choices.macros.length > 0 || a.type === "apply_macro");

  const mail = (m: Mail) => (
    <>
      <TextField label={t.subjectEn} value={m.subject.en} onInput={(v) => set({ subject: withMailText(m.subject, "en", v) })} error={err("subject")} />
      <TemplateField label={t.bodyEn} rows={3} value={m.body.en} onInput={(v) => set({ body: withMailText(m.body, "en", v) })} error={err("body")} />
      <TextField label={t.subjectZh} value={m.subject["zh-CN"] ?? ""} onInput={(v) => set({ subject: withMailText(m.subject, "zh-CN", v) })} />
      <TemplateField label={t.bodyZh} rows={3} value={m.body["zh-CN"] ?? ""} onInput={(v) => set({ body: withMailText(m.body, "zh-CN", v) })} />
      <small class="hint">{t.mailHint}</small>
    </>
  );

  let inputs;
  switch (a.type) {
    case "set_priority":
      inputs = <SelectField label={t.value} value={a.value} options={PRIORITIES.map((p) => [p, enums.priority[p]] as const)} onChange={(value) => set({ value })} error={err("value")} />;
      break;
    case "set_type":
      inputs = <SelectField label={t.value} value={a.value} options={TICKET_TYPES.map((p) => [p, enums.type[p]] as const)} onChange={(value) => set({ value })} error={err("value")} />;
      break;
    case "set_status":
      inputs = <SelectField label={t.value} value={a.value} options={STATUSES.map((p) => [p, enums.status[p]] as const)} onChange={(value) => set({ value })} error={err("value")} />;
      break;
    case "set_group":
      inputs = <SelectField label={t.group} value={a.groupId ?? ""} options={[["", t.noGroup] as const, ...props.choices.groups]} onChange={(v) => set({ groupId: v || null })} error={err("groupId")} />;
      break;
    case "set_assignee":
      inputs = <SelectField label={t.agent} value={a.assigneeId ?? ""} options={[["", t.nobody] as const, ...props.choices.agents]} onChange={(v) => set({ assigneeId: v || null })} error={err("assigneeId")} />;
      break;
    case "add_tags":
    case "remove_tags":
      inputs = <TextField label={t.tags} hint={t.tagsHint} value={wordsText(a.tags)} onInput={(v) => set({ tags: wordsOf(v) })} error={err("tags")} />;
      break;
    case "add_note":
      inputs = <TemplateField label={t.note} rows={3} value={a.body} onInput={(body) => set({ body })} error={err("body")} />;
      break;
    case "email_requester":
      inputs = mail(a);
      break;
    case "email_agent":
      inputs = (
        <>
          <SelectField label={t.agent} value={a.userId} options={pick(props.choices.agents)} onChange={(userId) => set({ userId })} error={err("userId")} />
          {mail(a)}
        </>
      );
      break;
    case "email_group":
      inputs = (
        <>
          <SelectField label={t.group} value={a.groupId} options={pick(props.choices.groups)} onChange={(groupId) => set({ groupId })} error={err("groupId")} />
          {mail(a)}
        </>
      );
      break;
    case "apply_macro":
      inputs = <SelectField label={t.macro} value={a.macroId} options={pick(props.choices.macros)} onChange={(macroId) => set({ macroId })} error={err("macroId")} />;
      break;
    case "call_webhook":
      inputs = <SelectField label={t.webhook} value={a.webhookId} options={pick(props.choices.webhooks)} onChange={(webhookId) => set({ webhookId })} error={err("webhookId")} />;
      break;
    case "notify":
      inputs = (
        <>
          <SelectField label={t.to} value={a.to} options={(Object.keys(w.notifyTo) as (keyof typeof w.notifyTo)[]).map((to) => [to, w.notifyTo[to]] as const)} onChange={(to) => set({ to, id: null })} />
          {a.to !== "assignee" && (
            <SelectField
              label={a.to === "user" ? t.agent : t.group}
              value={a.id ?? ""}
              options={a.to === "group_lead" ? [["", t.ticketsGroup] as const, ...props.choices.groups] : pick(a.to === "user" ? props.choices.agents : props.choices.groups)}
              onChange={(v) => set({ id: v || null })}
              error={err("id")}
            />
          )}
          <TextField label={t.notice} value={a.text} onInput={(v) => set({ text: v })} error={err("text")} />
        </>
      );
      break;
    case "create_follow_up":
      inputs = (
        <>
          <TextField
            label={t.dueIn}
            type="number"
            value={String(dueOf(a).value ?? "")}
            onInput={(v) => props.onChange(withDue(a, dueOf(a).unit, v.trim() === "" ? undefined : Number(v)))}
            error={err("dueInBusinessDays") ?? err("dueInBusinessHours")}
          />
          <SelectField<DueUnit>
            label={t.dueUnit}
            value={dueOf(a).unit}
            options={[
              ["days", t.days],
              ["hours", t.hours],
            ]}
            onChange={(unit) => props.onChange(withDue(a, unit, dueOf(a).value ?? (unit === "hours" ? 8 : 2)))}
          />
          <TextField label={t.taskSubject} hint={t.taskSubjectHint} value={a.subject ?? ""} onInput={(v) => set({ subject: v.trim() === "" ? undefined : v })} error={err("subject")} />
          <SelectField label={t.calendar} value={a.calendarId ?? ""} options={[["", t.defaultCalendar] as const, ...props.choices.calendars]} onChange={(v) => set({ calendarId: v || null })} error={err("calendarId")} />
        </>
      );
      break;
    case "assign_by_group_method":
      inputs = null;
      break;
  }

  const other = Object.keys(props.fields).some((k) => k === at) ? props.fields[at] : undefined;
  return (
    <div class="rule-row" data-action={props.index}>
      <div class="rule-row-head">
        <SelectField<ActionType> label={t.action} value={a.type} options={types.map((type) => [type, w.action[type]] as const)} onChange={(type) => props.onChange(newAction(type))} />
        <button type="button" class="link" aria-label={`${t.remove} ${props.index + 1}`} onClick={props.onRemove}>
          ✕
        </button>
      </div>
      {inputs}
      {other && (
        <small class="field-error" role="alert">
          {other}
        </small>
      )}
    </div>
  );
}
