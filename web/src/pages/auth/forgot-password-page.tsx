import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { locale } from "../../i18n";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { AuthFrame } from "./auth-frame";
import { authText } from "./auth-text";

/** "Forgot password?": asks for a reset link; the answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const t = authText();
  const [workspace, setWorkspace] = useState(localStorage.getItem("kefu.workspace") ?? "");
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const form = useSubmit(async () => {
    await data(api.auth["password-reset"].$post({ json: { workspace: workspace.trim(), email: email.trim(), language: locale.value } }));
    setSent(true);
  });
  return (
    <AuthFrame title={t.forgotTitle}>
      {sent ? (
        <p class="notice" role="status">
          {t.forgotSent}
        </p>
      ) : (
        <>
          <p>{t.forgotIntro}</p>
          <form onSubmit={form.submit} noValidate>
            <TextField label={t.workspace} hint={t.workspaceHint} value={workspace} onInput={setWorkspace} error={form.fields.workspace} autoComplete="organization" required />
            <TextField label={t.email} type="email" value={email} onInput={setEmail} error={form.fields.email} autoComplete="username" required />
            <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error} label={t.sendLink} />
          </form>
        </>
      )}
      <p>
        <a href="/login">{t.backToSignIn}</a>
      </p>
    </AuthFrame>
  );
}
