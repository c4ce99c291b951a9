import { formError } from "./field-errors";
import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { CheckboxField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";

/** The workspace's on/off settings, as GET /workspace gives them. */
export type WorkspaceSwitch = "assignOnReply" | "newSubjectNewTicket";

/** The workspace as these forms read it (GET /workspace). */
export type SwitchWorkspace = { [K in WorkspaceSwitch]: boolean } & { updatedAt: string };

/** One of the workspace's switches, in a panel of its own (PATCH /workspace, with If-Match). */
export function WorkspaceSwitchForm(props: { field: WorkspaceSwitch; title: string; label: string; hint: string; workspace: SwitchWorkspace; onSaved: () => void }) {
  const { field } = props;
  const [on, setOn] = useState(props.workspace[field]);
  useEffect(() => setOn(props.workspace[field]), [props.workspace.updatedAt]); // read again: show it as it is
  const flash = useFlash();
  const versioned = useVersionedSave<SwitchWorkspace, Partial<Record<WorkspaceSwitch, boolean>>>(props.workspace, [field], (json, ifMatch) =>
    data(api.workspace.$patch({ header: { "if-match": ifMatch }, json })),
  );
  const saved = () => {
    flash.show(uiText().saved);
    props.onSaved();
  };
  const form = useSubmit(() => versioned.save({ [field]: on }), saved);
  return (
    <form class="panel" onSubmit={form.submit} aria-label={props.title} noValidate>
      <h2>{props.title}</h2>
      <CheckboxField label={props.label} hint={props.hint} checked={on} onChange={setOn} />
      <VersionConflictView save={versioned} labels={{ [field]: props.label }} onSaved={saved} onKeepTheirs={props.onSaved} />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
