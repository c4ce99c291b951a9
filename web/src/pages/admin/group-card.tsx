import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { ConfirmButton } from "../../ui/confirm-button";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import type { Group, User } from "./admin-types";
import { GroupAssignmentForm } from "./group-assignment-form";

const text = messages({
  en: {
    rename: "Rename",
    name: "Name",
    description: "Description",
    members: "Members",
    noMembers: "No members yet.",
    add: "Add member",
    choose: "Choose a person…",
    remove: (name: string) => `Remove ${name}`,
    lead: "Lead",
    noLead: "No lead",
    leadHint: "Rules that notify the group's lead tell this person; without a lead, every member.",
  },
  "zh-CN": {
    rename: "重命名",
    name: "名称",
    description: "说明",
    members: "成员",
    noMembers: "还没有成员。",
    add: "添加成员",
    choose: "选择成员…",
    remove: (name: string) => `移除 ${name}`,
    lead: "组长",
    noLead: "未设组长",
    leadHint: "通知组长的规则会通知此人；未设组长时通知全组成员。",
  },
});

/** One group: rename and describe, members added and removed, delete. */
export function GroupCard(props: { group: Group; users: User[]; onChanged: () => void }) {
  const t = text();
  const ui = uiText();
  const g = props.group;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(g.name);
  const [description, setDescription] = useState(g.description);
  const [adding, setAdding] = useState("");
  const [error, setError] = useState<string | null>(null);
  const versioned = useVersionedSave<Group, { name: string; description: string }>(g, ["name", "description"], (json, ifMatch) =>
    data(api.groups[":id"].$patch({ param: { id: g.id }, header: { "if-match": ifMatch }, json })),
  );
  const renamed = () => {
    setEditing(false);
    props.onChanged();
  };
  const rename = useSubmit(() => versioned.save({ name, description }), renamed);
  const member = (action: Promise<unknown>) => action.then(props.onChanged, (e: Error) => setError(e.message));
  const nameOf = (id: string) => props.users.find((u) => u.id === id)?.name ?? id;
  const candidates = props.users.filter((u) => u.active && !g.memberIds.includes(u.id));
  const leads = props.users.filter((u) => u.active || u.id === g.leadUserId);
  const setLead = (leadUserId: string | null) => member(data(api.groups[":id"].$patch({ param: { id: g.id }, header: {}, json: { leadUserId } })));
  return (
    <article class="panel group-card">
      {editing ? (
        <form onSubmit={rename.submit} noValidate>
          <TextField label={t.name} value={name} onInput={setName} error={rename.fields.name} required />
          <TextField label={t.description} value={description} onInput={setDescription} error={rename.fields.description} />
          <VersionConflictView save={versioned} labels={{ name: t.name, description: t.description }}
            onSaved={renamed}
            onKeepTheirs={(current) => {
              setName(current.name);
              setDescription(current.description);
            }}
          />
          <FormFooter busy={rename.busy} error={versioned.conflict ? null : formError(rename)}>
            <button type="button" onClick={() => setEditing(false)}>
              {ui.cancel}
            </button>
          </FormFooter>
        </form>
      ) : (
        <header class="card-head">
          <div>
            <h3>{g.name}</h3>
            {g.description && <p class="muted">{g.description}</p>}
          </div>
          <span class="row">
            <button type="button" onClick={() => setEditing(true)}>
              {t.rename}
            </button>
            <ConfirmButton label={ui.delete} onConfirm={() => data(api.groups[":id"].$delete({ param: { id: g.id } })).then(props.onChanged)} />
          </span>
        </header>
      )}
      <SelectField label={t.lead} value={g.leadUserId ?? ""} options={[["", t.noLead] as const, ...leads.map((u) => [u.id, u.name] as const)]} onChange={(v) => void setLead(v || null)} hint={t.leadHint} />
      <h4>{t.members}</h4>
      {g.memberIds.length === 0 && <p class="muted">{t.noMembers}</p>}
      <ul class="date-list">
        {g.memberIds.map((id) => (
          <li key={id}>
            <span>{nameOf(id)}</span>
            <button type="button" aria-label={t.remove(nameOf(id))} onClick={() => void member(data(api.groups[":id"].members[":userId"].$delete({ param: { id: g.id, userId: id } })))}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      {candidates.length > 0 && (
        <div class="row">
          <select aria-label={`${t.add}: ${g.name}`} value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            <option value="">{t.choose}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!adding} onClick={() => void member(data(api.groups[":id"].members.$post({ param: { id: g.id }, json: { userId: adding } }))).then(() => setAdding(""))}>
            {t.add}
          </button>
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <GroupAssignmentForm groupId={g.id} groupName={g.name} />
    </article>
  );
}
