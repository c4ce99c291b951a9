import { SCALE_CHOICES } from "../../../../workers/core/surveys/survey-rules";
import { SURVEY_TEXT, type SurveyAnswer, type SurveyLocale } from "../../../../workers/core/surveys/survey-text";
import { formatTicketRef } from "../../../../workers/core/tickets/ticket-ref";
import { messages } from "../../i18n";
import { session } from "../../session";
import type { SurveyScale } from "./admin-types";

const text = messages({
  en: { title: (language: string) => `The survey email in ${language}`, subject: "Subject", en: "English", zh: "Chinese", customer: "Li Wei", ticket: "My order has not arrived" },
  "zh-CN": { title: (language: string) => `${language}问卷邮件`, subject: "主题", en: "英文", zh: "中文", customer: "李伟", ticket: "我的订单还没到" },
});

/** The survey email as the customer gets it, built from the very words the email uses. */
export function SurveyEmailPreview(props: { language: SurveyLocale; scale: SurveyScale; question: string | null }) {
  const t = text();
  const words = SURVEY_TEXT[props.language];
  const ref = formatTicketRef(1042);
  const workspace = session.value?.workspace.name ?? "";
  return (
    <figure class="template-preview survey-preview" lang={props.language}>
      <figcaption>{t.title(props.language === "en" ? t.en : t.zh)}</figcaption>
      <p class="preview-subject">
        <span class="muted">{t.subject}: </span>
        {words.subject(ref, t.ticket)}
      </p>
      <p>{words.greeting(t.customer)}</p>
      <p>{words.solved(ref, t.ticket, workspace)}</p>
      <p>
        <strong>{props.question ?? words.question}</strong>
      </p>
      <p class="survey-answers">
        {SCALE_CHOICES[props.scale].map((answer) => (
          <span key={answer} class="survey-answer">
            {words.answers[answer as SurveyAnswer]}
          </span>
        ))}
      </p>
      <p class="muted small">
        {words.oneClick} {words.optOut}
      </p>
    </figure>
  );
}
