import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { formError } from "./field-errors";
import { LogoUpload } from "./logo-upload";

const text = messages({
  en: {
    title: "Workspace logo",
    logoUrl: "Logo URL",
    hint: "An https link to an image (PNG, SVG…), shown with the workspace's name at the top of the satisfaction survey page. Leave empty for the name alone.",
  },
  "zh-CN": {
    title: "工作区标志",
    logoUrl: "标志图片链接",
    hint: "图片（PNG、SVG 等）的 https 链接，与工作区名称一起显示在满意度调查页面顶部。留空则只显示名称。",
  },
});

interface Workspace {
  name: string;
  logoUrl: string | null;
  logoImageUrl: string | null;
  updatedAt: string;
}

const loadWorkspace = () => data(api.workspace.$get());

/** The workspace's logo URL (PATCH /workspace, with If-Match): shown on its public survey page. */
export function LogoPanel() {
  const resource = useResource(loadWorkspace);
  return <Loaded resource={resource}>{(workspace) => <LogoForm workspace={workspace} onSaved={resource.reload} />}</Loaded>;
}

function LogoForm(props: { workspace: Workspace; onSaved: () => void }) {
  const t = text();
  const [url, setUrl] = useState(props.workspace.logoUrl ?? "");
  useEffect(() => setUrl(props.workspace.logoUrl ?? ""), [props.workspace.updatedAt]);
  const flash = useFlash();
  const versioned = useVersionedSave<Workspace, { logoUrl: string | null }>(props.workspace, ["logoUrl"], (json, ifMatch) => data(api.workspace.$patch({ header: { "if-match": ifMatch }, json })));
  const saved = () => {
    flash.show(uiText().saved);
    props.onSaved();
  };
  const form = useSubmit(() => versioned.save({ logoUrl: url.trim() || null }), saved);
  return (
    <form class="panel logo-form" onSubmit={form.submit} aria-label={t.title} noValidate>
      <h2>{t.title}</h2>
      <TextField label={t.logoUrl} type="url" value={url} onInput={setUrl} hint={t.hint} error={form.fields.logoUrl} placeholder="https://example.com/logo.png" maxLength={2000} />
      {url.startsWith("https://") && (
        <p class="brand-preview">
          <img src={url} alt="" height={40} referrerpolicy="no-referrer" /> <strong>{props.workspace.name}</strong>
        </p>
      )}
      <VersionConflictView save={versioned} labels={{ logoUrl: t.logoUrl }} onSaved={saved} onKeepTheirs={props.onSaved} />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
      <LogoUpload name={props.workspace.name} logoImageUrl={props.workspace.logoImageUrl} onChanged={props.onSaved} />
    </form>
  );
}
