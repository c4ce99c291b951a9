import type { ComponentChildren } from "preact";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { Survey } from "./agent-api";

const text = messages({
  en: {
    title: "Customer satisfaction",
    none: "No survey sent for this ticket.",
    good: "😊 Good",
    bad: "☹️ Bad",
    outOf5: (n: string) => `${n} / 5`,
    waiting: "Not answered yet",
    sent: (when: string) => `Sent ${when}`,
    answered: (when: string) => `Answered ${when}`,
    comment: "Comment",
  },
  "zh-CN": {
    title: "客户满意度",
    none: "此工单尚未发送满意度调查。",
    good: "😊 满意",
    bad: "☹️ 不满意",
    outOf5: (n: string) => `${n} / 5 分`,
    waiting: "尚未回答",
    sent: (when: string) => `发送于 ${when}`,
    answered: (when: string) => `回答于 ${when}`,
    comment: "评论",
  },
});

/** A survey's answer as a coloured badge (good/bad, or n / 5), or "not answered yet". */
function Answer(props: { survey: Pick<Survey, "answer" | "scale"> }) {
  const t = text();
  const { answer, scale } = props.survey;
  if (answer === null) return <span class="badge">{t.waiting}</span>;
  if (scale === "good_bad") return <span class={`badge ${answer === "good" ? "ok" : "danger"}`}>{answer === "good" ? t.good : t.bad}</span>;
  const score = Number(answer);
  return <span class={`badge ${score >= 4 ? "ok" : score === 3 ? "warn" : "danger"}`}>{t.outOf5(answer)}</span>;
}

/** One survey in a list: its answer, what the list says about it (`children`), the customer's comment. */
export function SurveyItem(props: { survey: Pick<Survey, "answer" | "scale" | "comment">; children: ComponentChildren }) {
  const t = text();
  const { survey } = props;
  return (
    <li>
      <Answer survey={survey} /> {props.children}
      {survey.comment && (
        <blockquote class="survey-comment" aria-label={t.comment}>
          {survey.comment}
        </blockquote>
      )}
    </li>
  );
}

/** The ticket's survey results, newest first: answer, comment, when. */
export function TicketSatisfaction(props: { ticketId: string; version: number }) {
  const t = text();
  const surveys = useResource(() => data(api.tickets[":id"].satisfaction.$get({ param: { id: props.ticketId } })), [props.ticketId, props.version]);
  return (
    <section class="panel" aria-labelledby="csat-title">
      <h2 id="csat-title">{t.title}</h2>
      <Loaded resource={surveys} empty={(d) => d.items.length === 0} emptyText={t.none}>
        {({ items }) => (
          <ul class="surveys">
            {items.map((s) => (
              <SurveyItem key={s.id} survey={s}>
                <small class="muted">{s.answeredAt ? t.answered(formatDateTime(s.answeredAt)) : t.sent(formatDateTime(s.sentAt))}</small>
              </SurveyItem>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
