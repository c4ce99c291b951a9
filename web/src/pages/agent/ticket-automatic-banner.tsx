import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import type { Ticket } from "./agent-api";
import { saveTicket } from "./ticket-save";
import "./automatic-mail.css";

const text = messages({
  en: {
    badge: "Automatic",
    what: "An out-of-office or auto-reply that answered nothing of ours: no deadlines, and it stays out of the queues.",
    treat: "Treat as a ticket",
    busy: "Saving…",
  },
  "zh-CN": {
    badge: "自动邮件",
    what: "外出、休假等自动回复，并非回复我们的邮件：没有时限，也不进入待办队列。",
    treat: "作为工单处理",
    busy: "正在保存…",
  },
});

/** The "Automatic" badge, on a ticket automatic mail started and on each automatic message. */
export function AutomaticBadge() {
  return <span class="badge automatic-badge">{text().badge}</span>;
}

/** On a ticket automatic mail started: what it is, and one click to make it work (its clocks start then). */
export function TicketAutomaticBanner(props: { ticket: Ticket; onChanged: () => void }) {
  const t = text();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const treat = () => {
    setBusy(true);
    setError(null);
    saveTicket(props.ticket, { automatic: false }).then(props.onChanged, (failed: unknown) => {
      setBusy(false);
      setError(failed instanceof Error ? failed.message : String(failed));
    });
  };
  return (
    <div class="notice automatic-banner" role="status">
      <AutomaticBadge /> {t.what}{" "}
      <button type="button" onClick={treat} disabled={busy}>
        {busy ? t.busy : t.treat}
      </button>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}
