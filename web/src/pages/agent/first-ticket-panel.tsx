import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { locale, messages } from "../../i18n";
import { CopyValue } from "../../ui/copy-button";
import { useResource } from "../../ui/state";

const text = messages({
  en: {
    title: "No tickets yet",
    body: "Every email your customers send to your support address becomes a ticket here. Your built-in address works right away:",
    send: "Send yourself a test email",
    sending: "Sending…",
    sendHint: (email: string) => `A customer email from ${email} goes to this address, through the same path real mail takes; you get the acknowledgement customers get.`,
    sent: "Test email received: it is a ticket now.",
    open: "Open the ticket",
    own: "Customers write to your own address? Add it under Settings → Support addresses and forward its mail here.",
  },
  "zh-CN": {
    title: "还没有工单",
    body: "客户发到客服邮箱的每封邮件都会成为这里的一张工单。您的内置地址可立即使用：",
    send: "给自己发一封测试邮件",
    sending: "正在发送…",
    sendHint: (email: string) => `将以 ${email} 的身份向该地址发送一封客户邮件，走与真实邮件相同的处理流程；您会收到客户收到的自动回复。`,
    sent: "测试邮件已收到，现已成为一张工单。",
    open: "打开工单",
    own: "客户写信到您自己的邮箱？请在“设置 → 客服邮箱”中添加该地址，并把邮件转发到这里。",
  },
});

/** Whether the workspace has any ticket at all (one row is enough to know). */
async function workspaceHasTickets() {
  const page = await data(api.tickets.$get({ query: { limit: "1" } }));
  return page.items.length > 0;
}

async function builtInAddress() {
  const addresses = await data(api["support-addresses"].$get());
  return addresses.items.find((a) => a.builtIn)?.address ?? null;
}

/**
 * Shown under an empty ticket list while the workspace has no ticket at all: the built-in
 * support address and a one-click test email, sent through the real inbound path by the API.
 */
export function FirstTicketPanel(props: { email: string; onCreated: () => void }) {
  const t = text();
  const { route } = useLocation();
  const state = useResource(async () => ((await workspaceHasTickets()) ? null : await builtInAddress()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ticketId, setTicketId] = useState<string | null>(null);
  const address = state.data;
  if (!address && !ticketId) return null;
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await data(api["test-emails"].$post({ json: { language: locale.value } }));
      setTicketId(result.ticketId);
      props.onCreated();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel first-ticket" aria-labelledby="first-ticket-title">
      <h2 id="first-ticket-title">{t.title}</h2>
      <p>{t.body}</p>
      {address && <CopyValue value={address} />}
      {ticketId ? (
        <p class="notice ok" role="status">
          {t.sent}{" "}
          <a href={`/tickets/${ticketId}`} onClick={(e) => (e.preventDefault(), route(`/tickets/${ticketId}`))}>
            {t.open}
          </a>
        </p>
      ) : (
        <>
          <p>
            <button type="button" class="primary" disabled={busy} onClick={() => void send()}>
              {busy ? t.sending : t.send}
            </button>
          </p>
          <small class="hint">{t.sendHint(props.email)}</small>
        </>
      )}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <p class="muted">{t.own}</p>
    </section>
  );
}
