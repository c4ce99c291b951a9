import { useState } from "preact/hooks";
import { api, data } from "../api";
import { CheckGroup } from "../ui/check-group";
import { Flash, useFlash } from "../ui/flash";
import { FormFooter, useSubmit } from "../ui/form";
import { Loaded, useResource } from "../ui/state";
import { uiText } from "../ui/text";
import { notificationText, type Kind } from "./notification-text";

const KINDS: readonly Kind[] = ["new_ticket", "assigned", "customer_replied", "mention", "sla_warning", "sla_breach", "bad_rating"];

/** The profile's section: which notifications also come by email (in-app ones always show). */
export function NotificationSettingsPanel() {
  const settings = useResource(() => data(api.me["notification-settings"].$get()), []);
  return (
    <section class="panel">
      <h2>{notificationText().settings}</h2>
      <Loaded resource={settings}>{({ email }) => <EmailForm initial={KINDS.filter((k) => email[k])} />}</Loaded>
    </section>
  );
}

function EmailForm(props: { initial: Kind[] }) {
  const t = notificationText();
  const [on, setOn] = useState<Kind[]>(props.initial);
  const flash = useFlash();
  const form = useSubmit(
    () => data(api.me["notification-settings"].$put({ json: { email: Object.fromEntries(KINDS.map((k) => [k, on.includes(k)])) as Record<Kind, boolean> } })),
    () => flash.show(uiText().saved),
  );
  return (
    <form onSubmit={form.submit} noValidate>
      <CheckGroup legend={t.emailLegend} hint={t.settingsHint} options={KINDS} labelOf={t.kind} value={on} onChange={setOn} />
      <FormFooter busy={form.busy} error={form.error}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}
