import { useEffect } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { Attachment, Message, Ticket } from "./agent-api";
import { useDirectory } from "./directory";
import { EmailHtml } from "./email-html-frame";
import { FormattedMessage } from "./formatted-message";
import { label } from "./enum-labels";
import { RequesterName } from "./ticket-table";
import { MessageMenu } from "./message-split";
import { AutomaticBadge } from "./ticket-automatic-banner";

const text = messages({
  en: {
    conversation: "Conversation",
    empty: "No messages yet.",
    quoted: "Show quoted history",
    attachments: "Attachments",
    notStored: (reason: string) => `not stored: ${reason}`,
    inline: "inline",
    system: "Kefu",
    size: (kb: string) => `${kb} KB`,
  },
  "zh-CN": {
    conversation: "对话",
    empty: "还没有消息。",
    quoted: "显示引用的历史邮件",
    attachments: "附件",
    notStored: (reason: string) => `未保存：${reason}`,
    inline: "内嵌",
    system: "客服系统",
    size: (kb: string) => `${kb} KB`,
  },
});

async function loadThread(id: string) {
  const [thread, files] = await Promise.all([data(api.tickets[":id"].messages.$get({ param: { id } })), data(api.tickets[":id"].attachments.$get({ param: { id } }))]);
  return { messages: thread.items, attachments: files.items };
}

/**
 * The conversation, oldest first: customer messages, public replies and internal notes look
 * different. `onRead` is told the newest message shown (null: none), for the composer's safe send.
 */
export function TicketThread(props: { ticket: Ticket; version: number; onRead?: (newestMessageId: string | null) => void }) {
  const t = text();
  const thread = useResource(() => loadThread(props.ticket.id), [props.ticket.id, props.version]);
  const newest = thread.data ? (thread.data.messages.at(-1)?.id ?? null) : undefined;
  useEffect(() => {
    if (newest !== undefined) props.onRead?.(newest);
  }, [newest]);
  return (
    <section class="thread" aria-label={t.conversation}>
      <Loaded resource={thread} empty={(d) => d.messages.length === 0} emptyText={t.empty}>
        {({ messages, attachments }) => (
          <ol class="messages">
            {messages.map((m) => (
              <li key={m.id}>
                <MessageCard message={m} attachments={attachments.filter((a) => a.messageId === m.id)} />
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </section>
  );
}

function Author(props: { message: Message }) {
  const t = text();
  const directory = useDirectory();
  const { message } = props;
  if (message.authorCustomerId) return <RequesterName id={message.authorCustomerId} />;
  if (message.authorUserId) return <strong>{directory?.userName(message.authorUserId) ?? "…"}</strong>;
  return <strong>{t.system}</strong>;
}

function MessageCard(props: { message: Message; attachments: Attachment[] }) {
  const t = text();
  const { message } = props;
  const quotedOnly = !message.bodyText.trim() && Boolean(message.quotedText);
  return (
    <article class={`message message-${message.kind}`}>
      <header class="message-head">
        <Author message={message} />
        <span class={`kind kind-${message.kind}`}>{label("kind", message.kind)}</span>
        {message.automatic && <AutomaticBadge />}
        <time class="muted" dateTime={message.createdAt}>
          {formatDateTime(message.createdAt)}
        </time>
        {message.kind === "customer" && <MessageMenu message={message} />}
      </header>
      {message.bodyHtml && message.kind !== "customer" ? (
        <FormattedMessage html={message.bodyHtml} />
      ) : message.bodyHtml ? (
        <EmailHtml html={message.bodyHtml} />
      ) : (
        <>
          {message.bodyText.trim() && <div class="message-text">{message.bodyText}</div>}
          {message.quotedText && (
            <details class="quoted" open={quotedOnly}>
              <summary>{t.quoted}</summary>
              <div class="message-text quoted-text">{message.quotedText}</div>
            </details>
          )}
        </>
      )}
      {props.attachments.length > 0 && <AttachmentList files={props.attachments} />}
    </article>
  );
}

function AttachmentList(props: { files: Attachment[] }) {
  const t = text();
  return (
    <ul class="attachments" aria-label={t.attachments}>
      {props.files.map((file) => (
        <li key={file.id}>
          {file.url ? (
            <a href={file.url} download={file.filename}>
              📎 {file.filename}
            </a>
          ) : (
            <span class="muted">📎 {file.filename}</span>
          )}{" "}
          <span class="muted">
            ({t.size((file.size / 1024).toFixed(1))}
            {file.inline ? `, ${t.inline}` : ""}
            {file.stored ? "" : `, ${t.notStored(file.droppedReason ?? "")}`})
          </span>
        </li>
      ))}
    </ul>
  );
}
