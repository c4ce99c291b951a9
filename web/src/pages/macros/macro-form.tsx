import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { MACRO_ACTION_TYPES } from "../../../../workers/core/macros/macro-rules";
import type { Action } from "../../../../workers/core/rules/rule-schema";
import { isAdmin } from "../../session";
import { CheckboxField } from "../../ui/choice-fields";
import { Field, FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { errorsUnder, formError } from "../admin/field-errors";
import { TemplateField, TemplatePreview } from "../admin/template-field";
import { ActionRow } from "../admin/trigger-action-row";
import { newAction } from "../admin/trigger-builder";
import type { RuleChoices } from "../admin/trigger-condition-row";
import type { Macro } from "./macro-api";
import { macroText } from "./macro-words";

type Draft = Pick<Macro, "title" | "replyText" | "replyKind" | "actions">;
const FIELDS = ["title", "replyText", "replyKind", "actions"] as const;

/**
 * A macro's editor: title, text (with placeholders and a sample preview), whether the text is a
 * reply or a note, the field actions (the triggers page's action rows, offering only the actions a
 * macro may take) and, for an admin's new macro, whether it is shared. A change carries If-Match.
 */
export function MacroForm(props: { macro: Macro | null; choices: RuleChoices; onSaved: () => void; onCancel: () => void }) {
  const t = macroText();
  const ui = uiText();
  const [title, setTitle] = useState(props.macro?.title ?? "");
  const [replyText, setReplyText] = useState(props.macro?.replyText ?? "");
  const [replyKind, setReplyKind] = useState<Macro["replyKind"]>(props.macro?.replyKind ?? "reply");
  const [actions, setActions] = useState<Action[]>((props.macro?.actions as Action[] | undefined) ?? []);
  const [shared, setShared] = useState(false);
  const versioned = useVersionedSave<Macro, Draft>(props.macro, FIELDS, (json, ifMatch) =>
    data(api.macros[":id"].$patch({ param: { id: props.macro!.id }, header: { "if-match": ifMatch }, json: json as never })),
  );
  const draft = { title, replyText, replyKind, actions } as Draft;
  const form = useSubmit(() => (props.macro ? versioned.save(draft) : data(api.macros.$post({ json: { ...draft, shared } as never }))), props.onSaved);
  const f = form.fields;
  return (
    <form class="panel editor-panel macro-form" onSubmit={form.submit} noValidate>
      <h2>{props.macro ? t.editTitle(props.macro.title) : t.newTitle}</h2>
      <TextField label={t.title} value={title} onInput={setTitle} error={f.title} required />
      <div class="split">
        <div>
          <TemplateField label={t.text} rows={6} value={replyText} onInput={setReplyText} error={f.replyText} />
          <small class="hint">{t.textHint}</small>
        </div>
        <TemplatePreview body={replyText} />
      </div>
      <Field label={t.kind} error={f.replyKind}>
        {() => (
          <span class="row" role="radiogroup" aria-label={t.kind}>
            {(["reply", "note"] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="macro-kind" value={k} checked={replyKind === k} onChange={() => setReplyKind(k)} /> {k === "reply" ? t.reply : t.note}
              </label>
            ))}
          </span>
        )}
      </Field>
      {!props.macro && isAdmin() && <CheckboxField label={t.shared} hint={t.sharedHint} checked={shared} onChange={setShared} />}
      <fieldset class="rule-list" data-actions>
        <legend>{t.actions}</legend>
        {actions.length === 0 && <p class="muted">{t.noActions}</p>}
        {actions.map((action, i) => (
          <ActionRow
            key={i}
            index={i}
            action={action}
            types={MACRO_ACTION_TYPES}
            choices={props.choices}
            fields={f}
            onChange={(next) => setActions(actions.map((a, j) => (j === i ? next : a)))}
            onRemove={() => setActions(actions.filter((_, j) => j !== i))}
          />
        ))}
        {errorsUnder(f, "actions") && !actions.length && (
          <small class="field-error" role="alert">
            {errorsUnder(f, "actions")}
          </small>
        )}
        <button type="button" onClick={() => setActions([...actions, newAction("set_priority")])}>
          {t.addAction}
        </button>
      </fieldset>
      <VersionConflictView
        save={versioned}
        labels={{ title: t.title, replyText: t.text, replyKind: t.kind, actions: t.actions }}
        onSaved={props.onSaved}
        onKeepTheirs={(current) => {
          setTitle(current.title);
          setReplyText(current.replyText);
          setReplyKind(current.replyKind);
          setActions(current.actions as Action[]);
        }}
      />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <button type="button" onClick={props.onCancel}>
          {ui.cancel}
        </button>
      </FormFooter>
    </form>
  );
}
