import { formError } from "./field-errors";
import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckboxField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";

const text = messages({
  en: {
    title: "Assignment",
    assignOnReply: "Replying to or solving an unassigned ticket assigns it to the agent",
    hint: "So reports credit the agent who answered. A ticket in a group is assigned only to a member of that group.",
  },
  "zh-CN": {
    title: "分配",
    assignOnReply: "客服回复或解决未分配的工单时，工单自动分配给该客服",
    hint: "这样报表会把工单记在答复的客服名下。属于某个分组的工单只会分配给该组成员。",
  },
});

/** The workspace as this form reads it (GET /workspace). */
interface Workspace {
  assignOnReply: boolean;
  updatedAt: string;
}

/** The workspace's "assignment that sticks" switch (PATCH /workspace, with If-Match). */
export function AssignmentForm(props: { workspace: Workspace; onSaved: () => void }) {
  const t = text();
  const [on, setOn] = useState(props.workspace.assignOnReply);
  useEffect(() => setOn(props.workspace.assignOnReply), [props.workspace.updatedAt]); // read again: show it as it is
  const flash = useFlash();
  const versioned = useVersionedSave<Workspace, { assignOnReply: boolean }>(props.workspace, ["assignOnReply"], (json, ifMatch) => data(api.workspace.$patch({ header: { "if-match": ifMatch }, json })));
  const saved = () => {
    flash.show(uiText().saved);
    props.onSaved();
  };
  const form = useSubmit(() => versioned.save({ assignOnReply: on }), saved);
  return (
    <form class="panel" onSubmit={form.submit} aria-label={t.title} noValidate>
      <h2>{t.title}</h2>
      <CheckboxField label={t.assignOnReply} hint={t.hint} checked={on} onChange={setOn} />
      <VersionConflictView save={versioned} labels={{ assignOnReply: t.assignOnReply }} onSaved={saved} onKeepTheirs={props.onSaved} />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
