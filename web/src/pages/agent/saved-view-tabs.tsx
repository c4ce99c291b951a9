import type { InferResponseType } from "hono/client";
import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { isAdmin, session } from "../../session";
import { useResource } from "../../ui/state";
import type { TicketQuery } from "./agent-api";
import { TICKET_COLUMNS, type TicketColumn } from "../../../../workers/core/tickets/ticket-columns";
import { chooserRows, movedUp, savedViewUrl, viewFilters } from "./saved-views";
import { columnName } from "./ticket-table";
import { countLabel, useTicketCounts } from "./use-ticket-counts";
import "./saved-views.css";

const TICKET_SORTS = ["updated_at", "created_at", "number"] as const;
type TicketSort = (typeof TICKET_SORTS)[number];
type SavedView = InferResponseType<(typeof api)["saved-views"]["$get"], 200>["items"][number];

const text = messages({
  en: {
    views: "Saved views",
    save: "Save view",
    name: "View name",
    share: "Share with everyone",
    saveIt: "Save",
    cancel: "Cancel",
    menu: (name: string) => `Options for ${name}`,
    remove: "Delete view",
    shared: "Shared",
    edit: "Edit view",
    editTitle: (name: string) => `Edit view “${name}”`,
    columns: "Columns",
    moveUp: (column: string) => `Move ${column} up`,
    sort: "Sort by",
    sort_updated_at: "Last update",
    sort_created_at: "Created",
    sort_number: "Number",
    order: "Order",
    order_desc: "Newest / highest first",
    order_asc: "Oldest / lowest first",
  },
  "zh-CN": {
    views: "已保存的视图",
    save: "保存视图",
    name: "视图名称",
    share: "与所有人共享",
    saveIt: "保存",
    cancel: "取消",
    menu: (name: string) => `${name} 的选项`,
    remove: "删除视图",
    shared: "共享",
    edit: "编辑视图",
    editTitle: (name: string) => `编辑视图“${name}”`,
    columns: "显示的列",
    moveUp: (column: string) => `将“${column}”上移`,
    sort: "排序依据",
    sort_updated_at: "最近更新",
    sort_created_at: "创建时间",
    sort_number: "编号",
    order: "顺序",
    order_desc: "最新 / 最大在前",
    order_asc: "最早 / 最小在前",
  },
});

/**
 * The ticket list's saved views, after its fixed tabs: each with its count (one page of its
 * query, refreshed on live ticket changes), a small menu to delete it, and "Save view" to keep
 * the list's current query under a name (personal, or for an admin shared with everyone).
 */
export function SavedViewTabs(props: { current: string | undefined; query: NonNullable<TicketQuery>; onOpen: (url: string) => void }) {
  const t = text();
  const me = session.value!.user.id;
  const views = useResource(() => data(api["saved-views"].$get()), []);
  const items = views.data?.items;
  const counts = useTicketCounts(items?.map((v) => v.filters as NonNullable<TicketQuery>) ?? null, items);
  const mayChange = (v: SavedView) => (v.ownerId === null ? isAdmin() : v.ownerId === me);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [editing, setEditing] = useState<SavedView | null>(null);
  const remove = async (v: SavedView) => {
    setRemoveError(null);
    try {
      await data(api["saved-views"][":id"].$delete({ param: { id: v.id } }));
    } catch (caught) {
      setRemoveError(caught instanceof Error ? caught.message : String(caught));
    }
    views.reload();
  };
  return (
    <div class="saved-views">
      {items && items.length > 0 && (
        <nav class="view-tabs" aria-label={t.views}>
          {items.map((v, i) => (
            <span key={v.id} class="saved-view">
              <a href={savedViewUrl(v)} aria-current={v.id === props.current ? "page" : undefined} title={v.shared ? t.shared : undefined}>
                {v.name} <span class="view-count">{counts.data?.[i] ? countLabel(counts.data[i]) : "…"}</span>
              </a>
              {mayChange(v) && (
                <details class="saved-view-menu">
                  <summary aria-label={t.menu(v.name)}>⋯</summary>
                  <div class="saved-view-actions">
                    <button type="button" onClick={() => setEditing(v)}>
                      {t.edit}
                    </button>
                    <button type="button" onClick={() => remove(v)}>
                      {t.remove}
                    </button>
                  </div>
                </details>
              )}
            </span>
          ))}
        </nav>
      )}
      {removeError && <p role="alert" class="error">{removeError}</p>}
      {editing && (
        <EditViewForm
          key={editing.id}
          view={editing}
          onCancel={() => setEditing(null)}
          onSaved={(v) => {
            setEditing(null);
            views.reload();
            props.onOpen(savedViewUrl(v));
          }}
        />
      )}
      <SaveViewForm query={props.query} onSaved={(v) => (views.reload(), props.onOpen(savedViewUrl(v)))} />
    </div>
  );
}

/** Rename a view, choose the ticket table's columns (which, and their order) and its sort. */
function EditViewForm(props: { view: SavedView; onSaved: (view: SavedView) => void; onCancel: () => void }) {
  const t = text();
  const { view } = props;
  const [name, setName] = useState(view.name);
  const [rows, setRows] = useState(() => chooserRows(view.columns));
  const [shown, setShown] = useState<ReadonlySet<TicketColumn>>(() => new Set(view.columns ?? TICKET_COLUMNS));
  const [sort, setSort] = useState<TicketSort>((view.filters.sort as TicketSort | undefined) ?? "updated_at");
  const [order, setOrder] = useState<"asc" | "desc">(view.filters.order === "asc" ? "asc" : "desc");
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const columns = rows.filter((c) => shown.has(c) || c === "subject");
      const saved = await data(api["saved-views"][":id"].$patch({ param: { id: view.id }, json: { name, filters: { ...view.filters, sort, order }, columns } }));
      props.onSaved(saved);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fields.name ?? caught.fields.columns ?? caught.message) : String(caught));
    }
  };
  const toggle = (column: TicketColumn, on: boolean) => setShown((before) => new Set(on ? [...before, column] : [...before].filter((c) => c !== column)));
  return (
    <form class="save-view-form edit-view-form" onSubmit={submit} aria-label={t.editTitle(view.name)}>
      <label>
        {t.name} <input value={name} required maxLength={80} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
      </label>
      <fieldset class="view-columns">
        <legend>{t.columns}</legend>
        <ol class="plain">
          {rows.map((column, i) => (
            <li key={column}>
              <label>
                <input type="checkbox" checked={shown.has(column) || column === "subject"} disabled={column === "subject"} onChange={(e) => toggle(column, e.currentTarget.checked)} /> {columnName(column)}
              </label>
              {i > 0 && (
                <button type="button" class="link" aria-label={t.moveUp(columnName(column))} onClick={() => setRows(movedUp(rows, i))}>
                  ↑
                </button>
              )}
            </li>
          ))}
        </ol>
      </fieldset>
      <label>
        {t.sort}{" "}
        <select value={sort} onChange={(e) => setSort(e.currentTarget.value as TicketSort)}>
          {TICKET_SORTS.map((key) => (
            <option key={key} value={key}>
              {t[`sort_${key}`]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.order}{" "}
        <select value={order} onChange={(e) => setOrder(e.currentTarget.value as "asc" | "desc")}>
          {(["desc", "asc"] as const).map((key) => (
            <option key={key} value={key}>
              {t[`order_${key}`]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary">
        {t.saveIt}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t.cancel}
      </button>
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}

function SaveViewForm(props: { query: NonNullable<TicketQuery>; onSaved: (view: SavedView) => void }) {
  const t = text();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" class="save-view" onClick={() => setOpen(true)}>
        {t.save}
      </button>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const view = await data(api["saved-views"].$post({ json: { name, filters: viewFilters(props.query), shared } }));
      setOpen(false);
      setName("");
      setShared(false);
      props.onSaved(view);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fields.name ?? caught.message) : String(caught));
    }
  };
  return (
    <form class="save-view-form" onSubmit={submit}>
      <label>
        {t.name} <input value={name} required maxLength={80} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
      </label>
      {isAdmin() && (
        <label>
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} /> {t.share}
        </label>
      )}
      <button type="submit" class="primary">
        {t.saveIt}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t.cancel}
      </button>
      {error && <p role="alert" class="error">{error}</p>}
    </form>
  );
}
