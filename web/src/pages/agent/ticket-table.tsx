import { Fragment } from "preact";
import { TICKET_COLUMNS, type TicketColumn } from "../../../../workers/core/tickets/ticket-columns";
import { Highlighted } from "./highlighted";
import { formatDateTime, formatRelative, messages } from "../../i18n";
import type { TicketListItem } from "./agent-api";
import type { BulkSelection } from "./bulk-selection";
import { useCustomer, useDirectory } from "./directory";
import { ACTIVE_STATUSES, label } from "./enum-labels";
import { DueBadge } from "./sla-badge";
import { PresenceMarker } from "../../live/ticket-presence";
import { TaskDueBadge } from "./task-due-badge";
import { useNow } from "./use-now";
import "./agent.css";

const text = messages({
  en: { number: "#", subject: "Subject", requester: "Requester", status: "Status", priority: "Priority", assignee: "Assignee", updated: "Updated", sla: "SLA", nobody: "Unassigned", caption: "Tickets", selectPage: "Select every ticket on this page", select: (ref: string) => `Select ${ref}` },
  "zh-CN": { number: "编号", subject: "主题", requester: "客户", status: "状态", priority: "优先级", assignee: "负责人", updated: "更新", sla: "SLA", nobody: "未分配", caption: "工单", selectPage: "选择本页全部工单", select: (ref: string) => `选择 ${ref}` },
});

/** The requester's name once it is known (each customer is fetched once and remembered). */
export function RequesterName(props: { id: string; highlight?: string[] }) {
  const customer = useCustomer(props.id);
  if (customer === undefined) return <span class="muted">…</span>;
  return customer ? (
    <a href={`/customers/${props.id}`}>
      <Highlighted text={customer.name} words={props.highlight} />
    </a>
  ) : (
    <span class="muted">{props.id}</span>
  );
}

/** Tickets as a table; on phones each row becomes a card (labels from data-label). With `selection`, each row has a checkbox for bulk changes. */
/** `highlight`: a search's words, marked in subjects and requesters' names. `columns`: which, in order (a saved view's choice; default all). */
export function TicketTable(props: { items: TicketListItem[]; showRequester?: boolean; selection?: BulkSelection; highlight?: string[]; columns?: readonly TicketColumn[] }) {
  const t = text();
  const directory = useDirectory();
  const now = useNow();
  const showRequester = props.showRequester ?? true;
  const columns = (props.columns ?? TICKET_COLUMNS).filter((c) => showRequester || c !== "requester");
  const { selection } = props;
  const ids = props.items.map((ticket) => ticket.id);
  const cell = (column: TicketColumn, ticket: TicketListItem) => {
    switch (column) {
      case "number":
        return (
          <td data-label={t.number} class="nowrap ref">
            <Highlighted text={ticket.ref} words={props.highlight} />
          </td>
        );
      case "subject":
        return (
          <td data-label={t.subject} class="subject">
            <a href={`/tickets/${ticket.id}`}>
              <Highlighted text={ticket.subject} words={props.highlight} />
            </a>
            <PresenceMarker ticketId={ticket.id} />
            <TaskDueBadge ticket={ticket} now={now} />
          </td>
        );
      case "requester":
        return (
          <td data-label={t.requester} class="requester">
            <RequesterName id={ticket.requesterId} highlight={props.highlight} />
          </td>
        );
      case "status":
        return (
          <td data-label={t.status} class="state">
            <span class={`status status-${ticket.status}`}>{label("status", ticket.status)}</span>
          </td>
        );
      case "priority":
        return (
          <td data-label={t.priority} class="prio">
            <span class={`priority priority-${ticket.priority}`}>{label("priority", ticket.priority)}</span>
          </td>
        );
      case "assignee":
        return <td data-label={t.assignee} class="assignee">{directory?.userName(ticket.assigneeId) ?? <span class="muted">{ticket.assigneeId ? "…" : t.nobody}</span>}</td>;
      case "updated":
        return (
          <td data-label={t.updated} class="nowrap updated">
            <time dateTime={ticket.updatedAt} title={formatDateTime(ticket.updatedAt)}>
              {formatRelative(ticket.updatedAt, now)}
            </time>
          </td>
        );
      case "sla":
        return <td data-label={t.sla} class="sla">{ticket.slaDueAt && (ACTIVE_STATUSES as readonly string[]).includes(ticket.status) ? <DueBadge dueAt={ticket.slaDueAt} now={now} /> : <span class="muted">—</span>}</td>;
    }
  };
  return (
    <div class="table-wrap">
      <table class="ticket-table">
        <caption class="visually-hidden">{t.caption}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" class="select-cell">
                <input type="checkbox" aria-label={t.selectPage} checked={ids.length > 0 && ids.every(selection.has)} onChange={(e) => selection.setMany(ids, e.currentTarget.checked)} />
              </th>
            )}
            {columns.map((column) => (
              <th key={column} scope="col" data-column={column}>
                {columnName(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.items.map((ticket) => (
            <tr key={ticket.id}>
              {selection && (
                <td class="select-cell">
                  <input type="checkbox" aria-label={t.select(ticket.ref)} checked={selection.has(ticket.id)} onChange={(e) => selection.toggle(ticket.id, e.currentTarget.checked)} />
                </td>
              )}
              {columns.map((column) => (
                <Fragment key={column}>{cell(column, ticket)}</Fragment>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A column's heading, in the user's language (the table's, and the saved view's column chooser). */
export function columnName(column: TicketColumn): string {
  return text()[column];
}
