import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { WebhookDelivery } from "./admin-types";
import { labels } from "./admin-words";

const text = messages({
  en: {
    title: "Recent deliveries",
    when: "Created",
    event: "Event",
    status: "Status",
    attempts: "Attempts",
    response: "Response",
    error: "Last error",
    next: "Next attempt",
    queued: "Queued",
    sent: "Sent",
    failed: "Failed",
    empty: "Nothing delivered yet. Send a test.",
    refresh: "Refresh",
  },
  "zh-CN": {
    title: "最近的推送",
    when: "创建时间",
    event: "事件",
    status: "状态",
    attempts: "尝试次数",
    response: "响应",
    error: "最近错误",
    next: "下次尝试",
    queued: "排队中",
    sent: "已送达",
    failed: "失败",
    empty: "还没有推送。可以先发送测试。",
    refresh: "刷新",
  },
});

const tone: Record<WebhookDelivery["status"], string> = { queued: "warn", sent: "ok", failed: "danger" };

/** The webhook's delivery log; `version` changes when a test was sent, to load it again. */
export function WebhookDeliveries(props: { webhookId: string; version: number }) {
  const t = text();
  const w = labels();
  const resource = useResource(() => data(api.webhooks[":id"].deliveries.$get({ param: { id: props.webhookId }, query: { limit: "20" } })), [props.webhookId, props.version]);
  return (
    <section class="deliveries">
      <div class="card-head">
        <h3>{t.title}</h3>
        <button type="button" onClick={resource.reload}>
          {t.refresh}
        </button>
      </div>
      <Loaded resource={resource} empty={(r) => r.items.length === 0} emptyText={t.empty}>
        {({ items }) => (
          <div class="table-wrap">
            <table class="wide-table">
              <thead>
                <tr>
                  <th>{t.when}</th>
                  <th>{t.event}</th>
                  <th>{t.status}</th>
                  <th>{t.attempts}</th>
                  <th>{t.response}</th>
                  <th>{t.error}</th>
                  <th>{t.next}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id}>
                    <td>{formatDateTime(d.createdAt)}</td>
                    <td>{w.event[d.event]}</td>
                    <td>
                      <span class={`badge ${tone[d.status]}`}>{t[d.status]}</span>
                    </td>
                    <td>{d.attempts}</td>
                    <td>{d.responseStatus ?? "—"}</td>
                    <td class="delivery-error">{d.lastError ?? "—"}</td>
                    <td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}
