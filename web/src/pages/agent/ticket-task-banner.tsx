import { formatDateTime, messages } from "../../i18n";
import { TicketRefLink } from "./ticket-ref-link";

const text = messages({
  en: { task: "Follow-up task (回访) of", due: "due" },
  "zh-CN": { task: "回访任务，对应工单", due: "截止" },
});

/** On a follow-up task an automation made: "Follow-up task of #N, due …", linking to the ticket it follows up. */
export function TicketTaskBanner(props: { taskOfId: string; dueAt: string | null }) {
  const t = text();
  return (
    <p class="notice task-banner" role="status" data-follow-up>
      {t.task} <TicketRefLink id={props.taskOfId} />
      {props.dueAt && (
        <>
          {" · "}
          {t.due} <time dateTime={props.dueAt}>{formatDateTime(props.dueAt)}</time>
        </>
      )}
    </p>
  );
}
