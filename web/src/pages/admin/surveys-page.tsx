import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckboxField, SelectField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import type { SurveyLanguage, SurveyScale, SurveySettings } from "./admin-types";
import { LogoPanel } from "./logo-form";
import { SettingsPage } from "./settings-layout";
import { SurveyEmailPreview } from "./survey-preview";

const text = messages({
  en: {
    intro: "After a ticket is solved, the customer gets one question by email and answers with one click. Tickets without a public reply, automatic mail and opted-out customers are skipped.",
    enabled: "Send satisfaction surveys",
    delay: "Minutes after the solve",
    delayHint: "1440 minutes = one day. A reopened ticket waits for its next solve.",
    scale: "Answers",
    good_bad: "Good / bad",
    one_to_five: "1 to 5",
    question: "Your own question (optional)",
    questionHint: "Leave empty for the built-in question in the customer's language.",
    allowComment: "Offer a comment box on the answer page",
    language: "Language",
    auto: "The customer's: Chinese if they wrote in Chinese, else English",
    en: "Always English",
    zh: "Always Simplified Chinese",
    resend: "Survey again when a reopened ticket is solved again",
    preview: "Preview",
  },
  "zh-CN": {
    intro: "工单解决后，客户会收到一封只有一个问题的邮件，点击一下即可评价。没有公开回复的工单、自动邮件和已退订的客户不会收到。",
    enabled: "发送满意度调查",
    delay: "解决后多少分钟发送",
    delayHint: "1440 分钟 = 一天。重新打开的工单会等到下次解决。",
    scale: "评价方式",
    good_bad: "满意 / 不满意",
    one_to_five: "1 到 5 分",
    question: "自定义问题（选填）",
    questionHint: "留空则使用客户语言的内置问题。",
    allowComment: "在评价页面提供留言框",
    language: "语言",
    auto: "按客户的语言：客户用中文来信则用中文，否则用英文",
    en: "始终使用英文",
    zh: "始终使用简体中文",
    resend: "重新打开的工单再次解决时再次调查",
    preview: "预览",
  },
});

const loadSettings = () => data(api["survey-settings"].$get());

export function SurveysPage() {
  const resource = useResource(loadSettings);
  return (
    <SettingsPage section="surveys" intro={text().intro}>
      <Loaded resource={resource}>{(settings) => <SurveyForm settings={settings} />}</Loaded>
      <LogoPanel />
    </SettingsPage>
  );
}

function SurveyForm(props: { settings: SurveySettings }) {
  const t = text();
  const ui = uiText();
  const s = props.settings;
  const [enabled, setEnabled] = useState(s.enabled);
  const [delay, setDelay] = useState(String(s.delayMinutes));
  const [scale, setScale] = useState<SurveyScale>(s.scale);
  const [question, setQuestion] = useState(s.question ?? "");
  const [allowComment, setAllowComment] = useState(s.allowComment);
  const [language, setLanguage] = useState<SurveyLanguage>(s.language);
  const [resend, setResend] = useState(s.resendAfterReopen);
  const flash = useFlash();
  const form = useSubmit(
    () =>
      data(
        api["survey-settings"].$put({
          json: { enabled, delayMinutes: delay.trim() === "" ? Number.NaN : Number(delay), scale, question: question.trim() || null, allowComment, language, resendAfterReopen: resend },
        }),
      ),
    () => flash.show(ui.saved),
  );
  const f = form.fields;
  const previewLanguages = language === "auto" ? (["en", "zh-CN"] as const) : ([language] as const);
  return (
    <div class="split survey-layout">
      <form class="panel" onSubmit={form.submit} noValidate>
        <CheckboxField label={t.enabled} checked={enabled} onChange={setEnabled} error={f.enabled} />
        <TextField label={t.delay} hint={t.delayHint} type="number" value={delay} onInput={setDelay} error={f.delayMinutes} />
        <SelectField<SurveyScale> label={t.scale} value={scale} options={[["good_bad", t.good_bad], ["one_to_five", t.one_to_five]]} onChange={setScale} error={f.scale} />
        <TextField label={t.question} hint={t.questionHint} value={question} onInput={setQuestion} error={f.question} maxLength={300} />
        <SelectField<SurveyLanguage> label={t.language} value={language} options={[["auto", t.auto], ["en", t.en], ["zh-CN", t.zh]]} onChange={setLanguage} error={f.language} />
        <CheckboxField label={t.allowComment} checked={allowComment} onChange={setAllowComment} error={f.allowComment} />
        <CheckboxField label={t.resend} checked={resend} onChange={setResend} error={f.resendAfterReopen} />
        <FormFooter busy={form.busy} error={formError(form)}>
          <Flash message={flash.message} />
        </FormFooter>
      </form>
      <section aria-label={t.preview}>
        {previewLanguages.map((l) => (
          <SurveyEmailPreview key={l} language={l} scale={scale} question={question.trim() || null} />
        ))}
      </section>
    </div>
  );
}
