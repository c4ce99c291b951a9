import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import { latestLoad } from "./latest-load";
import { uiText } from "./text";

/** Loads something from the API; `reload` fetches it again (after a change). Only the latest load's answer is shown. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: true });
  const [latest] = useState(latestLoad);
  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    latest(load(), (outcome) => setState({ ...outcome, loading: false }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

/** Loading, error (with retry) and empty states around what a resource holds. */
export function Loaded<T>(props: { resource: ReturnType<typeof useResource<T>>; empty?: (data: T) => boolean; emptyText?: string; children: (data: T) => ComponentChildren }) {
  const t = uiText();
  const { data, error, loading, reload } = props.resource;
  if (error && !data)
    return (
      <p class="notice error" role="alert">
        {error.message || t.failed} <button type="button" onClick={reload}>{t.retry}</button>
      </p>
    );
  if (data === undefined)
    return (
      <p class="loading" aria-busy="true">
        {t.loading}
      </p>
    );
  if (props.empty?.(data)) return <p class="empty">{props.emptyText ?? t.empty}</p>;
  return <>{props.children(data)}</>;
}
