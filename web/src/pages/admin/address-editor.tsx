import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { CheckboxField, SelectField } from "../../ui/choice-fields";
import type { AddressPatch, Group, Priority, SupportAddress } from "./admin-types";
import { labels, PRIORITIES } from "./admin-words";
import { TemplateField, TemplatePreview } from "./template-field";

const text = messages({
  en: {
    routing: "Name and routing",
    displayName: "Name shown to customers",
    priority: "Priority of new tickets",
    group: "Group of new tickets",
    noGroup: "No group",
    plus: "Accept plus addresses (support+anything@…)",
    ack: "Automatic acknowledgement",
    enabled: "Send an automatic acknowledgement to new tickets",
    enabledHint: "At most three per sender an hour, and never to automatic mail.",
    subject: "Subject",
    body: "Message",
    inEnglish: "In English",
    inChinese: "In Chinese",
    languageHint: "Each customer gets the one in their mail language: the language chosen on their customer page, else the language they wrote in, else the workspace's default mail language.",
    subjectZh: "Subject (Chinese)",
    bodyZh: "Message (Chinese)",
  },
  "zh-CN": {
    routing: "名称与分派",
    displayName: "向客户显示的名称",
    priority: "新工单的优先级",
    group: "新工单的分组",
    noGroup: "不分组",
    plus: "接收加号地址（support+任意内容@…）",
    ack: "自动确认回复",
    enabled: "对新工单自动发送确认回复",
    enabledHint: "每个发件人每小时最多三封，且不会回复自动邮件。",
    subject: "主题",
    body: "正文",
    inEnglish: "英文版",
    inChinese: "中文版",
    languageHint: "每位客户收到与其邮件语言一致的版本：客户页面上选定的语言；未选定时按客户来信所用的语言；无法判断时按工作区的默认邮件语言。",
    subjectZh: "主题（中文）",
    bodyZh: "正文（中文）",
  },
});

/** The address's fields this form edits (what a conflict compares). */
const ADDRESS_FIELDS = ["displayName", "defaultPriority", "defaultGroupId", "plusAddressing", "autoAckEnabled", "autoAckSubject", "autoAckBody", "autoAckSubjectZh", "autoAckBodyZh"] as const;

/** One address's name, routing defaults and acknowledgement templates in English and Chinese (each with a live preview of sample values). */
export function AddressEditor(props: { address: SupportAddress; groups: Group[]; onSaved: () => void }) {
  const t = text();
  const ui = uiText();
  const w = labels();
  const a = props.address;
  const [displayName, setDisplayName] = useState(a.displayName);
  const [priority, setPriority] = useState<Priority>(a.defaultPriority);
  const [groupId, setGroupId] = useState(a.defaultGroupId ?? "");
  const [plus, setPlus] = useState(a.plusAddressing);
  const [enabled, setEnabled] = useState(props.address.autoAckEnabled);
  const [subject, setSubject] = useState(props.address.autoAckSubject);
  const [body, setBody] = useState(props.address.autoAckBody);
  const [subjectZh, setSubjectZh] = useState(props.address.autoAckSubjectZh);
  const [bodyZh, setBodyZh] = useState(props.address.autoAckBodyZh);
  const flash = useFlash();
  const versioned = useVersionedSave<SupportAddress, AddressPatch>(a, ADDRESS_FIELDS, (json, ifMatch) =>
    data(api["support-addresses"][":id"].$patch({ param: { id: a.id }, header: { "if-match": ifMatch }, json })),
  );
  const saved = () => {
    flash.show(ui.saved);
    props.onSaved();
  };
  const form = useSubmit(
    () => versioned.save({ displayName, defaultPriority: priority, defaultGroupId: groupId || null, plusAddressing: plus, autoAckEnabled: enabled, autoAckSubject: subject, autoAckBody: body, autoAckSubjectZh: subjectZh, autoAckBodyZh: bodyZh }),
    saved,
  );
  /** "Keep theirs": the form shows the address as it is now. */
  const show = (current: SupportAddress) => {
    setDisplayName(current.displayName);
    setPriority(current.defaultPriority);
    setGroupId(current.defaultGroupId ?? "");
    setPlus(current.plusAddressing);
    setEnabled(current.autoAckEnabled);
    setSubject(current.autoAckSubject);
    setBody(current.autoAckBody);
    setSubjectZh(current.autoAckSubjectZh);
    setBodyZh(current.autoAckBodyZh);
  };
  return (
    <form class="ack-editor" onSubmit={form.submit} noValidate>
      <h3>{t.routing}</h3>
      <div class="split">
        <TextField label={t.displayName} value={displayName} onInput={setDisplayName} error={form.fields.displayName} required />
        <SelectField<Priority> label={t.priority} value={priority} options={PRIORITIES.map((p) => [p, w.priority[p]] as const)} onChange={setPriority} error={form.fields.defaultPriority} />
        <SelectField label={t.group} value={groupId} options={[["", t.noGroup] as const, ...props.groups.map((g) => [g.id, g.name] as const)]} onChange={setGroupId} error={form.fields.defaultGroupId} />
        <CheckboxField label={t.plus} checked={plus} onChange={setPlus} error={form.fields.plusAddressing} />
      </div>
      <h3>{t.ack}</h3>
      <CheckboxField label={t.enabled} hint={t.enabledHint} checked={enabled} onChange={setEnabled} error={form.fields.autoAckEnabled} />
      <p><small class="hint">{t.languageHint}</small></p>
      <h4>{t.inEnglish}</h4>
      <div class="split">
        <div>
          <TemplateField label={t.subject} singleLine value={subject} onInput={setSubject} error={form.fields.autoAckSubject} />
          <TemplateField label={t.body} rows={9} value={body} onInput={setBody} error={form.fields.autoAckBody} />
        </div>
        <TemplatePreview subject={subject} body={body} />
      </div>
      <h4>{t.inChinese}</h4>
      <div class="split">
        <div>
          <TemplateField label={t.subjectZh} singleLine value={subjectZh} onInput={setSubjectZh} error={form.fields.autoAckSubjectZh} />
          <TemplateField label={t.bodyZh} rows={9} value={bodyZh} onInput={setBodyZh} error={form.fields.autoAckBodyZh} />
        </div>
        <TemplatePreview subject={subjectZh} body={bodyZh} />
      </div>
      <VersionConflictView
        save={versioned}
        labels={{ displayName: t.displayName, defaultPriority: t.priority, defaultGroupId: t.group, plusAddressing: t.plus, autoAckEnabled: t.enabled, autoAckSubject: t.subject, autoAckBody: t.body, autoAckSubjectZh: t.subjectZh, autoAckBodyZh: t.bodyZh }}
        show={(field, value) => (field === "defaultPriority" ? w.priority[value as Priority] : field === "defaultGroupId" ? (value ? (props.groups.find((g) => g.id === value)?.name ?? undefined) : t.noGroup) : undefined)}
        onSaved={saved}
        onKeepTheirs={show}
      />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
