import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import type { Message } from "./agent-api";
import "./merge-split.css";

const text = messages({
  en: { menu: "Message actions", split: "Split into new ticket", working: "Splitting…" },
  "zh-CN": { menu: "消息操作", split: "拆分为新工单", working: "正在拆分…" },
});

/** A customer message's menu: "Split into new ticket" moves it into a new linked ticket, which then opens. */
export function MessageMenu(props: { message: Message }) {
  const t = text();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const split = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await data(api.tickets[":id"].messages[":messageId"].split.$post({ param: { id: props.message.ticketId, messageId: props.message.id }, json: {} }));
      route(`/tickets/${created.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="message-menu">
      <summary aria-label={t.menu} title={t.menu}>
        ⋯
      </summary>
      <button type="button" disabled={busy} onClick={() => void split()}>
        {busy ? t.working : t.split}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </details>
  );
}
