import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { messages } from "../i18n";
import { uiText } from "./text";

const text = messages({
  en: { more: "Load more", loadingMore: "Loading more…" },
  "zh-CN": { more: "加载更多", loadingMore: "正在加载更多…" },
});

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset-paginated list: the first page when `deps` change, then "Load more" with nextCursor. */
export function usePagedList<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const generation = useRef(0);

  const fetchPage = (cursor: string | undefined) => {
    const mine = ++generation.current; // answers to an older query are dropped
    setLoading(true);
    setError(null);
    load(cursor).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((before) => (cursor ? [...(before ?? []), ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setLoading(false);
      },
      (caught: Error) => {
        if (mine !== generation.current) return;
        setError(caught);
        setLoading(false);
      },
    );
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const reload = useCallback(() => fetchPage(undefined), deps);
  useEffect(() => {
    setItems(undefined);
    reload();
  }, [reload]);
  return { items, nextCursor, loading, error, reload, loadMore: () => nextCursor && fetchPage(nextCursor) };
}

/** Loading, error (with retry), empty, the list, and its "Load more" button. */
export function PagedList<T>(props: { list: ReturnType<typeof usePagedList<T>>; emptyText: string; children: (items: T[]) => ComponentChildren }) {
  const ui = uiText();
  const t = text();
  const { items, nextCursor, loading, error, reload, loadMore } = props.list;
  return (
    <>
      {error && (
        <p class="notice error" role="alert">
          {error.message || ui.failed}{" "}
          <button type="button" onClick={items ? loadMore : reload}>
            {ui.retry}
          </button>
        </p>
      )}
      {items === undefined ? (
        loading && (
          <p class="loading" aria-busy="true">
            {ui.loading}
          </p>
        )
      ) : items.length === 0 ? (
        <p class="empty">{props.emptyText}</p>
      ) : (
        props.children(items)
      )}
      {items && nextCursor && (
        <p>
          <button type="button" onClick={loadMore} disabled={loading} aria-busy={loading}>
            {loading ? t.loadingMore : t.more}
          </button>
        </p>
      )}
    </>
  );
}
