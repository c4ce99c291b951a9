import { html, raw } from "hono/html";
import type { SurveyScale } from "../../../schema";
import { SCALE_CHOICES } from "../../core/surveys/survey-rules";
import { SURVEY_TEXT, type SurveyAnswer, type SurveyLocale } from "../../core/surveys/survey-text";

/** Whose survey it is: the workspace's name, and its logo (an https URL) when it has one. */
export interface SurveyBrand {
  name: string;
  logoUrl: string | null;
}

/** The workspace's logo and name above the page. */
const brandHeader = (brand: SurveyBrand | undefined) =>
  brand
    ? html`<header class="brand">${brand.logoUrl ? html`<img src="${brand.logoUrl}" alt="" height="40" referrerpolicy="no-referrer">` : ""}<span>${brand.name}</span></header>`
    : "";

/** A small self-contained page: inline style and script allowed only through the response's nonce. */
export function surveyDocument(language: SurveyLocale | "both", title: string, nonce: string, body: ReturnType<typeof html>, brand?: SurveyBrand) {
  return html`<!doctype html>
<html lang="${language === "both" ? "en" : language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style nonce="${nonce}">
body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}
fieldset{border:0;padding:0;margin:1rem 0}label{display:block;margin:.3rem 0}
textarea{width:100%;min-height:6rem;font:inherit}button{font:inherit;padding:.5rem 1rem;margin-top:.5rem}
.notice{padding:.75rem 1rem;border-radius:6px;background:#eef6ee}.error{background:#fbeaea}
.brand{display:flex;align-items:center;gap:.75rem;font-weight:600;color:#555}.brand img{max-height:40px;max-width:12rem;width:auto}
</style>
</head>
<body>${brandHeader(brand)}${body}</body>
</html>`;
}

export interface AnswerPageInput {
  language: SurveyLocale;
  scale: SurveyScale;
  question: string | null;
  action: string;
  nonce: string;
  /** The answer from the link: preselected, and sent by the page's script (never by the GET itself). */
  selected: string | null;
  /** The answer already recorded, shown as recorded. */
  recorded: string | null;
  allowComment: boolean;
  message: { text: string; error: boolean } | null;
  brand: SurveyBrand;
}

/**
 * The survey page. Opening a link records nothing (mail scanners open every link); the page
 * sends the chosen answer with a POST from its script, so a person's click is still one click,
 * and without script the button sends it.
 */
export function answerPage(input: AnswerPageInput) {
  const t = SURVEY_TEXT[input.language];
  const checked = input.selected ?? input.recorded;
  const choices = SCALE_CHOICES[input.scale].map(
    (answer) =>
      html`<label><input type="radio" name="answer" value="${answer}" ${checked === answer ? "checked" : ""} required> ${t.answers[answer as SurveyAnswer]}</label>`,
  );
  const autoSend = input.selected && input.selected !== input.recorded;
  const body = html`<h1>${input.question ?? t.question}</h1>
${input.message ? html`<p class="notice${input.message.error ? " error" : ""}" id="status">${input.message.text}</p>` : html`<p class="notice" id="status" ${autoSend ? "" : "hidden"}>${t.page.recording}</p>`}
<form method="post" action="${input.action}" id="survey">
<fieldset><legend>${t.page.choose}</legend>${raw(choices.join(""))}</fieldset>
${input.allowComment ? html`<label for="comment">${t.page.comment}</label><textarea id="comment" name="comment" maxlength="2000"></textarea>` : ""}
<button type="submit">${t.page.send}</button>
</form>
${autoSend ? html`<script nonce="${input.nonce}">
const form = document.getElementById("survey");
const status = document.getElementById("status");
fetch(form.action, { method: "POST", body: new URLSearchParams({ answer: ${raw(JSON.stringify(input.selected))} }) })
  .then((response) => { status.textContent = response.ok ? ${raw(JSON.stringify(t.page.thanks))} : ${raw(JSON.stringify(t.page.badAnswer))}; });
</script>` : ""}`;
  return surveyDocument(input.language, t.page.title, input.nonce, body, input.brand);
}

/** A page with one message: thanks, or why a link does not work. */
export function messagePage(language: SurveyLocale | "both", title: string, text: string, nonce: string, error = false, brand?: SurveyBrand) {
  return surveyDocument(language, title, nonce, html`<h1>${title}</h1><p class="notice${error ? " error" : ""}">${text}</p>`, brand);
}

export function optOutPage(language: SurveyLocale, brand: SurveyBrand, action: string, nonce: string) {
  const t = SURVEY_TEXT[language].page;
  return surveyDocument(
    language,
    t.optOutQuestion(brand.name),
    nonce,
    html`<h1>${t.optOutQuestion(brand.name)}</h1><form method="post" action="${action}"><button type="submit">${t.optOutButton}</button></form>`,
    brand,
  );
}
