import { formatDate, formatDateTime, messages } from "../../i18n";
import type { TicketStatus } from "./agent-api";
import { taskDueState } from "./task-due";

const text = messages({
  en: { followUp: "Follow-up", due: (date: string) => `due ${date}`, overdue: (date: string) => `overdue, due ${date}` },
  "zh-CN": { followUp: "回访", due: (date: string) => `${date} 截止`, overdue: (date: string) => `已逾期，${date} 截止` },
});

/** A task's due date as a small badge ("Follow-up · due 7 Dec 2026"), red once overdue; nothing without a due date. */
export function TaskDueBadge(props: { ticket: { dueAt: string | null; taskOfId: string | null; status: TicketStatus }; now: number }) {
  const t = text();
  const { dueAt, taskOfId, status } = props.ticket;
  const state = taskDueState(dueAt, status, props.now);
  if (!state || !dueAt) return null;
  const words = state === "overdue" ? t.overdue(formatDate(dueAt)) : t.due(formatDate(dueAt));
  return (
    <span class={`badge task-due${state === "overdue" ? " danger" : ""}`} title={formatDateTime(dueAt)} data-task-due={state}>
      {taskOfId ? `${t.followUp} · ${words}` : words}
    </span>
  );
}
