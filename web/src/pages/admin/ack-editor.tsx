import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { CheckboxField } from "../../ui/choice-fields";
import type { SupportAddress } from "./admin-types";
import { TemplateField, TemplatePreview } from "./template-field";

const text = messages({
  en: {
    enabled: "Send an automatic acknowledgement to new tickets",
    enabledHint: "At most three per sender an hour, and never to automatic mail.",
    subject: "Subject",
    body: "Message",
  },
  "zh-CN": {
    enabled: "对新工单自动发送确认回复",
    enabledHint: "每个发件人每小时最多三封，且不会回复自动邮件。",
    subject: "主题",
    body: "正文",
  },
});

/** The acknowledgement template of one address, with a live preview filled with sample values. */
export function AckEditor(props: { address: SupportAddress; onSaved: () => void }) {
  const t = text();
  const ui = uiText();
  const [enabled, setEnabled] = useState(props.address.autoAckEnabled);
  const [subject, setSubject] = useState(props.address.autoAckSubject);
  const [body, setBody] = useState(props.address.autoAckBody);
  const flash = useFlash();
  const form = useSubmit(
    () => data(api["support-addresses"][":id"].$patch({ param: { id: props.address.id }, json: { autoAckEnabled: enabled, autoAckSubject: subject, autoAckBody: body } })),
    () => {
      flash.show(ui.saved);
      props.onSaved();
    },
  );
  return (
    <form class="ack-editor" onSubmit={form.submit} noValidate>
      <CheckboxField label={t.enabled} hint={t.enabledHint} checked={enabled} onChange={setEnabled} error={form.fields.autoAckEnabled} />
      <div class="split">
        <div>
          <TemplateField label={t.subject} singleLine value={subject} onInput={setSubject} error={form.fields.autoAckSubject} />
          <TemplateField label={t.body} rows={9} value={body} onInput={setBody} error={form.fields.autoAckBody} />
        </div>
        <TemplatePreview subject={subject} body={body} />
      </div>
      <FormFooter busy={form.busy} error={formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
