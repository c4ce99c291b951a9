import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { FormFooter, useSubmit } from "../../ui/form";
import { SecretOnce } from "../../ui/secret-once";
import { uiText } from "../../ui/text";
import { conflictOf, useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { ifMatchOf } from "../../versioning";
import type { Webhook } from "./admin-types";
import { labels } from "./admin-words";
import { formError } from "./field-errors";
import { WebhookDeliveries } from "./webhook-deliveries";
import { webhookFieldLabels, WebhookFields, type WebhookDraft } from "./webhook-fields";

const text = messages({
  en: {
    active: "Active",
    inactive: "Inactive",
    activate: "Activate",
    deactivate: "Deactivate",
    secretHint: (hint: string) => `Signing secret ${hint}`,
    rotate: "Rotate secret",
    rotateQuestion: "Replace the secret? The receiver must switch to the new one.",
    newSecret: "The new signing secret",
    test: "Send test",
    testResult: (status: string, code: string) => `Test delivery: ${status}${code}`,
    showDeliveries: "Recent deliveries",
    hideDeliveries: "Hide deliveries",
    edit: "Edit",
    editTitle: (name: string) => `Edit “${name}”`,
    saved: "Webhook saved.",
  },
  "zh-CN": {
    active: "已启用",
    inactive: "已停用",
    activate: "启用",
    deactivate: "停用",
    secretHint: (hint: string) => `签名密钥 ${hint}`,
    rotate: "更换密钥",
    rotateQuestion: "确定更换密钥？接收方需要改用新密钥。",
    newSecret: "新的签名密钥",
    test: "发送测试",
    testResult: (status: string, code: string) => `测试推送：${status}${code}`,
    showDeliveries: "最近的推送",
    hideDeliveries: "收起推送记录",
    edit: "编辑",
    editTitle: (name: string) => `编辑“${name}”`,
    saved: "Webhook 已保存。",
  },
});

const statusWords = messages({ en: { queued: "queued", sent: "sent", failed: "failed" }, "zh-CN": { queued: "排队中", sent: "已送达", failed: "失败" } });

/** One webhook: its settings at a glance, edit, activate, rotate (secret shown once), test, deliveries, delete. */
export function WebhookCard(props: { webhook: Webhook; onChanged: () => void }) {
  const t = text();
  const ui = uiText();
  const w = labels();
  const h = props.webhook;
  const [secret, setSecret] = useState<string | null>(null);
  const [showLog, setShowLog] = useState(false);
  const [version, setVersion] = useState(0);
  const [testResult, setTestResult] = useState<string | null>(null);
  const [draft, setDraft] = useState<WebhookDraft | null>(null);
  const [saved, setSaved] = useState(false);
  const versioned = useVersionedSave<Webhook, WebhookDraft>(h, ["name", "url", "format", "events"], (json, ifMatch) =>
    data(api.webhooks[":id"].$patch({ param: { id: h.id }, header: { "if-match": ifMatch }, json })),
  );
  const edited = () => {
    setDraft(null);
    setSaved(true);
    props.onChanged();
  };
  const edit = useSubmit(() => versioned.save(draft!), edited);
  // One click, with If-Match: a webhook someone changed meanwhile is shown again, with the reason.
  const toggle = useSubmit(
    () =>
      data(api.webhooks[":id"].$patch({ param: { id: h.id }, header: { "if-match": ifMatchOf(h) }, json: { active: !h.active } })).catch((error: unknown) => {
        if (conflictOf(error)) props.onChanged();
        throw error;
      }),
    props.onChanged,
  );
  const test = useSubmit(
    () => data(api.webhooks[":id"].test.$post({ param: { id: h.id } })),
    (d) => {
      setTestResult(t.testResult(statusWords()[d.status], d.responseStatus ? ` (HTTP ${d.responseStatus})` : d.lastError ? ` (${d.lastError})` : ""));
      setVersion((v) => v + 1);
      setShowLog(true);
    },
  );
  return (
    <article class="panel">
      <header class="card-head">
        <h2>{h.name}</h2>
        <span class="row">
          <span class={`badge ${h.active ? "ok" : ""}`}>{h.active ? t.active : t.inactive}</span>
          <span class="badge">{w.format[h.format]}</span>
        </span>
      </header>
      <p>
        <code class="url">{h.url}</code>
      </p>
      <p class="muted">
        {h.events.map((e) => w.event[e]).join(" · ")} · {t.secretHint(h.secretHint)}
      </p>
      {secret && <SecretOnce title={t.newSecret} value={secret} onDismiss={() => setSecret(null)} />}
      {draft && (
        <form class="webhook-edit" onSubmit={edit.submit} noValidate>
          <h3>{t.editTitle(h.name)}</h3>
          <WebhookFields draft={draft} onChange={setDraft} fields={edit.fields} />
          <VersionConflictView
            save={versioned}
            labels={webhookFieldLabels()}
            show={(field, value) => (field === "format" ? w.format[value as Webhook["format"]] : field === "events" ? (value as Webhook["events"]).map((e) => w.event[e]).join(", ") : undefined)}
            onSaved={edited}
            onKeepTheirs={(current) => setDraft({ name: current.name, url: current.url, format: current.format, events: [...current.events] })}
          />
          <FormFooter busy={edit.busy} error={versioned.conflict ? null : formError(edit)}>
            <button type="button" onClick={() => setDraft(null)}>
              {ui.cancel}
            </button>
          </FormFooter>
        </form>
      )}
      {saved && !draft && (
        <p class="notice ok" role="status">
          {t.saved}
        </p>
      )}
      <div class="row">
        {!draft && (
          <button
            type="button"
            onClick={() => {
              setSaved(false);
              setDraft({ name: h.name, url: h.url, format: h.format, events: [...h.events] });
            }}
          >
            {t.edit}
          </button>
        )}
        <button type="button" disabled={test.busy} onClick={() => void test.submit()}>
          {t.test}
        </button>
        <button type="button" disabled={toggle.busy} onClick={() => void toggle.submit()}>
          {h.active ? t.deactivate : t.activate}
        </button>
        <ConfirmButton
          label={t.rotate}
          question={t.rotateQuestion}
          onConfirm={async () => {
            const r = await data(api.webhooks[":id"]["rotate-secret"].$post({ param: { id: h.id } }));
            setSecret(r.secret);
            props.onChanged(); // the webhook's version moved: the next one-click change must carry the new one
          }}
        />
        <button type="button" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
          {showLog ? t.hideDeliveries : t.showDeliveries}
        </button>
        <ConfirmButton label={ui.delete} onConfirm={() => data(api.webhooks[":id"].$delete({ param: { id: h.id } })).then(props.onChanged)} />
      </div>
      {testResult && (
        <p class="notice" role="status">
          {testResult}
        </p>
      )}
      {(test.error || toggle.error) && (
        <p class="notice error" role="alert">
          {test.error ?? toggle.error}
        </p>
      )}
      {showLog && <WebhookDeliveries webhookId={h.id} version={version} />}
    </article>
  );
}
