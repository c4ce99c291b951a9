import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDate, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { Customer, TicketListItem } from "./agent-api";
import { CustomerQuickEdit } from "./customer-quick-edit";
import { CustomerSatisfactionHistory } from "./customer-satisfaction-history";
import { ACTIVE_STATUSES, label } from "./enum-labels";
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

/** How many other tickets each list shows (the customer page has them all). */
const SHOWN = 5;

/** Beside a ticket: who asked — tier (VIP badge), organisation, notes, addresses — editable in place, their other open and recent tickets, and what they answered to satisfaction surveys. */
export function TicketCustomerPanel(props: { ticketId: string; requesterId: string; version: number }) {
  const customer = useResource(() => data(api.customers[":id"].$get({ param: { id: props.requesterId } })), [props.requesterId, props.version]);
  return (
    <section class="panel ticket-customer" aria-labelledby="ticket-customer-title">
      <Loaded resource={customer}>{(loaded) => <CustomerSummary customer={loaded} ticketId={props.ticketId} version={props.version} onChanged={customer.reload} />}</Loaded>
    </section>
  );
}

function CustomerSummary(props: { customer: Customer; ticketId: string; version: number; onChanged: () => void }) {
  const t = text();
  const { customer } = props;
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
      <OtherTickets customerId={customer.id} ticketId={props.ticketId} version={props.version} />
      <CustomerSatisfactionHistory customerId={customer.id} version={props.version} />
    </>
  );
}

/** The customer's other tickets: the open ones, and the latest of the rest, each with its status. */
function OtherTickets(props: { customerId: string; ticketId: string; version: number }) {
  const t = text();
  const lists = useResource(async () => {
    // One more than shown: this ticket may be among them.
    const [open, recent] = await Promise.all([
      data(api.tickets.$get({ query: { requesterId: props.customerId, status: ACTIVE_STATUSES.join(","), limit: String(SHOWN + 1) } })),
      data(api.tickets.$get({ query: { requesterId: props.customerId, status: "solved,closed", limit: String(SHOWN + 1) } })),
    ]);
    const others = (items: TicketListItem[]) => items.filter((ticket) => ticket.id !== props.ticketId).slice(0, SHOWN);
    return { open: others(open.items), recent: others(recent.items), more: open.nextCursor !== null || recent.nextCursor !== null };
  }, [props.customerId, props.ticketId, props.version]);
  return (
    <Loaded resource={lists}>
      {({ open, recent, more }) => (
        <>
          <h3>{t.open}</h3>
          <TicketLinks items={open} emptyText={t.noOpen} />
          <h3>{t.recent}</h3>
          <TicketLinks items={recent} emptyText={t.noRecent} />
          {more && <a href={`/customers/${props.customerId}`}>{t.all}</a>}
        </>
      )}
    </Loaded>
  );
}

function TicketLinks(props: { items: TicketListItem[]; emptyText: string }) {
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
