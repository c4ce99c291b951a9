import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { session } from "../../session";
import { SelectField } from "../../ui/choice-fields";
import { Field, FormFooter, TextField, useSubmit } from "../../ui/form";
import { useDirectory } from "./directory";
import { label, PRIORITIES, TYPES } from "./enum-labels";
import { RequesterPicker, requesterBody, type RequesterChoice } from "./requester-picker";
import { splitTags } from "./ticket-draft";
import "./new-ticket.css";

const text = messages({
  en: {
    title: "New ticket",
    intro: "For a phone call, a walk-in or a chat: the ticket is worked like any other; replies go to the requester by email.",
    channel: "Channel",
    firstMessage: "First message",
    asCustomer: "The customer's words",
    asReply: "A reply to the customer (sent by email)",
    subject: "Subject",
    customerWords: "What the customer said",
    replyText: "Your reply",
    priority: "Priority",
    type: "Type",
    group: "Group",
    assignee: "Assignee",
    nobody: "Unassigned",
    noGroup: "No group",
    tags: "Tags",
    tagsHint: "Separated by commas",
    create: "Create ticket",
    cancel: "Cancel",
    requesterMissing: "Choose a customer or enter an address.",
  },
  "zh-CN": {
    title: "新建工单",
    intro: "用于电话、到店或在线咨询：工单与其他工单一样处理；回复会通过邮件发送给请求人。",
    channel: "渠道",
    firstMessage: "第一条消息",
    asCustomer: "客户的原话",
    asReply: "给客户的回复（通过邮件发送）",
    subject: "主题",
    customerWords: "客户所说的内容",
    replyText: "您的回复",
    priority: "优先级",
    type: "类型",
    group: "组",
    assignee: "负责人",
    nobody: "未分配",
    noGroup: "无",
    tags: "标签",
    tagsHint: "用逗号分隔",
    create: "创建工单",
    cancel: "取消",
    requesterMissing: "请选择客户或填写邮箱地址。",
  },
});

const CHANNELS = ["phone", "walk_in", "chat", "web"] as const;
const FIRST_MESSAGES = ["customer", "reply"] as const;
type Priority = (typeof PRIORITIES)[number];
type Type = (typeof TYPES)[number];

/** An agent opens a ticket for a customer: requester found or created, the first message as the customer's words or as a reply. */
export function NewTicketPage() {
  const t = text();
  const { route } = useLocation();
  const directory = useDirectory();
  const myId = session.value!.user.id;
  const [requester, setRequester] = useState<RequesterChoice>(null);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>("phone");
  const [first, setFirst] = useState<(typeof FIRST_MESSAGES)[number]>("customer");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [priority, setPriority] = useState<Priority>("normal");
  const [type, setType] = useState<Type>("question");
  const [groupId, setGroupId] = useState("");
  const [assigneeId, setAssigneeId] = useState(myId);
  const [tags, setTags] = useState("");
  const [missing, setMissing] = useState(false);
  const form = useSubmit(
    async () => {
      const who = requesterBody(requester);
      setMissing(!who || ("email" in who && !who.email));
      if (!who || ("email" in who && !who.email)) throw new Error(t.requesterMissing);
      return data(
        api.tickets.$post({
          json: { requester: who, channel, firstMessage: first, subject, description: body, priority, type, groupId: groupId || null, assigneeId: assigneeId || null, tags: splitTags(tags) },
        }),
      );
    },
    (ticket) => route(`/tickets/${ticket.id}`),
  );
  const requesterError = form.fields["requester.email"] ?? form.fields["requester"] ?? (missing ? t.requesterMissing : undefined);
  return (
    <section class="agent-page new-ticket">
      <div class="page-head">
        <h1>{t.title}</h1>
      </div>
      <p class="muted">{t.intro}</p>
      <form class="panel" onSubmit={form.submit} aria-label={t.title} noValidate>
        <RequesterPicker value={requester} onChange={setRequester} error={requesterError} />
        <SelectField label={t.channel} value={channel} options={CHANNELS.map((c) => [c, label("channel", c)] as const)} onChange={setChannel} error={form.fields.channel} />
        <fieldset class="first-message">
          <legend>{t.firstMessage}</legend>
          {FIRST_MESSAGES.map((k) => (
            <label key={k}>
              <input type="radio" name="first-message" value={k} checked={first === k} onChange={() => setFirst(k)} /> {k === "customer" ? t.asCustomer : t.asReply}
            </label>
          ))}
        </fieldset>
        <TextField label={t.subject} value={subject} onInput={setSubject} required maxLength={500} error={form.fields.subject} />
        <Field label={first === "customer" ? t.customerWords : t.replyText} error={form.fields.description}>
          {(id, describedBy) => (
            <textarea id={id} value={body} rows={6} maxLength={100_000} aria-invalid={form.fields.description ? true : undefined} aria-describedby={describedBy} onInput={(e) => setBody(e.currentTarget.value)} />
          )}
        </Field>
        <div class="form-columns">
          <SelectField label={t.priority} value={priority} options={PRIORITIES.map((p) => [p, label("priority", p)] as const)} onChange={setPriority} error={form.fields.priority} />
          <SelectField label={t.type} value={type} options={TYPES.map((v) => [v, label("type", v)] as const)} onChange={setType} error={form.fields.type} />
          <SelectField label={t.group} value={groupId} options={[["", t.noGroup] as const, ...(directory?.groups ?? []).map((g) => [g.id, g.name] as const)]} onChange={setGroupId} error={form.fields.groupId} />
          <SelectField
            label={t.assignee}
            value={assigneeId}
            options={[["", t.nobody] as const, ...(directory?.users ?? []).filter((u) => u.active).map((u) => [u.id, u.name] as const)]}
            onChange={setAssigneeId}
            error={form.fields.assigneeId}
          />
        </div>
        <TextField label={t.tags} hint={t.tagsHint} value={tags} onInput={setTags} error={form.fields.tags ?? Object.entries(form.fields).find(([k]) => k.startsWith("tags."))?.[1]} />
        <FormFooter busy={form.busy} error={Object.keys(form.fields).length || missing ? null : form.error} label={t.create}>
          <a href="/tickets">{t.cancel}</a>
        </FormFooter>
      </form>
    </section>
  );
}
