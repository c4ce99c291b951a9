import { useLocation } from "preact-iso";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { session } from "../../session";
import { PagedList, usePagedList } from "../../ui/paged-list";
import { useLiveReload } from "../../live/use-live-reload";
import { isTicketChange } from "../../live/live-client";
import { BulkBar } from "./bulk-bar";
import { useBulkSelection } from "./bulk-selection";
import { FirstTicketPanel } from "./first-ticket-panel";
import { TakeableTicketsPanel } from "./takeable-tickets-panel";
import { TicketFilters } from "./ticket-filters";
import { ListShortcuts } from "./keyboard-shortcuts";
import { searchWords } from "./search-highlight";
import { TicketTable } from "./ticket-table";
import { SavedViewTabs } from "./saved-view-tabs";
import { columnsFrom, savedListQuery } from "./saved-views";
import { filtersFrom, isView, listQuery, listUrl, VIEWS, viewText, type View } from "./ticket-views";

const text = messages({
  en: { title: "Tickets", views: "Views", empty: "No tickets in this view.", mineEmpty: "Nothing is assigned to you right now.", refresh: "Refresh", newTicket: "New ticket" },
  "zh-CN": { title: "工单", views: "视图", empty: "此视图中没有工单。", mineEmpty: "目前没有分配给您的待处理工单。", refresh: "刷新", newTicket: "新建工单" },
});

/** The ticket list: a view (tabs), filters and search, keyset pages. */
export function TicketListPage() {
  const t = text();
  const views = viewText();
  const { query, route } = useLocation();
  // A saved view's address carries its whole query (`saved` marks its tab); otherwise a fixed view and filters.
  const saved = query.saved;
  const view: View = isView(query.view) ? query.view : saved ? "all" : "mine";
  const filters = filtersFrom(query);
  const apiQuery = saved ? savedListQuery(query, session.value!.user.id) : listQuery(view, filters, session.value!.user.id);
  const key = JSON.stringify(apiQuery);
  const list = usePagedList((cursor) => data(api.tickets.$get({ query: { ...apiQuery, limit: "25", ...(cursor ? { cursor } : {}) } })), [key]);
  useLiveReload(list.reload, isTicketChange);
  const selection = useBulkSelection(key);
  // My own view, unfiltered and empty: say so, and point to the unassigned work I can take.
  const nothingMine = view === "mine" && !Object.values(filters).some(Boolean) && list.items?.length === 0 && !list.error;
  return (
    <section class="agent-page">
      <div class="page-head">
        <h1>{t.title}</h1>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          {t.refresh}
        </button>
        <a class="button primary" href="/tickets/new">
          {t.newTicket}
        </a>
      </div>
      <nav class="view-tabs" aria-label={t.views}>
        {VIEWS.map((v) => (
          <a key={v} href={listUrl(v, filters)} aria-current={v === view && !saved ? "page" : undefined}>
            {views[v]}
          </a>
        ))}
      </nav>
      <SavedViewTabs current={saved} query={apiQuery} onOpen={route} />
      <TicketFilters filters={filters} onChange={(next) => route(listUrl(view, next))} />
      <BulkBar selection={selection} items={list.items ?? []} hasMore={list.nextCursor !== null} filter={apiQuery} onChanged={list.reload} />
      <PagedList list={list} emptyText={nothingMine ? t.mineEmpty : t.empty}>
        {(items) => <TicketTable items={items} selection={selection} highlight={searchWords(filters.q)} columns={saved ? columnsFrom(query.columns) : undefined} />}
      </PagedList>
      {nothingMine && <TakeableTicketsPanel myId={session.value!.user.id} />}
      {list.items?.length === 0 && !list.error && <FirstTicketPanel email={session.value!.user.email} onCreated={list.reload} />}
      <ListShortcuts />
    </section>
  );
}
