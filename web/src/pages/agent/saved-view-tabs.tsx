import type { InferResponseType } from "hono/client";
import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { isAdmin, session } from "../../session";
import { useResource } from "../../ui/state";
import type { TicketQuery } from "./agent-api";
import { savedViewUrl, viewFilters } from "./saved-views";
import { countLabel, useTicketCounts } from "./use-ticket-counts";
import "./saved-views.css";

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
                  <button type="button" onClick={() => remove(v)}>
                    {t.remove}
                  </button>
                </details>
              )}
            </span>
          ))}
        </nav>
      )}
      {removeError && <p role="alert" class="error">{removeError}</p>}
      <SaveViewForm query={props.query} onSaved={(v) => (views.reload(), props.onOpen(savedViewUrl(v)))} />
    </div>
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
