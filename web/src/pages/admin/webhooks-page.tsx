import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import { SelectField } from "../../ui/choice-fields";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { SecretOnce } from "../../ui/secret-once";
import { Loaded, useResource } from "../../ui/state";
import type { WebhookEvent, WebhookFormat } from "./admin-types";
import { labels, WEBHOOK_EVENTS, WEBHOOK_FORMATS } from "./admin-words";
import { SettingsPage } from "./settings-layout";
import { WebhookCard } from "./webhook-card";

const text = messages({
  en: {
    intro: "SLA warnings and breaches are posted to these URLs, signed with the webhook's secret (Kefu-Signature header). Failed deliveries are retried with backoff.",
    create: "Add a webhook",
    name: "Name",
    url: "URL",
    urlHint: "https; plain http only for localhost. A Slack incoming-webhook URL works with the Slack format.",
    format: "Format",
    events: "Events",
    createButton: "Add webhook",
    secret: (name: string) => `Signing secret of “${name}”`,
    empty: "No webhooks yet.",
  },
  "zh-CN": {
    intro: "SLA 预警和违约会推送到这些地址，并用 Webhook 的密钥签名（Kefu-Signature 请求头）。推送失败会按退避策略重试。",
    create: "添加 Webhook",
    name: "名称",
    url: "地址",
    urlHint: "必须使用 https；仅 localhost 可用 http。Slack 格式可直接使用 Slack Incoming Webhook 地址。",
    format: "格式",
    events: "事件",
    createButton: "添加 Webhook",
    secret: (name: string) => `“${name}”的签名密钥`,
    empty: "还没有 Webhook。",
  },
});

const loadWebhooks = () => data(api.webhooks.$get());

export function WebhooksPage() {
  const t = text();
  const w = labels();
  const resource = useResource(loadWebhooks);
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState<WebhookFormat>("json");
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const form = useSubmit(
    () => data(api.webhooks.$post({ json: { name, url, format, events } })),
    (r) => {
      setSecret({ name: r.webhook.name, secret: r.secret });
      setName("");
      setUrl("");
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
        <TextField label={t.name} value={name} onInput={setName} error={form.fields.name} required />
        <TextField label={t.url} hint={t.urlHint} type="url" value={url} onInput={setUrl} error={form.fields.url} required />
        <SelectField<WebhookFormat> label={t.format} value={format} options={WEBHOOK_FORMATS.map((f) => [f, w.format[f]] as const)} onChange={setFormat} error={form.fields.format} />
        <CheckGroup legend={t.events} options={WEBHOOK_EVENTS} labelOf={(e) => w.event[e]} value={events} onChange={setEvents} error={form.fields.events} />
        <FormFooter busy={form.busy} error={formError(form)} label={t.createButton} />
      </form>
    </SettingsPage>
  );
}
