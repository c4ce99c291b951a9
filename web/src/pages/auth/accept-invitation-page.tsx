import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, data } from "../../api";
import { signedIn } from "../../session";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { AuthFrame } from "./auth-frame";
import { authText } from "./auth-text";

export function AcceptInvitationPage() {
  const t = authText();
  const { route } = useLocation();
  const token = new URLSearchParams(location.search).get("token");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const form = useSubmit(async () => {
    const accepted = await data(api.auth["accept-invitation"].$post({ json: { token: token ?? "", name: name.trim(), password } }));
    localStorage.setItem("kefu.workspace", accepted.workspace.slug);
    await signedIn();
    route("/");
  });
  if (!token)
    return (
      <AuthFrame title={t.acceptTitle}>
        <p class="notice error">{t.missingToken}</p>
      </AuthFrame>
    );
  return (
    <AuthFrame title={t.acceptTitle}>
      <form onSubmit={form.submit} noValidate>
        <TextField label={t.yourName} value={name} onInput={setName} error={form.fields.name} autoComplete="name" required />
        <TextField label={t.password} hint={t.passwordHint} type="password" value={password} onInput={setPassword} error={form.fields.password} autoComplete="new-password" required />
        <FormFooter busy={form.busy} error={form.error} label={t.acceptButton} />
      </form>
    </AuthFrame>
  );
}
