import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { signedIn } from "../../session";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { AuthFrame } from "./auth-frame";
import { authText } from "./auth-text";

export function LoginPage() {
  const t = authText();
  const [workspace, setWorkspace] = useState(localStorage.getItem("kefu.workspace") ?? "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useSubmit(async () => {
    await data(api.auth.login.$post({ json: { workspace: workspace.trim(), email: email.trim(), password } }));
    localStorage.setItem("kefu.workspace", workspace.trim());
    await signedIn();
  });
  return (
    <AuthFrame title={t.signIn}>
      <form onSubmit={form.submit} noValidate>
        <TextField label={t.workspace} hint={t.workspaceHint} value={workspace} onInput={setWorkspace} error={form.fields.workspace} autoComplete="organization" required />
        <TextField label={t.email} type="email" value={email} onInput={setEmail} error={form.fields.email} autoComplete="username" required />
        <TextField label={t.password} type="password" value={password} onInput={setPassword} error={form.fields.password} autoComplete="current-password" required />
        <FormFooter busy={form.busy} error={form.error} label={t.signIn} />
      </form>
      <p>
        {t.noAccount} <a href="/signup">{t.createOne}</a>
      </p>
    </AuthFrame>
  );
}
