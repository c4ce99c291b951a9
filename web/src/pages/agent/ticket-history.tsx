import type { ComponentChild } from "preact";
import { api, data } from "../../api";
import { formatDateTime, locale, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { TicketEvent } from "./agent-api";
import { useDirectory, type Directory } from "./directory";
import { label } from "./enum-labels";
import { reasonedChange } from "./event-reason";
import { RequesterName } from "./ticket-table";
import { TicketRefLink } from "./ticket-ref-link";

const text = messages({
  en: {
    title: "History",
    empty: "No history.",
    created: "created the ticket",
    customer_message: "wrote a message",
    public_reply: "replied",
    internal_note: "added an internal note",
    changed: (field: string) => `changed ${field}`,
    none: "none",
    field_status: "status",
    field_priority: "priority",
    field_type: "type",
    field_assigneeId: "assignee",
    field_groupId: "group",
    field_tags: "tags",
    field_subject: "subject",
    field_requesterId: "requester",
    link_mergedIntoId: "merged this ticket into",
    link_mergedFrom: "merged into this ticket:",
    link_splitTo: "split a message out into",
    link_splitFrom: "split this ticket out of",
    automatic_true: "filed it as automatic mail (no deadlines)",
    automatic_false: "treated it as a ticket (it was automatic mail)",
  },
  "zh-CN": {
    title: "历史记录",
    empty: "没有历史记录。",
    created: "创建了工单",
    customer_message: "发来消息",
    public_reply: "回复了客户",
    internal_note: "添加了内部备注",
    changed: (field: string) => `修改了${field}`,
    none: "无",
    field_status: "状态",
    field_priority: "优先级",
    field_type: "类型",
    field_assigneeId: "负责人",
    field_groupId: "组",
    field_tags: "标签",
    field_subject: "主题",
    field_requesterId: "客户",
    link_mergedIntoId: "将此工单合并到",
    link_mergedFrom: "合并到此工单：",
    link_splitTo: "将一条消息拆分到",
    link_splitFrom: "将本工单拆分自",
    automatic_true: "将其归为自动邮件（无时限）",
    automatic_false: "将其作为工单处理（原为自动邮件）",
  },
});

type Words = ReturnType<typeof text>;

function fieldName(t: Words, field: string): string {
  return (t as Record<string, unknown>)[`field_${field}`] as string | undefined ?? field;
}

/** A recorded value as a person reads it: enum values translated, ids as names, tag lists joined. */
function valueOf(t: Words, directory: Directory | null, field: string | null, value: string | null): ComponentChild {
  if (value === null || value === "" || value === "[]") return t.none;
  switch (field) {
    case "status":
    case "priority":
    case "type":
      return label(field, value);
    case "assigneeId":
      return directory?.userName(value) ?? value;
    case "groupId":
      return directory?.groupName(value) ?? value;
    case "requesterId":
      return <RequesterName id={value} />;
    case "tags":
      try {
        return (JSON.parse(value) as string[]).join(", ");
      } catch {
        return value;
      }
    default:
      return value;
  }
}

function actorOf(directory: Directory | null, event: TicketEvent): string {
  if (event.actorType === "agent") return directory?.userName(event.actorId) ?? label("actor", "agent");
  return label("actor", event.actorType);
}

function describe(t: Words, directory: Directory | null, event: TicketEvent): ComponentChild {
  switch (event.type) {
    case "ticket_created":
      return t.created;
    case "field_change": {
      if (event.field === "automatic") return event.newValue === "true" ? t.automatic_true : t.automatic_false;
      // A link to another ticket (a merge or a split): the other ticket's number.
      const link = (t as Record<string, unknown>)[`link_${event.field}`] as string | undefined;
      if (link && event.newValue) return <>{link} <TicketRefLink id={event.newValue} /></>;
      // A system change says why: "raised to Urgent: first reply breached".
      const why = reasonedChange(locale.value, event, label);
      if (why && "raised" in why) return why.raised;
      return (
        <>
          {t.changed(fieldName(t, event.field ?? ""))}: {valueOf(t, directory, event.field, event.oldValue)} → {valueOf(t, directory, event.field, event.newValue)}
          {why?.suffix}
        </>
      );
    }
    default:
      return t[event.type];
  }
}

/** The ticket's append-only history, folded. */
export function TicketHistory(props: { ticketId: string; version: number }) {
  const t = text();
  const directory = useDirectory();
  const events = useResource(() => data(api.tickets[":id"].events.$get({ param: { id: props.ticketId } })), [props.ticketId, props.version]);
  return (
    <details class="panel history">
      <summary>
        <h2>{t.title}</h2>
      </summary>
      <Loaded resource={events} empty={(d) => d.items.length === 0} emptyText={t.empty}>
        {({ items }) => (
          <ol class="events">
            {items.filter((e) => e.field !== "movedMessage").map((e) => (
              <li key={e.id}>
                <time class="muted" dateTime={e.createdAt}>
                  {formatDateTime(e.createdAt)}
                </time>{" "}
                <strong>{actorOf(directory, e)}</strong> {describe(t, directory, e)}
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </details>
  );
}
