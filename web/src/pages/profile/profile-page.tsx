import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime } from "../../i18n";
import { session, signedIn } from "../../session";
import { SelectField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { Field, FormFooter, TextField, useSubmit } from "../../ui/form";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { profileText } from "./profile-text";
import { TwoFactorPanel } from "./two-factor-panel";
import { NotificationSettingsPanel } from "../../notifications/notification-settings";

/** Every signed-in user's own page: details, password, two-factor sign-in, sessions. */
export function ProfilePage() {
  const t = profileText();
  return (
    <div class="profile-page">
      <h1>{t.title}</h1>
      <DetailsForm />
      <PasswordForm />
      <TwoFactorPanel />
      <SessionsPanel />
      <NotificationSettingsPanel />
    </div>
  );
}

const ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

function DetailsForm() {
  const t = profileText();
  const me = session.value!.user;
  const [name, setName] = useState(me.name);
  const [language, setLanguage] = useState<"" | "en" | "zh-CN">(me.language ?? "");
  const [timeZone, setTimeZone] = useState(me.timeZone ?? "");
  const [signature, setSignature] = useState(me.signature);
  const flash = useFlash();
  const form = useSubmit(
    async () => {
      await data(api.me.$patch({ json: { name: name.trim(), language: language || null, timeZone: timeZone.trim() || null, signature } }));
      await signedIn();
    },
    () => flash.show(uiText().saved),
  );
  return (
    <section class="panel">
      <h2>{t.details}</h2>
      <form onSubmit={form.submit} noValidate>
        <TextField label={t.name} value={name} onInput={setName} error={form.fields.name} autoComplete="name" required />
        <SelectField label={t.language} value={language} options={[["", t.languageNone], ["en", "English"], ["zh-CN", "简体中文"]]} onChange={setLanguage} error={form.fields.language} />
        <Field label={t.timeZone} hint={t.timeZoneHint} error={form.fields.timeZone}>
          {(id, describedBy) => (
            <>
              <input id={id} list={`${id}-zones`} value={timeZone} placeholder="Asia/Shanghai" aria-invalid={form.fields.timeZone ? true : undefined} aria-describedby={describedBy} onInput={(e) => setTimeZone(e.currentTarget.value)} />
              <datalist id={`${id}-zones`}>
                {ZONES.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t.signature} hint={t.signatureHint} error={form.fields.signature}>
          {(id, describedBy) => <textarea id={id} rows={4} maxLength={2000} value={signature} aria-describedby={describedBy} onInput={(e) => setSignature(e.currentTarget.value)} />}
        </Field>
        <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error}>
          <Flash message={flash.message} />
        </FormFooter>
      </form>
    </section>
  );
}

function PasswordForm() {
  const t = profileText();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const flash = useFlash(8000);
  const form = useSubmit(
    () => data(api.me.$patch({ json: { currentPassword, newPassword } })),
    () => {
      setCurrent("");
      setNew("");
      flash.show(t.passwordChanged);
    },
  );
  return (
    <section class="panel">
      <h2>{t.password}</h2>
      <form onSubmit={form.submit} noValidate>
        <TextField label={t.currentPassword} type="password" value={currentPassword} onInput={setCurrent} error={form.fields.currentPassword} autoComplete="current-password" required />
        <TextField label={t.newPassword} hint={t.newPasswordHint} type="password" value={newPassword} onInput={setNew} error={form.fields.newPassword} autoComplete="new-password" required />
        <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error} label={t.changePassword}>
          <Flash message={flash.message} />
        </FormFooter>
      </form>
    </section>
  );
}

function SessionsPanel() {
  const t = profileText();
  const sessions = useResource(() => data(api.me.sessions.$get()), []);
  const flash = useFlash();
  const signOut = useSubmit(
    () => data(api.me.sessions.$delete()),
    () => {
      flash.show(t.signedOutOthers);
      sessions.reload();
    },
  );
  return (
    <section class="panel">
      <h2>{t.sessions}</h2>
      <Loaded resource={sessions}>
        {({ items }) => (
          <ul class="session-list">
            {items.map((s) => (
              <li key={s.id}>
                {t.session(formatDateTime(s.createdAt), formatDateTime(s.expiresAt))}
                {s.current && <strong> ({t.thisSession})</strong>}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form onSubmit={signOut.submit}>
        <FormFooter busy={signOut.busy} error={signOut.error} label={t.signOutOthers}>
          <Flash message={flash.message} />
        </FormFooter>
      </form>
    </section>
  );
}
