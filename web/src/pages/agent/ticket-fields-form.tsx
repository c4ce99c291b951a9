import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { SelectField } from "../../ui/choice-fields";
import type { Ticket, TicketPatch } from "./agent-api";
import { useDirectory } from "./directory";
import { label, PRIORITIES, STATUSES, TYPES } from "./enum-labels";

const text = messages({
  en: {
    title: "Properties",
    status: "Status",
    priority: "Priority",
    type: "Type",
    assignee: "Assignee",
    group: "Group",
    tags: "Tags",
    tagsHint: "Separated by commas",
    nobody: "Unassigned",
    noGroup: "No group",
    saved: "Saved.",
    unchanged: "Nothing changed.",
    assignMe: "Assign to me",
  },
  "zh-CN": {
    title: "属性",
    status: "状态",
    priority: "优先级",
    type: "类型",
    assignee: "负责人",
    group: "组",
    tags: "标签",
    tagsHint: "用逗号分隔",
    nobody: "未分配",
    noGroup: "无",
    saved: "已保存。",
    unchanged: "没有改动。",
    assignMe: "分配给我",
  },
});

interface Draft {
  status: Ticket["status"];
  priority: Ticket["priority"];
  type: Ticket["type"];
  assigneeId: string;
  groupId: string;
  tags: string;
}

const draftOf = (t: Ticket): Draft => ({ status: t.status, priority: t.priority, type: t.type, assigneeId: t.assigneeId ?? "", groupId: t.groupId ?? "", tags: t.tags.join(", ") });
const splitTags = (tags: string) => tags.split(/[,，]/).map((s) => s.trim()).filter(Boolean);

/** Only what changed, as the API's PATCH body. */
function patchOf(ticket: Ticket, draft: Draft): TicketPatch {
  const patch: TicketPatch = {};
  if (draft.status !== ticket.status) patch.status = draft.status;
  if (draft.priority !== ticket.priority) patch.priority = draft.priority;
  if (draft.type !== ticket.type) patch.type = draft.type;
  if (draft.assigneeId !== (ticket.assigneeId ?? "")) patch.assigneeId = draft.assigneeId || null;
  if (draft.groupId !== (ticket.groupId ?? "")) patch.groupId = draft.groupId || null;
  const tags = splitTags(draft.tags);
  if (tags.join(",") !== ticket.tags.join(",")) patch.tags = tags;
  return patch;
}

/** Status, priority, type, assignee, group and tags, saved together with PATCH. */
export function TicketFieldsForm(props: { ticket: Ticket; myId: string; onSaved: (ticket: Ticket) => void }) {
  const t = text();
  const directory = useDirectory();
  const [draft, setDraft] = useState(() => draftOf(props.ticket));
  useEffect(() => setDraft(draftOf(props.ticket)), [props.ticket]);
  const flash = useFlash();
  const form = useSubmit(
    async () => {
      const patch = patchOf(props.ticket, draft);
      return Object.keys(patch).length ? data(api.tickets[":id"].$patch({ param: { id: props.ticket.id }, header: {}, json: patch })) : null;
    },
    (saved) => {
      flash.show(saved ? t.saved : t.unchanged);
      if (saved) props.onSaved(saved);
    },
  );
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft({ ...draft, [key]: value });
  return (
    <form class="panel side-form" onSubmit={form.submit} aria-label={t.title} noValidate>
      <h2>{t.title}</h2>
      <SelectField label={t.status} value={draft.status} options={STATUSES.map((s) => [s, label("status", s)] as const)} onChange={set("status")} error={form.fields.status} />
      <SelectField label={t.priority} value={draft.priority} options={PRIORITIES.map((p) => [p, label("priority", p)] as const)} onChange={set("priority")} error={form.fields.priority} />
      <SelectField label={t.type} value={draft.type} options={TYPES.map((v) => [v, label("type", v)] as const)} onChange={set("type")} error={form.fields.type} />
      <SelectField
        label={t.assignee}
        value={draft.assigneeId}
        options={[["", t.nobody] as const, ...(directory?.users ?? []).filter((u) => u.active || u.id === draft.assigneeId).map((u) => [u.id, u.name] as const)]}
        onChange={set("assigneeId")}
        error={form.fields.assigneeId}
      />
      {draft.assigneeId !== props.myId && (
        <p class="assign-me">
          <button type="button" onClick={() => setDraft({ ...draft, assigneeId: props.myId })}>
            {t.assignMe}
          </button>
        </p>
      )}
      <SelectField
        label={t.group}
        value={draft.groupId}
        options={[["", t.noGroup] as const, ...(directory?.groups ?? []).map((g) => [g.id, g.name] as const)]}
        onChange={set("groupId")}
        error={form.fields.groupId}
      />
      <TextField label={t.tags} hint={t.tagsHint} value={draft.tags} onInput={set("tags")} error={form.fields.tags ?? Object.entries(form.fields).find(([k]) => k.startsWith("tags."))?.[1]} />
      <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
