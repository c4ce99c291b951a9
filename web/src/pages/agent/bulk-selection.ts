import { useEffect, useState } from "preact/hooks";

/** The tickets ticked in a list, for a bulk change; `allMatching` when they are every ticket the filter finds. */
export interface BulkSelection {
  ids: ReadonlySet<string>;
  allMatching: boolean;
  has(id: string): boolean;
  toggle(id: string, on: boolean): void;
  /** Ticks (or unticks) every one of `ids`, e.g. a page's. */
  setMany(ids: readonly string[], on: boolean): void;
  /** Replaces the selection with the filter's matches. */
  selectMatching(ids: readonly string[]): void;
  clear(): void;
}

/** A selection that starts empty again whenever `key` (the list's query) changes. */
export function useBulkSelection(key: string): BulkSelection {
  const [state, setState] = useState<{ ids: ReadonlySet<string>; allMatching: boolean }>({ ids: new Set(), allMatching: false });
  useEffect(() => setState({ ids: new Set(), allMatching: false }), [key]);
  const update = (change: (ids: Set<string>) => void) =>
    setState((before) => {
      const ids = new Set(before.ids);
      change(ids);
      return { ids, allMatching: false };
    });
  return {
    ...state,
    has: (id) => state.ids.has(id),
    toggle: (id, on) => update((ids) => (on ? ids.add(id) : ids.delete(id))),
    setMany: (many, on) => update((ids) => many.forEach((id) => (on ? ids.add(id) : ids.delete(id)))),
    selectMatching: (ids) => setState({ ids: new Set(ids), allMatching: true }),
    clear: () => setState({ ids: new Set(), allMatching: false }),
  };
}
