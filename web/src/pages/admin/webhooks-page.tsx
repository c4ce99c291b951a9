import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { FormFooter, useSubmit } from "../../ui/form";
import { SecretOnce } from "../../ui/secret-once";
import { Loaded, useResource } from "../../ui/state";
import { WEBHOOK_EVENTS } from "./admin-words";
import { SettingsPage } from "./settings-layout";
import { WebhookCard } from "./webhook-card";
import { WebhookFields, type WebhookDraft } from "./webhook-fields";

const text = messages({
  en: {
    intro: "SLA warnings and breaches are posted to these URLs, signed with the webhook's secret (Kefu-Signature header). Failed deliveries are retried with backoff.",
    create: "Add a webhook",
    createButton: "Add webhook",
    secret: (name: string) => `Signing secret of “${name}”`,
    empty: "No webhooks yet.",
  },
  "zh-CN": {
    intro: "SLA 预警和违约会推送到这些地址，并用 Webhook 的密钥签名（Kefu-Signature 请求头）。推送失败会按退避策略重试。",
    create: "添加 Webhook",
    createButton: "添加 Webhook",
    secret: (name: string) => `“${name}”的签名密钥`,
    empty: "还没有 Webhook。",
  },
});

const loadWebhooks = () => data(api.webhooks.$get());

export function WebhooksPage() {
  const t = text();
  const resource = useResource(loadWebhooks);
  const [draft, setDraft] = useState<WebhookDraft>({ name: "", url: "", format: "json", events: WEBHOOK_EVENTS.filter((e) => e.startsWith("sla.")) });
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const form = useSubmit(
    () => data(api.webhooks.$post({ json: draft })),
    (r) => {
      setSecret({ name: r.webhook.name, secret: r.secret });
      setDraft({ ...draft, name: "", url: "" });
      resource.reload();
    },
  );
  return (
    <SettingsPage section="webhooks" intro={t.intro}>
      {secret && <SecretOnce title={t.secret(secret.name)} value={secret.secret} onDismiss={() => setSecret(null)} />}
      <Loaded resource={resource} empty={(r) => r.items.length === 0} emptyText={t.empty}>
        {({ items }) => items.map((h) => <WebhookCard key={h.id} webhook={h} onChanged={resource.reload} />)}
      </Loaded>
      <form class="panel" onSubmit={form.submit} noValidate>
        <h2>{t.create}</h2>
        <WebhookFields draft={draft} onChange={setDraft} fields={form.fields} />
        <FormFooter busy={form.busy} error={formError(form)} label={t.createButton} />
      </form>
    </SettingsPage>
  );
}
