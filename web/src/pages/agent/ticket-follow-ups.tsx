import { api, data } from "../../api";
import { messages } from "../../i18n";
import { useResource } from "../../ui/state";
import { label } from "./enum-labels";
import { TaskDueBadge } from "./task-due-badge";
import { useNow } from "./use-now";

const text = messages({
  en: { title: "Follow-up tasks (回访)" },
  "zh-CN": { title: "回访任务" },
});

/** On a ticket an automation followed up: its follow-up tasks, each with its status and due date; nothing when it has none. */
export function TicketFollowUps(props: { ticketId: string; version: number }) {
  const t = text();
  const now = useNow();
  const tasks = useResource(() => data(api.tickets.$get({ query: { taskOfId: props.ticketId, limit: "10" } })), [props.ticketId, props.version]);
  const items = tasks.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section class="panel follow-ups" aria-labelledby="follow-ups-title" data-follow-ups>
      <h2 id="follow-ups-title">{t.title}</h2>
      <ul class="follow-up-list">
        {items.map((task) => (
          <li key={task.id}>
            <a href={`/tickets/${task.id}`}>
              {task.ref} {task.subject}
            </a>{" "}
            <span class={`status status-${task.status}`}>{label("status", task.status)}</span> <TaskDueBadge ticket={task} now={now} />
          </li>
        ))}
      </ul>
    </section>
  );
}
