import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import type { StandardReply } from "./admin-types";
import { SettingsPage } from "./settings-layout";
import { TemplateField, TemplatePreview } from "./template-field";

const text = messages({
  en: {
    intro: "Agents insert these into replies from the composer; placeholders are filled for the ticket at hand.",
    add: "New standard reply",
    newTitle: "New standard reply",
    editTitle: (title: string) => `Edit “${title}”`,
    title: "Title",
    body: "Text",
    edit: "Edit",
    empty: "No standard replies yet.",
  },
  "zh-CN": {
    intro: "客服在回复框中插入这些回复，占位符会按当前工单自动填写。",
    add: "新建快捷回复",
    newTitle: "新建快捷回复",
    editTitle: (title: string) => `编辑“${title}”`,
    title: "标题",
    body: "正文",
    edit: "编辑",
    empty: "还没有快捷回复。",
  },
});

const loadReplies = () => data(api["standard-replies"].$get());

export function RepliesPage() {
  const t = text();
  const ui = uiText();
  const resource = useResource(loadReplies);
  const [editing, setEditing] = useState<StandardReply | "new" | null>(null);
  const flash = useFlash();
  const saved = () => {
    setEditing(null);
    flash.show(ui.saved);
    resource.reload();
  };
  return (
    <SettingsPage section="replies" intro={t.intro}>
      <div class="row page-actions">
        <button type="button" class="primary" disabled={editing === "new"} onClick={() => setEditing("new")}>
          + {t.add}
        </button>
        <Flash message={flash.message} />
      </div>
      {editing === "new" && <ReplyForm reply={null} onSaved={saved} onCancel={() => setEditing(null)} />}
      <Loaded resource={resource} empty={(r) => r.items.length === 0 && editing !== "new"} emptyText={t.empty}>
        {({ items }) =>
          items.map((reply) =>
            editing !== "new" && editing?.id === reply.id ? (
              <ReplyForm key={reply.id} reply={reply} onSaved={saved} onCancel={() => setEditing(null)} />
            ) : (
              <article key={reply.id} class="panel">
                <header class="card-head">
                  <h2>{reply.title}</h2>
                  <span class="row">
                    <button type="button" onClick={() => setEditing(reply)}>
                      {t.edit}
                    </button>
                    <ConfirmButton label={ui.delete} onConfirm={() => data(api["standard-replies"][":id"].$delete({ param: { id: reply.id } })).then(resource.reload)} />
                  </span>
                </header>
                <pre class="reply-body">{reply.body}</pre>
              </article>
            ),
          )
        }
      </Loaded>
    </SettingsPage>
  );
}

function ReplyForm(props: { reply: StandardReply | null; onSaved: () => void; onCancel: () => void }) {
  const t = text();
  const ui = uiText();
  const [title, setTitle] = useState(props.reply?.title ?? "");
  const [body, setBody] = useState(props.reply?.body ?? "");
  const versioned = useVersionedSave<StandardReply, { title: string; body: string }>(props.reply, ["title", "body"], (json, ifMatch) =>
    data(api["standard-replies"][":id"].$patch({ param: { id: props.reply!.id }, header: { "if-match": ifMatch }, json })),
  );
  const form = useSubmit(() => (props.reply ? versioned.save({ title, body }) : data(api["standard-replies"].$post({ json: { title, body } }))), props.onSaved);
  return (
    <form class="panel editor-panel" onSubmit={form.submit} noValidate>
      <h2>{props.reply ? t.editTitle(props.reply.title) : t.newTitle}</h2>
      <TextField label={t.title} value={title} onInput={setTitle} error={form.fields.title} required />
      <div class="split">
        <TemplateField label={t.body} rows={8} value={body} onInput={setBody} error={form.fields.body} />
        <TemplatePreview body={body} />
      </div>
      <VersionConflictView save={versioned} labels={{ title: t.title, body: t.body }}
        onSaved={props.onSaved}
        onKeepTheirs={(current) => {
          setTitle(current.title);
          setBody(current.body);
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
