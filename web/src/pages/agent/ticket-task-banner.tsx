import { formatDateTime, messages } from "../../i18n";
import type { TicketStatus } from "./agent-api";
import { taskDueState } from "./task-due";
import { TicketRefLink } from "./ticket-ref-link";
import { useNow } from "./use-now";

const text = messages({
  en: { task: "Follow-up task (回访) of", due: "due", overdue: "overdue" },
  "zh-CN": { task: "回访任务，对应工单", due: "截止", overdue: "已逾期" },
});

/** On a follow-up task an automation made: "Follow-up task of #N, due …" (red once overdue), linking to the ticket it follows up. */
export function TicketTaskBanner(props: { taskOfId: string; dueAt: string | null; status: TicketStatus }) {
  const t = text();
  const overdue = taskDueState(props.dueAt, props.status, useNow()) === "overdue";
  return (
    <p class="notice task-banner" role="status" data-follow-up>
      {t.task} <TicketRefLink id={props.taskOfId} />
      {props.dueAt && (
        <>
          {" · "}
          <span class={overdue ? "badge danger" : undefined} data-task-due={overdue ? "overdue" : "due"}>
            {overdue && `${t.overdue}, `}
            {t.due} <time dateTime={props.dueAt}>{formatDateTime(props.dueAt)}</time>
          </span>
        </>
      )}
    </p>
  );
}
