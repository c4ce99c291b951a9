import { messages } from "../i18n";
import { CopyValue } from "./copy-button";

const text = messages({
  en: { once: "Copy it now: it will not be shown again.", done: "I have stored it" },
  "zh-CN": { once: "请立即复制：它不会再次显示。", done: "我已保存" },
});

/** A secret the API returns once (API token, signing secret): loud, copyable, dismissable. */
export function SecretOnce(props: { title: string; value: string; onDismiss: () => void }) {
  const t = text();
  return (
    <div class="secret-once notice" role="alert">
      <strong>{props.title}</strong>
      <p>{t.once}</p>
      <CopyValue value={props.value} />
      <p>
        <button type="button" onClick={props.onDismiss}>
          {t.done}
        </button>
      </p>
    </div>
  );
}
