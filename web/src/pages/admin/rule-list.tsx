import type { ComponentChildren, JSX } from "preact";
import { useState } from "preact/hooks";
import { formatDateTime, messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { uiText } from "../../ui/text";
import { conflictOf } from "../../ui/versioned-save";

const text = messages({
  en: {
    edit: "Edit",
    up: "Move up",
    down: "Move down",
    moveLabel: (action: string, name: string) => `${action}: ${name}`,
    on: "On",
    toggle: (name: string) => `Active: ${name}`,
    moved: "Order saved.",
  },
  "zh-CN": {
    edit: "编辑",
    up: "上移",
    down: "下移",
    moveLabel: (action: string, name: string) => `${action}：${name}`,
    on: "启用",
    toggle: (name: string) => `启用：${name}`,
    moved: "顺序已保存。",
  },
});

/** What the list shows of a trigger or an automation. */
export interface ListedRule {
  id: string;
  name: string;
  description: string;
  active: boolean;
  firedCount: number;
  lastFiredAt: string | null;
  updatedAt: string;
}

/** The page's own words for its list. */
export interface RuleListWords {
  title: string;
  add: string;
  empty: string;
  /** At most `max` rules: said on the disabled "add" button. */
  limit: string;
  fired: (count: number, when: string) => string;
  never: string;
}

/** The form's callbacks: saved (the list reloads), cancelled, "keep theirs" after a conflict (the list reloads). */
export interface RuleFormDone {
  onSaved: () => void;
  onCancel: () => void;
  onKeepTheirs: () => void;
}

/**
 * A settings page's ordered rules (triggers, automations): each with its number, name, what the
 * page says of it (`lines`), "last fired" and the fired count, an on/off switch, up/down, edit
 * (the page's `form` in its place) and delete with confirmation; "new" above. `extra`: what the
 * page adds above the list (the automations' presets): `changed` shows its message and reloads, `fail` its error.
 * `kind` names the rows' data attribute (`data-trigger="name"`). The API calls are the page's.
 */
export function RuleList<R extends ListedRule>(props: {
  kind: "trigger" | "automation";
  rules: readonly R[];
  max: number;
  words: RuleListWords;
  lines: (rule: R) => ComponentChildren;
  form: (rule: R | null, done: RuleFormDone) => JSX.Element;
  extra?: (list: { changed: (message: string) => void; fail: (message: string) => void }) => ComponentChildren;
  setActive: (rule: R, active: boolean) => Promise<unknown>;
  order: (ids: string[]) => Promise<unknown>;
  remove: (rule: R) => Promise<unknown>;
  reload: () => void;
}) {
  const t = text();
  const ui = uiText();
  const w = props.words;
  const [editing, setEditing] = useState<R | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const flash = useFlash();
  const run = async (action: () => Promise<unknown>, message?: string) => {
    setError(null);
    try {
      await action();
      if (message) flash.show(message);
    } catch (e) {
      setError((e as Error).message);
      if (!conflictOf(e)) return; // changed by someone else meanwhile: show it as it is
    }
    props.reload();
  };
  const move = (index: number, by: -1 | 1) => {
    const ids = props.rules.map((r) => r.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    void run(() => props.order(ids), t.moved);
  };
  const done: RuleFormDone = {
    onSaved: () => {
      setEditing(null);
      flash.show(ui.saved);
      props.reload();
    },
    onCancel: () => setEditing(null),
    onKeepTheirs: props.reload,
  };
  const full = props.rules.length >= props.max;
  return (
    <section class="panel">
      <div class="card-head">
        <h2>{w.title}</h2>
        <div class="row">
          <Flash message={flash.message} />
          <button type="button" class="primary" disabled={editing === "new" || full} title={full ? w.limit : undefined} onClick={() => setEditing("new")}>
            + {w.add}
          </button>
        </div>
      </div>
      {props.extra?.({ changed: (message) => (flash.show(message), props.reload()), fail: setError })}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {editing === "new" && props.form(null, done)}
      {props.rules.length === 0 && editing !== "new" && <p class="empty">{w.empty}</p>}
      <ol class="policy-list trigger-list">
        {props.rules.map((rule, index) => (
          <li key={rule.id} class={rule.active ? "" : "inactive"} {...{ [`data-${props.kind}`]: rule.name }}>
            {editing !== "new" && editing?.id === rule.id ? (
              props.form(rule, done)
            ) : (
              <div class="policy-row">
                <span class="policy-order">{index + 1}</span>
                <div class="policy-main">
                  <strong>{rule.name}</strong>
                  {rule.description && <p class="muted">{rule.description}</p>}
                  {props.lines(rule)}
                  <p class="muted trigger-fired">{rule.lastFiredAt ? w.fired(rule.firedCount, formatDateTime(rule.lastFiredAt)) : w.never}</p>
                </div>
                <div class="row policy-actions">
                  <label class="switch">
                    <input type="checkbox" role="switch" aria-label={t.toggle(rule.name)} checked={rule.active} onChange={() => void run(() => props.setActive(rule, !rule.active))} /> {t.on}
                  </label>
                  <button type="button" disabled={index === 0} aria-label={t.moveLabel(t.up, rule.name)} title={t.up} onClick={() => move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" disabled={index === props.rules.length - 1} aria-label={t.moveLabel(t.down, rule.name)} title={t.down} onClick={() => move(index, 1)}>
                    ↓
                  </button>
                  <button type="button" onClick={() => setEditing(rule)}>
                    {t.edit}
                  </button>
                  <ConfirmButton label={ui.delete} onConfirm={() => props.remove(rule).then(props.reload)} />
                </div>
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
