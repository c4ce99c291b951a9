import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { BackgroundFailure } from "./admin-types";

type Kind = BackgroundFailure["kind"];

const text = messages({
  en: {
    title: "Background work that is failing",
    hint: "Kefu keeps trying each of these with growing pauses, and everything else goes on. Usually a setting needs fixing; the error says which.",
    ticket: (n: number) => `Ticket #${n}`,
    attempts: (n: number) => `${n} failed attempt${n === 1 ? "" : "s"}`,
    next: (at: string) => `next try ${at}`,
  },
  "zh-CN": {
    title: "后台任务失败",
    hint: "Kefu 会以逐渐加长的间隔继续重试以下各项，其他工作照常进行。通常是某项设置需要修正，错误信息会说明原因。",
    ticket: (n: number) => `工单 #${n}`,
    attempts: (n: number) => `已失败 ${n} 次`,
    next: (at: string) => `下次重试：${at}`,
  },
});

/** What failed, in words (the API's work kinds). */
const kindWords = messages<Record<Kind, string>>({
  en: {
    sla_recompute: "SLA deadlines",
    acknowledgement: "Acknowledgement email",
    inbound_mail: "Incoming email",
    sla_alert: "SLA alert or escalation",
    auto_close: "Automatic closing",
    survey: "Satisfaction survey",
    outbound_mail: "Outgoing email",
    webhook_delivery: "Webhook delivery",
    notification_digest: "Notification email",
    assignment: "Automatic assignment",
    automation: "Automation",
  },
  "zh-CN": {
    sla_recompute: "SLA 时限",
    acknowledgement: "确认回执邮件",
    inbound_mail: "来信处理",
    sla_alert: "SLA 提醒或升级",
    auto_close: "自动关闭",
    survey: "满意度调查",
    outbound_mail: "外发邮件",
    webhook_delivery: "Webhook 推送",
    notification_digest: "通知邮件",
    assignment: "自动分配",
    automation: "自动化规则",
  },
});

/**
 * GET /background-failures as a warning panel: shown only while something fails, so an admin
 * sees at once why, for example, a workspace's deadlines are stuck.
 */
export function BackgroundFailuresPanel() {
  const t = text();
  const kinds = kindWords();
  const resource = useResource(() => data(api["background-failures"].$get()), []);
  if (!resource.data?.items.length) return null;
  return (
    <section class="panel background-failures" aria-labelledby="background-failures-title">
      <h2 id="background-failures-title">{t.title}</h2>
      <p class="muted">{t.hint}</p>
      <Loaded resource={resource}>
        {({ items }) => (
          <ul class="plain-list">
            {items.map((f) => (
              <li key={`${f.kind}/${f.itemId}`}>
                <div>
                  <strong>{kinds[f.kind]}</strong>
                  {f.ticketId && f.ticketNumber !== null && (
                    <>
                      {" · "}
                      <a href={`/tickets/${f.ticketId}`}>{t.ticket(f.ticketNumber)}</a>
                    </>
                  )}
                  <p class="notice error small">{f.error}</p>
                  <p class="muted small">
                    {t.attempts(f.attempts)}
                    {f.nextAttemptAt && ` · ${t.next(formatDateTime(f.nextAttemptAt))}`}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
