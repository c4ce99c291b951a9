import type { InferResponseType } from "hono/client";
import type { api } from "../../api";
import { formatDate, messages } from "../../i18n";
import { SurveyItem } from "./ticket-satisfaction";

type Answer = InferResponseType<(typeof api.customers)[":id"]["satisfaction"]["$get"], 200>["items"][number];

const text = messages({
  en: { title: "Satisfaction", none: "No survey answered yet." },
  "zh-CN": { title: "满意度", none: "尚未回答过满意度调查。" },
});

/** The customer's latest survey answers across their tickets (read with the customer's context): rating, comment, which ticket, when. */
export function CustomerSatisfactionHistory(props: { items: Answer[] }) {
  const t = text();
  return (
    <>
      <h3>{t.title}</h3>
      {props.items.length === 0 ? (
        <p class="empty">{t.none}</p>
      ) : (
        <ul class="plain surveys">
          {props.items.map((s) => (
            <SurveyItem key={s.id} survey={s}>
              <a href={`/tickets/${s.ticketId}`}>{s.ticketRef}</a> <small class="muted">{formatDate(s.answeredAt ?? s.sentAt)}</small>
            </SurveyItem>
          ))}
        </ul>
      )}
    </>
  );
}
