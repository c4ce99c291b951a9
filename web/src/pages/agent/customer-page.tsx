import { api, data } from "../../api";
import { messages } from "../../i18n";
import { PagedList, usePagedList } from "../../ui/paged-list";
import { Loaded, useResource } from "../../ui/state";
import type { Customer } from "./agent-api";
import { BulkBar } from "./bulk-bar";
import { useBulkSelection } from "./bulk-selection";
import { CustomerDataRights } from "./customer-data-rights";
import { CustomerForm } from "./customer-form";
import { CustomerMerge } from "./customer-merge";
import { label } from "./enum-labels";
import { TicketTable } from "./ticket-table";
import "./agent.css";

const text = messages({
  en: { back: "← Customers", tickets: "Tickets", noTickets: "This customer has no tickets." },
  "zh-CN": { back: "← 客户列表", tickets: "工单", noTickets: "此客户还没有工单。" },
});

/** A customer: details (editable), their tickets, merging a duplicate in, and (admins) exporting or erasing their data. */
export function CustomerPage(props: { id: string }) {
  const customer = useResource(() => data(api.customers[":id"].$get({ param: { id: props.id } })), [props.id]);
  return <Loaded resource={customer}>{(loaded) => <CustomerView customer={loaded} onChanged={customer.reload} />}</Loaded>;
}

function CustomerView(props: { customer: Customer; onChanged: () => void }) {
  const t = text();
  const { customer } = props;
  const tickets = usePagedList(
    (cursor) => data(api.tickets.$get({ query: { requesterId: customer.id, limit: "25", ...(cursor ? { cursor } : {}) } })),
    [customer.id, customer.updatedAt],
  );
  const selection = useBulkSelection(customer.id);
  return (
    <article class="agent-page customer-page">
      <a href="/customers">{t.back}</a>
      <h1>
        {customer.name} {customer.tier === "vip" && <span class="badge warn">{label("tier", "vip")}</span>}
      </h1>
      <p class="muted">{[customer.organization, customer.emails[0]].filter(Boolean).join(" · ")}</p>
      <div class="customer-layout">
        <div>
          <CustomerForm customer={customer} onSaved={props.onChanged} />
          <CustomerMerge customer={customer} onMerged={props.onChanged} />
          <CustomerDataRights customer={customer} onErased={props.onChanged} />
        </div>
        <section aria-labelledby="customer-tickets">
          <h2 id="customer-tickets">{t.tickets}</h2>
          <BulkBar selection={selection} items={tickets.items ?? []} hasMore={tickets.nextCursor !== null} filter={{ requesterId: customer.id }} onChanged={tickets.reload} />
          <PagedList list={tickets} emptyText={t.noTickets}>
            {(items) => <TicketTable items={items} showRequester={false} selection={selection} />}
          </PagedList>
        </section>
      </div>
    </article>
  );
}
