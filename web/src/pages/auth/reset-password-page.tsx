import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { AuthFrame } from "./auth-frame";
import { authText } from "./auth-text";

/** The page a reset link opens: a new password, once. */
export function ResetPasswordPage() {
  const t = authText();
  const token = new URLSearchParams(location.search).get("token");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const form = useSubmit(async () => {
    await data(api.auth["password-reset"].confirm.$post({ json: { token: token ?? "", password } }));
    setDone(true);
  });
  if (!token)
    return (
      <AuthFrame title={t.resetTitle}>
        <p class="notice error">{t.missingResetToken}</p>
        <p>
          <a href="/forgot-password">{t.forgot}</a>
        </p>
      </AuthFrame>
    );
  return (
    <AuthFrame title={t.resetTitle}>
      {done ? (
        <p class="notice" role="status">
          {t.resetDone}
        </p>
      ) : (
        <form onSubmit={form.submit} noValidate>
          <TextField label={t.newPassword} hint={t.passwordHint} type="password" value={password} onInput={setPassword} error={form.fields.password ?? form.fields.token} autoComplete="new-password" required />
          <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error} label={t.resetButton} />
        </form>
      )}
      <p>
        <a href="/login">{t.backToSignIn}</a>
      </p>
    </AuthFrame>
  );
}
