import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDate, messages } from "../../i18n";
import { useLiveReload } from "../../live/use-live-reload";
import { Loaded, useResource } from "../../ui/state";
import { aboutContext, type Context, type ContextTicket } from "./customer-context";
import { CustomerQuickEdit } from "./customer-quick-edit";
import { CustomerSatisfactionHistory } from "./customer-satisfaction-history";
import { label } from "./enum-labels";
import { COUNTS_GATHER_MS } from "./use-ticket-counts";
import "./ticket-customer-panel.css";

const text = messages({
  en: {
    title: "Customer: ",
    organization: "Organisation",
    noOrganization: "No organisation",
    addresses: "E-mail addresses",
    notes: "Notes",
    noNotes: "No notes.",
    edit: "Edit",
    saved: "Saved.",
    open: "Other open tickets",
    noOpen: "No other open tickets.",
    recent: "Recent tickets",
    noRecent: "No other tickets.",
    all: "All tickets of this customer",
  },
  "zh-CN": {
    title: "客户：",
    organization: "机构",
    noOrganization: "无机构",
    addresses: "邮箱地址",
    notes: "备注",
    noNotes: "暂无备注。",
    edit: "编辑",
    saved: "已保存。",
    open: "其他未解决工单",
    noOpen: "没有其他未解决工单。",
    recent: "最近工单",
    noRecent: "没有其他工单。",
    all: "此客户的全部工单",
  },
});


/**
 * Beside a ticket: who asked — tier (VIP badge), organisation, notes, addresses — editable in place,
 * their other open and recent tickets, and what they answered to satisfaction surveys. One request
 * (`GET /customers/{id}/context`), made again only when something it shows changes: another
 * requester, an edit here, or a live change to one of the tickets it lists or a new ticket of theirs
 * — not on every edit of the open ticket.
 */
export function TicketCustomerPanel(props: { ticketId: string; requesterId: string }) {
  const context = useResource(() => data(api.customers[":id"].context.$get({ param: { id: props.requesterId }, query: { besides: props.ticketId } })), [props.requesterId, props.ticketId]);
  const shown = context.data;
  useLiveReload(context.reload, (event) => (shown ? aboutContext(event, shown) : false), COUNTS_GATHER_MS);
  return (
    <section class="panel ticket-customer" aria-labelledby="ticket-customer-title">
      <Loaded resource={context}>{(loaded) => <CustomerSummary context={loaded} onChanged={context.reload} />}</Loaded>
    </section>
  );
}

function CustomerSummary(props: { context: Context; onChanged: () => void }) {
  const t = text();
  const { customer } = props.context;
  const [editing, setEditing] = useState(false);
  const [flash, setFlash] = useState(false);
  return (
    <>
      <h2 id="ticket-customer-title">
        {t.title}
        <a href={`/customers/${customer.id}`}>{customer.name}</a> {customer.tier === "vip" && <span class="badge warn">{label("tier", "vip")}</span>}
      </h2>
      {editing ? (
        <CustomerQuickEdit
          customer={customer}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setFlash(true);
            props.onChanged();
          }}
        />
      ) : (
        <dl class="customer-facts">
          <dt>{t.organization}</dt>
          <dd>{customer.organization ?? <span class="muted">{t.noOrganization}</span>}</dd>
          <dt>{t.addresses}</dt>
          <dd>
            <ul class="plain">
              {customer.emails.map((email) => (
                <li key={email}>
                  <a href={`mailto:${email}`}>{email}</a>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t.notes}</dt>
          <dd class="customer-notes">{customer.notes || <span class="muted">{t.noNotes}</span>}</dd>
        </dl>
      )}
      {!editing && (
        <p class="row">
          <button
            type="button"
            onClick={() => {
              setFlash(false);
              setEditing(true);
            }}
          >
            {t.edit}
          </button>
          {flash && (
            <span role="status" class="muted">
              {t.saved}
            </span>
          )}
        </p>
      )}
      <h3>{t.open}</h3>
      <TicketLinks items={props.context.openTickets} emptyText={t.noOpen} />
      <h3>{t.recent}</h3>
      <TicketLinks items={props.context.recentTickets} emptyText={t.noRecent} />
      {props.context.moreTickets && <a href={`/customers/${customer.id}`}>{t.all}</a>}
      <CustomerSatisfactionHistory items={props.context.satisfaction} />
    </>
  );
}

function TicketLinks(props: { items: ContextTicket[]; emptyText: string }) {
  if (props.items.length === 0) return <p class="empty">{props.emptyText}</p>;
  return (
    <ul class="plain customer-tickets">
      {props.items.map((ticket) => (
        <li key={ticket.id}>
          <a href={`/tickets/${ticket.id}`}>
            <span class="muted">{ticket.ref}</span> {ticket.subject}
          </a>{" "}
          <span class={`status status-${ticket.status}`}>{label("status", ticket.status)}</span> <small class="muted">{formatDate(ticket.updatedAt)}</small>
        </li>
      ))}
    </ul>
  );
}
