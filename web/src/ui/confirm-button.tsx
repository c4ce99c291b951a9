import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { messages } from "../i18n";

const text = messages({
  en: { sure: "Are you sure?", yes: "Yes", no: "No", working: "Working…" },
  "zh-CN": { sure: "确定吗？", yes: "确定", no: "取消", working: "处理中…" },
});

/**
 * A destructive action that asks first: the button turns into "Are you sure? Yes / No" in place
 * (no browser dialog), runs the action on Yes and shows its error next to it.
 */
export function ConfirmButton(props: { label: string; question?: string; onConfirm: () => Promise<unknown>; children?: ComponentChildren }) {
  const t = text();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      setAsking(false);
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  if (!asking)
    return (
      <span class="confirm">
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          {props.label}
        </button>
        {error && (
          <span class="field-error" role="alert">
            {error}
          </span>
        )}
      </span>
    );
  return (
    <span class="confirm asking" role="group" aria-label={props.label}>
      <span>{props.question ?? t.sure}</span>
      <button type="button" class="danger" disabled={busy} onClick={() => void run()} autoFocus>
        {busy ? t.working : `${t.yes}, ${props.label.toLowerCase()}`}
      </button>
      <button type="button" disabled={busy} onClick={() => setAsking(false)}>
        {t.no}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
