import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { formatDateTime, formatRelative, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import { EmailHtmlFrame } from "../agent/email-html-frame";
import "./insight.css";

export const outboxText = messages({
  en: {
    nav: "Dev outbox",
    title: "Dev outbox",
    intro: "Every email Kefu sent from this workspace, newest first. Nothing leaves your machine in local development: read the mail here and follow its links.",
    unavailable: "The dev outbox is only available in local development (when the Worker runs with DEV_OUTBOX=on, as `npm run dev` sets it).",
    empty: "No email has been sent yet. Invite someone, or reply to a ticket, and it shows up here.",
    refresh: "Refresh",
    showMore: "Show more",
    to: "To",
    cc: "Cc",
    bcc: "Bcc (envelope only)",
    from: "From",
    replyTo: "Reply-To",
    subject: "Subject",
    created: "Created",
    sent: "Sent",
    messageId: "Message-ID",
    inReplyTo: "In-Reply-To",
    references: "References",
    headers: "Other headers",
    attempts: "Attempts",
    lastError: "Last error",
    nextAttempt: "Next attempt",
    ticket: "Open the ticket",
    body: "Body",
    mime: "MIME",
    html: "HTML part",
    openHere: "open on this server",
    count: (n: number) => `${n} ${n === 1 ? "email" : "emails"}`,
    purpose_reply: "Reply",
    purpose_acknowledgement: "Acknowledgement",
    purpose_survey: "Satisfaction survey",
    purpose_invitation: "Invitation",
    purpose_password_reset: "Password reset",
    purpose_forwarding_check: "Forwarding check",
    purpose_sla_warning: "SLA warning",
    purpose_sla_breach: "SLA breach",
    purpose_rule_mail: "Rule mail to the customer",
    purpose_rule_notice: "Rule mail to agents",
    status_queued: "Queued",
    status_sent: "Sent",
    status_failed: "Failed",
    status_bounced: "Bounced",
    none: "—",
  },
  "zh-CN": {
    nav: "开发发件箱",
    title: "开发发件箱",
    intro: "此工作区由客服系统发出的每一封邮件，最新的在前。本地开发时邮件不会真正发出：在这里阅读邮件并点击其中的链接。",
    unavailable: "开发发件箱仅在本地开发时可用（Worker 以 DEV_OUTBOX=on 运行时，`npm run dev` 会自动设置）。",
    empty: "还没有发出任何邮件。邀请一位同事或回复一个工单，邮件就会出现在这里。",
    refresh: "刷新",
    showMore: "显示更多",
    to: "收件人",
    cc: "抄送",
    bcc: "密送（仅信封）",
    from: "发件人",
    replyTo: "回复地址",
    subject: "主题",
    created: "创建时间",
    sent: "发送时间",
    messageId: "Message-ID",
    inReplyTo: "In-Reply-To",
    references: "References",
    headers: "其他邮件头",
    attempts: "尝试次数",
    lastError: "最近错误",
    nextAttempt: "下次尝试",
    ticket: "打开工单",
    body: "正文",
    mime: "MIME 结构",
    html: "HTML 部分",
    openHere: "在本服务器打开",
    count: (n: number) => `${n} 封邮件`,
    purpose_reply: "回复",
    purpose_acknowledgement: "自动确认",
    purpose_survey: "满意度调查",
    purpose_invitation: "邀请",
    purpose_password_reset: "密码重置",
    purpose_forwarding_check: "转发检查",
    purpose_sla_warning: "SLA 预警",
    purpose_sla_breach: "SLA 违约",
    purpose_rule_mail: "规则发给客户的邮件",
    purpose_rule_notice: "规则发给客服的邮件",
    status_queued: "排队中",
    status_sent: "已发送",
    status_failed: "失败",
    status_bounced: "被退回",
    none: "—",
  },
});

const PAGE = 50;
const MAX = 200;

function loadOutbox(limit: number) {
  return data(api.dev.outbox.$get({ query: { limit } }));
}
type Outbound = Awaited<ReturnType<typeof loadOutbox>>["items"][number];

export function OutboxPage() {
  const t = outboxText();
  const [limit, setLimit] = useState(PAGE);
  const outbox = useResource(() => loadOutbox(limit), [limit]);
  if (outbox.error instanceof ApiError && outbox.error.status === 404)
    return (
      <div class="insight outbox">
        <h1>{t.title}</h1>
        <p class="notice">{t.unavailable}</p>
      </div>
    );
  return (
    <div class="insight outbox">
      <div class="row page-head">
        <h1>{t.title}</h1>
        <button type="button" onClick={outbox.reload} disabled={outbox.loading}>
          {t.refresh}
        </button>
      </div>
      <p class="muted">{t.intro}</p>
      <Loaded resource={outbox} empty={(d) => d.items.length === 0} emptyText={t.empty}>
        {(d) => (
          <>
            <p class="muted" aria-live="polite">
              {t.count(d.items.length)}
            </p>
            <ol class="mail-list">
              {d.items.map((m) => (
                <Mail key={m.id} mail={m} />
              ))}
            </ol>
            {d.items.length >= limit && limit < MAX && (
              <button type="button" onClick={() => setLimit(Math.min(MAX, limit + PAGE))}>
                {t.showMore}
              </button>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}

function label(prefix: "purpose" | "status", value: string) {
  const t = outboxText();
  const known = t[`${prefix}_${value}` as keyof typeof t];
  return typeof known === "string" ? known : value;
}

const STATUS_BADGE: Record<string, string> = { sent: "ok", queued: "warn", failed: "danger", bounced: "danger" };

function Mail({ mail }: { mail: Outbound }) {
  const t = outboxText();
  const extraHeaders = Object.entries(mail.headers);
  return (
    <li class="panel mail" data-purpose={mail.purpose}>
      <div class="row mail-head">
        <span class="badge">{label("purpose", mail.purpose)}</span>
        <span class={`badge ${STATUS_BADGE[mail.status] ?? ""}`}>{label("status", mail.status)}</span>
        <time class="muted" dateTime={mail.createdAt} title={formatDateTime(mail.createdAt)}>
          {formatRelative(mail.createdAt)}
        </time>
      </div>
      <h2 class="mail-subject">{mail.subject}</h2>
      <dl class="mail-meta">
        <Meta term={t.to} value={mail.to} />
        {mail.cc.length > 0 && <Meta term={t.cc} value={mail.cc.join(", ")} />}
        {mail.bcc.length > 0 && <Meta term={t.bcc} value={mail.bcc.join(", ")} />}
        <Meta term={t.from} value={mail.from} />
        {mail.replyTo && <Meta term={t.replyTo} value={mail.replyTo} />}
        <Meta term={t.created} value={formatDateTime(mail.createdAt)} />
        {mail.sentAt && <Meta term={t.sent} value={formatDateTime(mail.sentAt)} />}
        <Meta term={t.mime} value={mail.mime} mono />
        <Meta term={t.messageId} value={`<${mail.messageId}>`} mono />
        <Meta term={t.inReplyTo} value={mail.inReplyTo ? `<${mail.inReplyTo}>` : t.none} mono />
        {mail.references.length > 0 && <Meta term={t.references} value={mail.references.map((r) => `<${r}>`).join(" ")} mono />}
        {extraHeaders.length > 0 && <Meta term={t.headers} value={extraHeaders.map(([k, v]) => `${k}: ${v}`).join("\n")} mono />}
        {mail.status !== "sent" && <Meta term={t.attempts} value={String(mail.attempts)} />}
        {mail.lastError && <Meta term={t.lastError} value={mail.lastError} />}
        {mail.nextAttemptAt && <Meta term={t.nextAttempt} value={formatDateTime(mail.nextAttemptAt)} />}
      </dl>
      {mail.ticketId && (
        <p>
          <a href={`/tickets/${mail.ticketId}`}>{t.ticket}</a>
        </p>
      )}
      <details class="mail-body">
        <summary>{t.body}</summary>
        <pre>
          <Linkified text={mail.bodyText} />
        </pre>
      </details>
      {mail.bodyHtml && (
        <details class="mail-body">
          <summary>{t.html}</summary>
          <EmailHtmlFrame html={mail.bodyHtml} title={t.html} />
        </details>
      )}
    </li>
  );
}

function Meta(props: { term: string; value: string; mono?: boolean }) {
  return (
    <div>
      <dt>{props.term}</dt>
      <dd class={props.mono ? "mono" : undefined}>{props.value}</dd>
    </div>
  );
}

const URL_PATTERN = /https?:\/\/[^\s<>"'）】]+/g;

/**
 * The body as text with its web links clickable (survey and invitation links), so the loop can
 * be followed by hand. A link to another local origin (APP_URL may name another port) also gets
 * a link to the same path on this server.
 */
export function Linkified({ text: body }: { text: string }) {
  const t = outboxText();
  const parts: (string | JSX.Element)[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = url.match(/[.,;:!?)\]。，；：！？]+$/)?.[0] ?? "";
    url = url.slice(0, url.length - trailing.length);
    const start = match.index;
    parts.push(body.slice(last, start));
    parts.push(
      <a key={start} href={url} target="_blank" rel="noopener noreferrer">
        {url}
      </a>,
    );
    const here = sameServerUrl(url);
    if (here)
      parts.push(
        <span key={`${start}-here`}>
          {" ("}
          <a href={here} target="_blank" rel="noopener noreferrer">
            {t.openHere}
          </a>
          {")"}
        </span>,
      );
    last = start + url.length;
  }
  parts.push(body.slice(last));
  return <>{parts}</>;
}

/** The same path on this origin when the link points at another local server; else null. */
function sameServerUrl(link: string): string | null {
  try {
    const url = new URL(link);
    const local = ["localhost", "127.0.0.1", "[::1]"];
    if (url.origin === location.origin || !local.includes(url.hostname) || !local.includes(location.hostname)) return null;
    return `${location.origin}${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}
