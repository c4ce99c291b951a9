import { formError } from "./field-errors";
import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";

type MailLanguage = "en" | "zh-CN";

/** The workspace as this form reads it (GET /workspace). */
export type LanguageWorkspace = { defaultLanguage: MailLanguage; updatedAt: string };

const text = messages({
  en: {
    title: "Mail language",
    label: "Default language of mail to customers",
    hint: "Acknowledgements, reply footers and surveys go out in each customer's language: the one chosen on their customer page, else the language they wrote in (Chinese when their mail has Chinese characters). This language is used when neither says anything.",
  },
  "zh-CN": {
    title: "邮件语言",
    label: "发给客户的邮件的默认语言",
    hint: "确认回复、回复页脚和满意度调查会使用每位客户的语言：客户页面上选定的语言；未选定时按客户来信所用的语言（来信含汉字即为中文）。两者都无法确定时使用此处的语言。",
  },
});

/** The workspace's default mail language (PATCH /workspace, with If-Match). */
export function MailLanguageForm(props: { workspace: LanguageWorkspace; onSaved: () => void }) {
  const t = text();
  const [language, setLanguage] = useState<MailLanguage>(props.workspace.defaultLanguage);
  useEffect(() => setLanguage(props.workspace.defaultLanguage), [props.workspace.updatedAt]); // read again: show it as it is
  const flash = useFlash();
  const versioned = useVersionedSave<LanguageWorkspace, { defaultLanguage: MailLanguage }>(props.workspace, ["defaultLanguage"], (json, ifMatch) =>
    data(api.workspace.$patch({ header: { "if-match": ifMatch }, json })),
  );
  const saved = () => {
    flash.show(uiText().saved);
    props.onSaved();
  };
  const form = useSubmit(() => versioned.save({ defaultLanguage: language }), saved);
  return (
    <form class="panel" onSubmit={form.submit} aria-label={t.title} noValidate>
      <h2>{t.title}</h2>
      <SelectField<MailLanguage> label={t.label} hint={t.hint} value={language} options={[["en", "English"], ["zh-CN", "简体中文"]]} onChange={setLanguage} error={form.fields.defaultLanguage} />
      <VersionConflictView save={versioned} labels={{ defaultLanguage: t.label }} show={(_, value) => (value === "zh-CN" ? "简体中文" : "English")} onSaved={saved} onKeepTheirs={props.onSaved} />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
