import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { ConfirmButton } from "../../ui/confirm-button";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { SecretOnce } from "../../ui/secret-once";
import { Loaded, useResource } from "../../ui/state";
import type { TokenScope } from "./admin-types";
import { labels, SCOPES } from "./admin-words";
import { SettingsPage } from "./settings-layout";

const text = messages({
  en: {
    intro: "A token acts for you with the scope you choose (never more than your role allows). Send it as “Authorization: Bearer kefu_…”.",
    create: "Create a token",
    name: "Name",
    nameHint: "What it is for, e.g. “Order system”",
    scope: "Scope",
    createButton: "Create token",
    secret: (name: string) => `Your new token “${name}”`,
    tokens: "Tokens",
    prefix: "Starts with",
    created: "Created",
    lastUsed: "Last used",
    never: "Never",
    revoked: "Revoked",
    revoke: "Revoke",
    revokeQuestion: "Revoke? It stops working at once.",
    empty: "No tokens yet.",
  },
  "zh-CN": {
    intro: "令牌以您的身份、按您选择的权限范围访问 API（不超过您的角色权限）。使用方式：“Authorization: Bearer kefu_…”。",
    create: "创建令牌",
    name: "名称",
    nameHint: "用途，例如“订单系统”",
    scope: "权限范围",
    createButton: "创建令牌",
    secret: (name: string) => `新令牌“${name}”`,
    tokens: "令牌",
    prefix: "开头",
    created: "创建时间",
    lastUsed: "最近使用",
    never: "从未",
    revoked: "已撤销",
    revoke: "撤销",
    revokeQuestion: "确定撤销？令牌会立即失效。",
    empty: "还没有令牌。",
  },
});

const loadTokens = () => data(api["api-tokens"].$get());

export function TokensPage() {
  const t = text();
  const w = labels();
  const resource = useResource(loadTokens);
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScope>("read");
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const form = useSubmit(
    () => data(api["api-tokens"].$post({ json: { name, scope } })),
    (r) => {
      setSecret({ name: r.apiToken.name, token: r.token });
      setName("");
      resource.reload();
    },
  );
  return (
    <SettingsPage section="tokens" intro={t.intro}>
      {secret && <SecretOnce title={t.secret(secret.name)} value={secret.token} onDismiss={() => setSecret(null)} />}
      <form class="panel" onSubmit={form.submit} noValidate>
        <h2>{t.create}</h2>
        <div class="inline-form">
          <TextField label={t.name} hint={t.nameHint} value={name} onInput={setName} error={form.fields.name} required />
          <SelectField<TokenScope> label={t.scope} value={scope} options={SCOPES.map((s) => [s, w.scope[s]] as const)} onChange={setScope} error={form.fields.scope} />
        </div>
        <FormFooter busy={form.busy} error={formError(form)} label={t.createButton} />
      </form>
      <section class="panel">
        <h2>{t.tokens}</h2>
        <Loaded resource={resource} empty={(r) => r.items.length === 0} emptyText={t.empty}>
          {({ items }) => (
            <div class="table-wrap">
              <table class="wide-table">
                <thead>
                  <tr>
                    <th>{t.name}</th>
                    <th>{t.prefix}</th>
                    <th>{t.scope}</th>
                    <th>{t.created}</th>
                    <th>{t.lastUsed}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {items.map((token) => (
                    <tr key={token.id}>
                      <td>{token.name}</td>
                      <td>
                        <code>{token.prefix}…</code>
                      </td>
                      <td>{w.scope[token.scope]}</td>
                      <td>{formatDateTime(token.createdAt)}</td>
                      <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t.never}</td>
                      <td>
                        {token.revokedAt ? (
                          <span class="badge">{t.revoked}</span>
                        ) : (
                          <ConfirmButton label={t.revoke} question={t.revokeQuestion} onConfirm={() => data(api["api-tokens"][":id"].$delete({ param: { id: token.id } })).then(resource.reload)} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
    </SettingsPage>
  );
}
