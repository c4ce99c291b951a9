import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import { messages } from "../i18n";
import { differingFields, editsOf, ifMatchOf, type Versioned } from "../versioning";
import { ConflictNotice } from "./conflict-notice";
import { useSubmit } from "./form";

const text = messages({
  en: { title: "Someone else changed this since you opened it", yes: "Yes", no: "No", empty: "—", changed: "changed" },
  "zh-CN": { title: "您打开后，其他人修改了这里的内容", yes: "是", no: "否", empty: "—", changed: "已修改" },
});

/** A save refused because the resource changed since the form read it: it as it is now, the user's edits, the fields the other person changed. */
export interface VersionConflict<R> {
  current: R;
  mine: Record<string, unknown>;
  theirs: string[];
}

/** The resource as it is now, when `error` is a refusal for an old If-Match. */
export function conflictOf<R>(error: unknown): R | null {
  return error instanceof ApiError && error.status === 409 && (error.code === "changed_since_read" || error.code === "ticket_changed") && error.current ? (error.current as R) : null;
}

/**
 * Saves a form with If-Match: the version of the resource the form is based on — `read`, as the
 * form loaded it, or what the user chose to keep ("Keep theirs"). When someone else saved
 * meanwhile, the refusal becomes `conflict` (shown by `<VersionConflictView>`) — unless none of the
 * form's `fields` differs (they changed something this form does not show): then the user's edits
 * go on top at once. `reapply` sends the user's edits (only what they changed) with the version as
 * it is now; `keepTheirs` drops them and bases the form on the resource as it is now.
 */
export function useVersionedSave<R extends Versioned, P extends object>(read: R | null, fields: readonly string[], put: (patch: Partial<P>, ifMatch: string) => Promise<R>) {
  const [conflict, setConflict] = useState<VersionConflict<R> | null>(null);
  const [kept, setKept] = useState<R | null>(null);
  useEffect(() => {
    // read again (saved, reloaded): nothing to resolve, and the form is based on it
    setConflict(null);
    setKept(null);
  }, [read?.updatedAt]);
  const base = kept ?? read;
  const attempt = async (version: R, patch: Partial<P>, quietRetry: boolean): Promise<R> => {
    try {
      return await put(patch, ifMatchOf(version));
    } catch (error) {
      const current = conflictOf<R>(error);
      if (!current || !base) throw error;
      const mine = editsOf(base, patch);
      const theirs = differingFields(base as Record<string, unknown>, current as Record<string, unknown>, fields);
      if (theirs.length === 0 && quietRetry) return attempt(current, mine, false);
      setConflict({ current, mine, theirs });
      throw error;
    }
  };
  return {
    conflict,
    /** The resource the form is based on (its version goes out as If-Match). */
    base,
    /** Saves the form's patch (all of it: nothing changed since the read, or it is refused). A form that also creates (no `read`) posts instead. */
    save: (patch: P) => (base ? attempt(base, patch, true) : Promise.reject(new Error("nothing read to change"))),
    reapply: () => (conflict ? attempt(conflict.current, conflict.mine as Partial<P>, false) : Promise.reject(new Error("no conflict"))),
    keepTheirs: () => {
      if (conflict) setKept(conflict.current);
      setConflict(null);
    },
  };
}

/** A value as the conflict view shows it, when the form gives no words of its own. */
function plainValue(value: unknown, t: ReturnType<typeof text>): string {
  if (value === null || value === undefined || value === "") return t.empty;
  if (typeof value === "boolean") return value ? t.yes : t.no;
  if (typeof value === "string") return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return value.join(", ") || t.empty;
  return t.changed;
}

/**
 * The conflict view of a settings form, next to it: the fields the other person changed (their
 * value before → now), the user's edits, "Apply my changes on top" (saved: `onSaved`) and "Keep
 * theirs" (`onKeepTheirs` gets the resource as it is now: the form shows it, and is based on it).
 */
export function VersionConflictView<R extends Versioned>(props: {
  save: ReturnType<typeof useVersionedSave<R, never>>;
  labels: Record<string, string>;
  /** The form's own words for a value (names for ids, labels for enums); undefined: the plain ones. */
  show?: (field: string, value: unknown) => string | undefined;
  onSaved: (saved: R) => void;
  onKeepTheirs: (current: R) => void;
}) {
  const t = text();
  const reapply = useSubmit(props.save.reapply, props.onSaved);
  const { conflict } = props.save;
  if (!conflict) return null;
  const shown = (field: string, value: unknown) => props.show?.(field, value) ?? plainValue(value, t);
  const read = (props.save.base ?? {}) as Record<string, unknown>;
  const current = conflict.current as unknown as Record<string, unknown>;
  return (
    <ConflictNotice
      title={t.title}
      theirs={conflict.theirs.map((field) => ({ field, label: props.labels[field] ?? field, before: shown(field, read[field]), after: shown(field, current[field]) }))}
      mine={Object.entries(conflict.mine)
        .filter(([field]) => field in props.labels)
        .map(([field, value]) => ({ field, label: props.labels[field]!, after: shown(field, value) }))}
      busy={reapply.busy}
      error={reapply.error}
      onReapply={() => void reapply.submit()}
      onDiscard={() => {
        props.save.keepTheirs();
        props.onKeepTheirs(conflict.current);
      }}
    />
  );
}
