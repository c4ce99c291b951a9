import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { Field, FormFooter, useSubmit } from "../../ui/form";
import { Flash, useFlash } from "../../ui/flash";
import { SelectField } from "../../ui/choice-fields";
import { useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import type { Ticket } from "./agent-api";
import { label, STATUSES } from "./enum-labels";

const text = messages({
  en: {
    composer: "Reply or add a note",
    kind: "Message type",
    reply: "Public reply",
    replyHint: "E-mailed to the customer",
    note: "Internal note",
    noteHint: "Only agents see it",
    body: "Message",
    standardReply: "Standard reply",
    pickReply: "Choose a standard reply…",
    insert: "Insert",
    inserting: "Inserting…",
    statusAfter: "Then set the status to",
    keep: "Keep it (a new ticket becomes Open)",
    sendReply: "Send reply",
    addNote: "Add note",
    sent: (to: string) => `Reply sent to ${to}.`,
    sentNoMail: "Reply added.",
    noted: "Note added.",
  },
  "zh-CN": {
    composer: "回复或添加备注",
    kind: "消息类型",
    reply: "公开回复",
    replyHint: "将通过邮件发送给客户",
    note: "内部备注",
    noteHint: "仅客服可见",
    body: "内容",
    standardReply: "标准回复",
    pickReply: "选择标准回复…",
    insert: "插入",
    inserting: "插入中…",
    statusAfter: "然后将状态设为",
    keep: "保持不变（新建工单变为处理中）",
    sendReply: "发送回复",
    addNote: "添加备注",
    sent: (to: string) => `回复已发送至 ${to}。`,
    sentNoMail: "回复已添加。",
    noted: "备注已添加。",
  },
});

type Kind = "reply" | "note";
type AfterStatus = "" | Exclude<Ticket["status"], "new">;

/** The composer: a public reply or an internal note, a standard reply inserted, the status after. */
export function TicketComposer(props: { ticket: Ticket; onSent: () => void }) {
  const t = text();
  const [kind, setKind] = useState<Kind>("reply");
  const [body, setBody] = useState("");
  const [after, setAfter] = useState<AfterStatus>("");
  const flash = useFlash(6000);
  const form = useSubmit(
    async () => {
      if (!body.trim()) throw new ApiError(422, "validation_failed", uiText().required, { body: uiText().required });
      return data(
        api.tickets[":id"].messages.$post({
          param: { id: props.ticket.id },
          json: { kind, body, ...(after ? { status: after } : {}) },
        }),
      );
    },
    (result) => {
      setBody("");
      setAfter("");
      flash.show(kind === "note" ? t.noted : result.outbound ? t.sent(result.outbound.toAddress) : t.sentNoMail);
      props.onSent();
    },
  );
  const statusOptions = [["", t.keep] as const, ...STATUSES.filter((s): s is Exclude<typeof s, "new"> => s !== "new").map((s) => [s, label("status", s)] as const)];
  return (
    <form class={`composer panel composer-${kind}`} onSubmit={form.submit} aria-label={t.composer} noValidate>
      <fieldset class="kind-switch">
        <legend>{t.kind}</legend>
        {(["reply", "note"] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="composer-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {k === "reply" ? t.reply : t.note}{" "}
            <small class="muted">{k === "reply" ? t.replyHint : t.noteHint}</small>
          </label>
        ))}
      </fieldset>
      <StandardReplyPicker ticketId={props.ticket.id} onInsert={(text) => setBody((before) => (before.trim() ? `${before.trimEnd()}\n\n${text}` : text))} />
      <Field label={t.body} error={form.fields.body}>
        {(id, describedBy) => (
          <textarea id={id} value={body} rows={6} maxLength={100_000} aria-invalid={form.fields.body ? true : undefined} aria-describedby={describedBy} onInput={(e) => setBody(e.currentTarget.value)} />
        )}
      </Field>
      <SelectField label={t.statusAfter} value={after} options={statusOptions} onChange={setAfter} error={form.fields.status} />
      <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error} label={kind === "reply" ? t.sendReply : t.addNote}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}

/** Choose a standard reply and insert it, its placeholders filled for this ticket, into the message. */
function StandardReplyPicker(props: { ticketId: string; onInsert: (text: string) => void }) {
  const t = text();
  const replies = useResource(() => data(api["standard-replies"].$get()), []);
  const [chosen, setChosen] = useState("");
  const insert = useSubmit(
    () => data(api["standard-replies"][":id"].render.$post({ param: { id: chosen }, json: { ticketId: props.ticketId } })),
    (rendered) => {
      props.onInsert(rendered.body);
      setChosen("");
    },
  );
  const items = replies.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div class="standard-reply row">
      <SelectField label={t.standardReply} value={chosen} options={[["", t.pickReply] as const, ...items.map((r) => [r.id, r.title] as const)]} onChange={setChosen} error={insert.error ?? undefined} />
      <button type="button" disabled={!chosen || insert.busy} onClick={() => void insert.submit()}>
        {insert.busy ? t.inserting : t.insert}
      </button>
    </div>
  );
}
