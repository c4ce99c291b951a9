import { html, raw } from "hono/html";
import type { SurveyScale } from "../../../schema";
import { formatTicketRef } from "../tickets/ticket-ref";
import { SCALE_CHOICES } from "./survey-rules";
import { SURVEY_TEXT, type SurveyAnswer, type SurveyLocale } from "./survey-text";

export interface SurveyEmailInput {
  language: SurveyLocale;
  scale: SurveyScale;
  /** The workspace's own question; null for the built-in one. */
  question: string | null;
  ticketNumber: number;
  ticketSubject: string;
  customerName: string;
  workspaceName: string;
  /** The page URL for one answer. */
  answerUrl: (answer: string) => string;
  optOutUrl: string;
}

/** Subject, plain text and HTML of a survey: one link per answer, and a way to opt out. */
export function composeSurveyEmail(input: SurveyEmailInput) {
  const t = SURVEY_TEXT[input.language];
  const ref = formatTicketRef(input.ticketNumber);
  const question = input.question ?? t.question;
  const choices = SCALE_CHOICES[input.scale].map((answer) => ({ label: t.answers[answer as SurveyAnswer], url: input.answerUrl(answer) }));
  const intro = [t.greeting(input.customerName), "", t.solved(ref, input.ticketSubject, input.workspaceName), "", question, ""];
  const text = [...intro, ...choices.map((c) => `${c.label}: ${c.url}`), "", t.oneClick, "", `${t.optOut} ${input.optOutUrl}`, ""].join("\n");
  const body = html`<p>${t.greeting(input.customerName)}</p>
<p>${t.solved(ref, input.ticketSubject, input.workspaceName)}</p>
<p><strong>${question}</strong></p>
<p>${raw(choices.map((c) => html`<a href="${c.url}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border:1px solid #888;border-radius:6px;text-decoration:none">${c.label}</a>`).join(""))}</p>
<p style="color:#666;font-size:small">${t.oneClick} ${t.optOut} <a href="${input.optOutUrl}">${input.optOutUrl}</a></p>`;
  return { subject: t.subject(ref, input.ticketSubject), text, html: String(body) };
}
