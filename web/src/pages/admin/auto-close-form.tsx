import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckboxField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import type { SlaSettings } from "./admin-types";

const text = messages({
  en: { title: "Closing solved tickets", enabled: "Close solved tickets automatically", days: "Days after the solve", hint: "A closed ticket cannot be reopened; a new message starts a new ticket." },
  "zh-CN": { title: "关闭已解决的工单", enabled: "自动关闭已解决的工单", days: "解决后的天数", hint: "已关闭的工单不能重新打开；新邮件会创建新工单。" },
});

/** The auto-close delay (PUT /sla-settings keeps the default calendar as it is). */
export function AutoCloseForm(props: { settings: SlaSettings; onSaved: () => void }) {
  const t = text();
  const ui = uiText();
  const [enabled, setEnabled] = useState(props.settings.autoCloseDays !== null);
  const [days, setDays] = useState(String(props.settings.autoCloseDays ?? 7));
  const flash = useFlash();
  const form = useSubmit(
    () => data(api["sla-settings"].$put({ json: { defaultCalendarId: props.settings.defaultCalendarId, autoCloseDays: enabled ? (days.trim() === "" ? Number.NaN : Number(days)) : null } })),
    () => {
      flash.show(ui.saved);
      props.onSaved();
    },
  );
  return (
    <form class="panel" onSubmit={form.submit} noValidate>
      <h2>{t.title}</h2>
      <CheckboxField label={t.enabled} hint={t.hint} checked={enabled} onChange={setEnabled} />
      {enabled && <TextField label={t.days} type="number" value={days} onInput={setDays} error={form.fields.autoCloseDays} />}
      <FormFooter busy={form.busy} error={formError(form)}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
