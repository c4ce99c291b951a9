import { useState } from "preact/hooks";
import { messages } from "../i18n";

const text = messages({
  en: { copy: "Copy", copied: "Copied", failed: "Select and copy it by hand" },
  "zh-CN": { copy: "复制", copied: "已复制", failed: "请手动选中复制" },
});

/** Copies a value to the clipboard and says so. */
export function CopyButton(props: { value: string; label?: string }) {
  const t = text();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  };
  return (
    <button type="button" onClick={() => void copy()} aria-live="polite">
      {state === "copied" ? t.copied : state === "failed" ? t.failed : (props.label ?? t.copy)}
    </button>
  );
}

/** A value to copy: shown in monospace, selectable, with its copy button. */
export function CopyValue(props: { value: string; label?: string }) {
  return (
    <span class="copy-value">
      <code>{props.value}</code>
      <CopyButton value={props.value} label={props.label} />
    </span>
  );
}
