import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { Loaded, useResource } from "../../ui/state";
import type { InboundMessage, InboundStatus } from "./admin-types";
import { INBOUND_STATUSES, labels } from "./admin-words";

const text = messages({
  en: {
    title: "Stored inbound mail",
    hint: "Quarantined mail could not be processed; spam was held back. Re-process turns a message into a ticket when it can.",
    show: "Show",
    from: "From",
    subject: "Subject",
    received: "Received",
    reason: "Why",
    size: "Size",
    reprocess: "Re-process",
    raw: "Download .eml",
    noSubject: "(no subject)",
    openTicket: "Open the ticket",
    result: (outcome: string) => `Result: ${outcome}`,
    empty: "No messages with this status.",
  },
  "zh-CN": {
    title: "已存储的来信",
    hint: "被隔离的邮件无法处理；垃圾邮件被拦下。重新处理会在可能时把邮件转成工单。",
    show: "显示",
    from: "发件人",
    subject: "主题",
    received: "接收时间",
    reason: "原因",
    size: "大小",
    reprocess: "重新处理",
    raw: "下载 .eml",
    noSubject: "（无主题）",
    openTicket: "打开工单",
    result: (outcome: string) => `结果：${outcome}`,
    empty: "没有此状态的邮件。",
  },
});

/** What became of a re-processed message (the API's delivery outcomes), in words. */
const outcomeWords = messages({
  en: {
    ticket_created: "a ticket was created",
    appended: "added to an existing ticket",
    duplicate: "already received (duplicate)",
    automatic: "automatic mail, no ticket",
    bounce: "a bounce, no ticket",
    spam: "held as spam",
    verification: "a forwarding check",
    rejected: "rejected",
    quarantined: "quarantined again: Kefu still cannot process it",
    deferred: "stored; processing failed and will be retried",
  },
  "zh-CN": {
    ticket_created: "已创建工单",
    appended: "已追加到现有工单",
    duplicate: "已收到过（重复）",
    automatic: "自动邮件，未创建工单",
    bounce: "退信，未创建工单",
    spam: "作为垃圾邮件拦下",
    verification: "转发检查邮件",
    rejected: "已拒收",
    quarantined: "再次被隔离：Kefu 仍无法处理此邮件",
    deferred: "已保存；处理失败，稍后自动重试",
  },
});

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** GET /inbound-messages by status, each message with re-process (quarantine and spam). */
export function QuarantinePanel() {
  const t = text();
  const w = labels();
  const [status, setStatus] = useState<InboundStatus>("quarantined");
  const resource = useResource(() => data(api["inbound-messages"].$get({ query: { status } })), [status]);
  return (
    <section class="panel">
      <h2>{t.title}</h2>
      <p class="muted">{t.hint}</p>
      <SelectField<InboundStatus> label={t.show} value={status} options={INBOUND_STATUSES.map((s) => [s, w.inbound[s]] as const)} onChange={setStatus} />
      <Loaded resource={resource} empty={(r) => r.items.length === 0} emptyText={t.empty}>
        {({ items }) => (
          <ul class="plain-list inbound-list">
            {items.map((m) => (
              <InboundRow key={m.id} message={m} onChanged={resource.reload} />
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function InboundRow(props: { message: InboundMessage; onChanged: () => void }) {
  const t = text();
  const m = props.message;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; ticketId: string | null; error?: boolean } | null>(null);
  const reprocess = async () => {
    setBusy(true);
    try {
      const r = await data(api["inbound-messages"][":id"].reprocess.$post({ param: { id: m.id } }));
      // The outcome is translated; the API's detail (English, technical) follows it.
      const outcome = (outcomeWords() as Record<string, string>)[r.outcome] ?? r.outcome;
      setResult({ text: t.result(r.detail ? `${outcome} — ${r.detail}` : outcome), ticketId: r.ticketId, error: r.outcome === "quarantined" });
    } catch (e) {
      setResult({ text: (e as Error).message, ticketId: null, error: true });
    } finally {
      setBusy(false);
    }
  };
  const canReprocess = m.status === "quarantined" || m.status === "spam";
  return (
    <li>
      <div>
        <strong>{m.subject || t.noSubject}</strong>
        <p class="muted">
          {t.from}: {m.fromAddress ?? m.envelopeFrom} · {t.received}: {formatDateTime(m.receivedAt)} · {kb(m.rawSize)}
        </p>
        {m.detail && (
          <p class="small">
            {t.reason}: {m.detail}
          </p>
        )}
        {result && (
          <p class={`notice ${result.error ? "error" : "ok"}`} role="status">
            {result.text} {result.ticketId && <a href={`/tickets/${result.ticketId}`}>{t.openTicket}</a>}
          </p>
        )}
      </div>
      <span class="row">
        <a href={`/api/v1/inbound-messages/${m.id}/raw`} download>
          {t.raw}
        </a>
        {canReprocess && !result?.ticketId && (
          <button type="button" disabled={busy} onClick={() => void reprocess()}>
            {t.reprocess}
          </button>
        )}
        {m.ticketId && <a href={`/tickets/${m.ticketId}`}>{t.openTicket}</a>}
      </span>
    </li>
  );
}
