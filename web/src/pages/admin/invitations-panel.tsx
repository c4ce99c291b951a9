import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { ConfirmButton } from "../../ui/confirm-button";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { SecretOnce } from "../../ui/secret-once";
import type { Invitation } from "./admin-types";
import { labels } from "./admin-words";

const text = messages({
  en: {
    title: "Invitations",
    email: "Email",
    role: "Role",
    invite: "Send invitation",
    link: (email: string) => `Invitation link for ${email} (the email is on its way too; in local development it is only in the dev outbox)`,
    open: (until: string) => `Open until ${until}`,
    accepted: "Accepted",
    revoked: "Revoked",
    expired: "Expired",
    revoke: "Revoke",
    none: "No invitations yet.",
  },
  "zh-CN": {
    title: "邀请",
    email: "邮箱",
    role: "角色",
    invite: "发送邀请",
    link: (email: string) => `${email} 的邀请链接（邀请邮件也已发出；本地开发时只在开发发件箱中可见）`,
    open: (until: string) => `有效期至 ${until}`,
    accepted: "已接受",
    revoked: "已撤销",
    expired: "已过期",
    revoke: "撤销",
    none: "还没有邀请。",
  },
});

function stateOf(i: Invitation, t: ReturnType<typeof text>) {
  if (i.acceptedAt) return { label: t.accepted, tone: "ok", open: false };
  if (i.revokedAt) return { label: t.revoked, tone: "", open: false };
  if (new Date(i.expiresAt).getTime() < Date.now()) return { label: t.expired, tone: "", open: false };
  return { label: t.open(formatDateTime(i.expiresAt)), tone: "warn", open: true };
}

/** Invite by email with a role; the accept link is shown once; open invitations can be revoked. */
export function InvitationsPanel(props: { invitations: Invitation[]; onChanged: () => void }) {
  const t = text();
  const w = labels();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"admin" | "agent">("agent");
  const [sent, setSent] = useState<{ email: string; url: string } | null>(null);
  const form = useSubmit(
    () => data(api.invitations.$post({ json: { email, role } })),
    (r) => {
      setSent({ email: r.invitation.email, url: r.acceptUrl });
      setEmail("");
      props.onChanged();
    },
  );
  return (
    <section class="panel">
      <h2>{t.title}</h2>
      {sent && <SecretOnce title={t.link(sent.email)} value={sent.url} onDismiss={() => setSent(null)} />}
      <form onSubmit={form.submit} noValidate class="inline-form">
        <TextField label={t.email} type="email" value={email} onInput={setEmail} error={form.fields.email} required />
        <SelectField<"admin" | "agent"> label={t.role} value={role} options={[["agent", w.role.agent], ["admin", w.role.admin]]} onChange={setRole} error={form.fields.role} />
        <FormFooter busy={form.busy} error={formError(form)} label={t.invite} />
      </form>
      {props.invitations.length === 0 ? (
        <p class="empty">{t.none}</p>
      ) : (
        <ul class="plain-list">
          {props.invitations.map((i) => {
            const state = stateOf(i, t);
            return (
              <li key={i.id}>
                <span>
                  {i.email} · {w.role[i.role]}
                </span>
                <span class={`badge ${state.tone}`}>{state.label}</span>
                {state.open && <ConfirmButton label={t.revoke} onConfirm={() => data(api.invitations[":id"].$delete({ param: { id: i.id } })).then(props.onChanged)} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
