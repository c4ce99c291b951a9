import { api, data } from "../../api";
import { formatDate, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import { SurveyItem } from "./ticket-satisfaction";

const text = messages({
  en: { title: "Satisfaction", none: "No survey answered yet." },
  "zh-CN": { title: "满意度", none: "尚未回答过满意度调查。" },
});

/** The customer's latest survey answers across their tickets: rating, comment, which ticket, when. */
export function CustomerSatisfactionHistory(props: { customerId: string; version: number }) {
  const t = text();
  const answers = useResource(() => data(api.customers[":id"].satisfaction.$get({ param: { id: props.customerId }, query: { limit: "5" } })), [props.customerId, props.version]);
  return (
    <>
      <h3>{t.title}</h3>
      <Loaded resource={answers} empty={(d) => d.items.length === 0} emptyText={t.none}>
        {({ items }) => (
          <ul class="plain surveys">
            {items.map((s) => (
              <SurveyItem key={s.id} survey={s}>
                <a href={`/tickets/${s.ticketId}`}>{s.ticketRef}</a> <small class="muted">{formatDate(s.answeredAt ?? s.sentAt)}</small>
              </SurveyItem>
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}
