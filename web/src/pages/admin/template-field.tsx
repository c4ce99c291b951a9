import { useRef } from "preact/hooks";
import { PLACEHOLDERS, renderTemplate, type Placeholder, type PlaceholderValues } from "../../../../workers/core/tickets/templates";
import { formatDateTime, messages } from "../../i18n";
import { session } from "../../session";
import { Field } from "../../ui/form";

const text = messages({
  en: {
    insert: "Insert a placeholder:",
    preview: "Preview with sample values",
    customer: "Li Wei",
    subject: "My order has not arrived",
    chip: (name: string, token: string) => `Insert ${name} (${token})`,
  },
  "zh-CN": {
    insert: "插入占位符：",
    preview: "示例预览",
    customer: "李伟",
    subject: "我的订单还没到",
    chip: (name: string, token: string) => `插入${name}（${token}）`,
  },
});

/** Each placeholder's name in the user's language, on its chip. */
const placeholderNames = messages<Record<Placeholder, string>>({
  en: {
    "customer.name": "Customer name",
    "customer.first_name": "Customer first name",
    "customer.email": "Customer email",
    "ticket.number": "Ticket number",
    "ticket.subject": "Ticket subject",
    "agent.name": "Your name",
    "workspace.name": "Workspace name",
    "sla.first_reply_due": "First reply due",
  },
  "zh-CN": {
    "customer.name": "客户姓名",
    "customer.first_name": "客户名字",
    "customer.email": "客户邮箱",
    "ticket.number": "工单编号",
    "ticket.subject": "工单主题",
    "agent.name": "您的姓名",
    "workspace.name": "工作区名称",
    "sla.first_reply_due": "首次回复截止时间",
  },
});

/** Made-up values for previews: what a template looks like for a typical ticket. */
export function samplePlaceholderValues(): PlaceholderValues {
  const t = text();
  const me = session.value;
  return {
    "customer.name": t.customer,
    "customer.first_name": t.customer.split(/\s+/)[0] ?? t.customer,
    "customer.email": "li.wei@example.com",
    "ticket.number": "#1042",
    "ticket.subject": t.subject,
    "agent.name": me?.user.name ?? "",
    "workspace.name": me?.workspace.name ?? "",
    "sla.first_reply_due": formatDateTime(new Date(Date.now() + 4 * 3600_000)),
  };
}

/** A template filled with the sample values. */
export const renderSample = (template: string) => renderTemplate(template, samplePlaceholderValues());

/** A template text area with chips, each a known placeholder by its name in the user's language, that insert it at the cursor. */
export function TemplateField(props: { label: string; value: string; onInput: (value: string) => void; error?: string | undefined; rows?: number; singleLine?: boolean }) {
  const t = text();
  const names = placeholderNames();
  const input = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const insert = (name: string) => {
    const element = input.current;
    const token = `{{${name}}}`;
    const start = element?.selectionStart ?? props.value.length;
    const end = element?.selectionEnd ?? props.value.length;
    props.onInput(props.value.slice(0, start) + token + props.value.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  return (
    <Field label={props.label} error={props.error}>
      {(id, describedBy) => (
        <>
          {props.singleLine ? (
            <input id={id} ref={input} value={props.value} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy} onInput={(e) => props.onInput(e.currentTarget.value)} />
          ) : (
            <textarea id={id} ref={input} rows={props.rows ?? 6} value={props.value} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy} onInput={(e) => props.onInput(e.currentTarget.value)} />
          )}
          <div class="placeholders" role="group" aria-label={`${props.label}: ${t.insert}`}>
            <small class="muted">{t.insert}</small>
            {PLACEHOLDERS.map((name) => (
              <button key={name} type="button" class="chip placeholder-chip" title={`{{${name}}}`} aria-label={t.chip(names[name], `{{${name}}}`)} onMouseDown={(e) => e.preventDefault()} onClick={() => insert(name)}>
                {names[name]} <code>{`{{${name}}}`}</code>
              </button>
            ))}
          </div>
        </>
      )}
    </Field>
  );
}

/** The sample rendering of a template, labelled. */
export function TemplatePreview(props: { subject?: string; body: string }) {
  const t = text();
  return (
    <figure class="template-preview">
      <figcaption>{t.preview}</figcaption>
      {props.subject !== undefined && <p class="preview-subject">{renderSample(props.subject)}</p>}
      <pre>{renderSample(props.body)}</pre>
    </figure>
  );
}
