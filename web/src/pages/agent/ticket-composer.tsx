import { useRef, useState } from "preact/hooks";
import { MentionSuggestions } from "../../notifications/mention-suggestions";
import { api, ApiError, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { Field, FormFooter, useSubmit } from "../../ui/form";
import { Flash, useFlash } from "../../ui/flash";
import { SelectField } from "../../ui/choice-fields";
import { uiText } from "../../ui/text";
import type { Message, Ticket } from "./agent-api";
import { propertyName } from "./ticket-conflict";
import type { DraftField } from "./ticket-draft";
import type { UnsavedEdits } from "./ticket-fields-form";
import { label, STATUSES } from "./enum-labels";
import { saveTicket } from "./ticket-save";
import { ComposerSignature, useComposerSignature } from "../profile/composer-signature";
import { signed } from "../profile/signature";
import { assertFilesReady, ComposerAttachments, useComposerAttachments } from "./composer-attachments";
import { ReplyRecipients, useReplyRecipients } from "./reply-recipients";
import { insertAt, useComposerDraft } from "./composer-draft";
import { session } from "../../session";
import { ComposerToolbar, useComposerFormatting } from "./composer-toolbar";
import { MacroPicker } from "../macros/macro-picker";
import { macroText } from "../macros/macro-words";

const text = messages({
  en: {
    composer: "Reply or add a note",
    kind: "Message type",
    reply: "Public reply",
    replyHint: "E-mailed to the customer",
    note: "Internal note",
    noteHint: "Only agents see it",
    body: "Message",
    statusAfter: "Then set the status to",
    keep: "Keep it (a new ticket becomes Open)",
    sendReply: "Send reply",
    addNote: "Add note",
    sent: (to: string) => `Reply sent to ${to}.`,
    sentNoMail: "Reply added.",
    noted: "Note added.",
    withProperties: (fields: string) => `Your unsaved property changes (${fields}) are saved with this message.`,
    propertiesChanged: "Someone changed this ticket's properties meanwhile: check them under Properties, then send again.",
    newer: "New messages arrived while you were writing. Nothing was sent:",
    fromCustomer: "Customer",
    fromAgent: "Agent reply",
    sendAnyway: "Send anyway",
    keyHint: "Ctrl+Enter (⌘+Enter) sends. Your draft is kept on this device until it is sent.",
  },
  "zh-CN": {
    composer: "回复或添加备注",
    kind: "消息类型",
    reply: "公开回复",
    replyHint: "将通过邮件发送给客户",
    note: "内部备注",
    noteHint: "仅客服可见",
    body: "内容",
    statusAfter: "然后将状态设为",
    keep: "保持不变（新建工单变为处理中）",
    sendReply: "发送回复",
    addNote: "添加备注",
    sent: (to: string) => `回复已发送至 ${to}。`,
    sentNoMail: "回复已添加。",
    noted: "备注已添加。",
    withProperties: (fields: string) => `未保存的属性修改（${fields}）将与此消息一起保存。`,
    propertiesChanged: "其他人刚修改了此工单的属性：请先在“属性”中查看，然后重新发送。",
    newer: "您撰写期间收到了新消息，本条尚未发送：",
    fromCustomer: "客户",
    fromAgent: "客服回复",
    sendAnyway: "仍然发送",
    keyHint: "按 Ctrl+Enter（⌘+Enter）发送。草稿会保存在本设备上，直到发送。",
  },
});

type Kind = "reply" | "note";
type AfterStatus = "" | Exclude<Ticket["status"], "new">;

/**
 * The composer: a public reply or an internal note, a macro applied (its text inserted, after its preview), the status after.
 * Unsaved property changes are saved first (with If-Match). A public reply carries the newest
 * message the agent has seen ("safe send"): if the customer or a colleague wrote since, nothing
 * is sent and the new messages are shown, with "Send anyway".
 */
export function TicketComposer(props: { ticket: Ticket; seenMessageId?: string | null; unsaved?: UnsavedEdits; onSent: () => void; onStale: () => void }) {
  const t = text();
  const [kind, setKind] = useState<Kind>("reply");
  const [body, setBody] = useComposerDraft(session.value?.user.id ?? "", props.ticket.id);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const formatting = useComposerFormatting(textarea, setBody);
  const [after, setAfter] = useState<AfterStatus>("");
  const [newer, setNewer] = useState<Message[] | null>(null);
  const flash = useFlash(6000);
  const files = useComposerAttachments();
  const recipients = useReplyRecipients();
  const signature = useComposerSignature(props.ticket.id);
  const pending = props.unsaved && Object.keys(props.unsaved.patch).length ? props.unsaved : null;
  const pendingNames = pending ? (Object.keys(pending.patch) as DraftField[]).map(propertyName).filter(Boolean) : [];
  const send = async (seenMessageId: string | null | undefined) => {
    if (!body.trim()) throw new ApiError(422, "validation_failed", uiText().required, { body: uiText().required });
    assertFilesReady(files);
    if (pending)
      await saveTicket(pending.base, pending.patch).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === "ticket_changed") {
          props.onStale();
          throw new ApiError(409, error.code, t.propertiesChanged);
        }
        throw error;
      });
    return data(
      api.tickets[":id"].messages.$post({
        param: { id: props.ticket.id },
        json: { kind, body: kind === "reply" ? signed(body, signature.text) : body, format: "markdown", ...(after ? { status: after } : {}), ...(kind === "reply" && seenMessageId !== undefined ? { seenMessageId } : {}), ...(files.ids.length ? { attachments: files.ids } : {}), ...(kind === "reply" ? recipients.body() : {}) },
      }),
    ).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === "newer_messages" && Array.isArray(error.current)) {
        setNewer(error.current as Message[]);
        props.onStale();
        return null;
      }
      throw error;
    });
  };
  const sent = (result: Awaited<ReturnType<typeof send>>) => {
    if (!result) return;
    setBody("");
    setAfter("");
    setNewer(null);
    files.clear();
    recipients.clear();
    signature.reset();
    flash.show(kind === "note" ? t.noted : result.outbound ? t.sent(result.outbound.toAddress) : t.sentNoMail);
    props.onSent();
  };
  const form = useSubmit(() => send(props.seenMessageId), sent);
  const anyway = useSubmit(() => send(newer?.at(-1)?.id ?? props.seenMessageId), sent);
  // A macro's text goes where the cursor is (at the end if the field was never focused).
  const insert = (text: string) => {
    const field = textarea.current;
    const at = field && document.activeElement === field ? [field.selectionStart, field.selectionEnd] : [body.length, body.length];
    const next = insertAt(body, text, at[0]!, at[1]!);
    setBody(next.value);
    requestAnimationFrame(() => textarea.current?.setSelectionRange(next.cursor, next.cursor));
  };
  const statusOptions = [["", t.keep] as const, ...STATUSES.filter((s): s is Exclude<typeof s, "new"> => s !== "new").map((s) => [s, label("status", s)] as const)];
  return (
    <form class={`composer panel composer-${kind}`} onSubmit={form.submit} aria-label={t.composer} noValidate {...files.handlers}>
      <fieldset class="kind-switch">
        <legend>{t.kind}</legend>
        {(["reply", "note"] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="composer-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === "reply" ? t.reply : t.note}{" "}
            <small class="muted">{k === "reply" ? t.replyHint : t.noteHint}</small>
          </label>
        ))}
      </fieldset>
      {kind === "reply" && <ReplyRecipients ticketId={props.ticket.id} recipients={recipients} fields={form.fields} />}
      <MacroPicker
        ticketId={props.ticket.id}
        onApplied={(applied, title) => {
          // The macro's text goes into the message, as a reply or a note; the ticket changed: load it again.
          setKind(applied.replyKind);
          if (applied.text) insert(applied.text);
          flash.show(macroText().applied(title));
          props.onStale();
        }}
      />
      <Field label={t.body} error={form.fields.body}>
        {(id, describedBy) => (
          <>
            <ComposerToolbar textareaId={id} onFormat={formatting.format} />
            <textarea
              id={id}
              ref={textarea}
              value={body}
              rows={6}
              maxLength={100_000}
              aria-invalid={form.fields.body ? true : undefined}
              aria-describedby={describedBy}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              onInput={(e) => setBody(e.currentTarget.value)}
              onPaste={formatting.onPaste}
              onKeyDown={(e) => {
                if (formatting.onKeyDown(e)) return;
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.isComposing) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
            />
            {kind === "note" && <MentionSuggestions textareaId={id} onChange={setBody} />}
          </>
        )}
      </Field>
      {kind === "reply" && <ComposerSignature signature={signature} />}
      <ComposerAttachments files={files} kind={kind} />
      <SelectField label={t.statusAfter} value={after} options={statusOptions} onChange={setAfter} error={form.fields.status} />
      {newer && (
        <div class="notice warn newer-messages" role="alert">
          <p>{t.newer}</p>
          <ol>
            {newer.map((m) => (
              <li key={m.id}>
                <strong>{m.kind === "customer" ? t.fromCustomer : t.fromAgent}</strong> <span class="muted">{formatDateTime(m.createdAt)}</span>
                <p class="newer-body">{m.bodyText}</p>
              </li>
            ))}
          </ol>
          <button type="button" disabled={anyway.busy} onClick={() => void anyway.submit()}>
            {t.sendAnyway}
          </button>
        </div>
      )}
      {pendingNames.length > 0 && <p class="hint with-properties">{t.withProperties(pendingNames.join(", "))}</p>}
      <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error} label={kind === "reply" ? t.sendReply : t.addNote}>
        <small class="muted key-hint">{t.keyHint}</small>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
