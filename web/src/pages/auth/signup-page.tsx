import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, data } from "../../api";
import { locale } from "../../i18n";
import { signedIn } from "../../session";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { formError } from "../admin/field-errors";
import { AuthFrame } from "./auth-frame";
import { authText } from "./auth-text";

/** A slug from a company name: "Acme Tea Co." → "acme-tea-co". */
const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);

export function SignupPage() {
  const t = authText();
  const { route } = useLocation();
  const [tenantName, setTenantName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useSubmit(async () => {
    // The language the form is in names the default groups and becomes the owner's.
    await data(api.signup.$post({ json: { tenantName: tenantName.trim(), slug, name: name.trim(), email: email.trim(), password, language: locale.value } }));
    localStorage.setItem("kefu.workspace", slug);
    await signedIn();
    route("/setup");
  });
  return (
    <AuthFrame title={t.signUp}>
      <form onSubmit={form.submit} noValidate>
        <TextField
          label={t.company}
          value={tenantName}
          onInput={(v) => {
            setTenantName(v);
            if (!slugEdited) setSlug(slugOf(v));
          }}
          error={form.fields.tenantName}
          autoComplete="organization"
          required
        />
        <TextField
          label={t.workspace}
          hint={t.workspaceHint}
          value={slug}
          onInput={(v) => {
            setSlug(v);
            setSlugEdited(true);
          }}
          error={form.fields.slug}
          required
        />
        <TextField label={t.yourName} value={name} onInput={setName} error={form.fields.name} autoComplete="name" required />
        <TextField label={t.email} type="email" value={email} onInput={setEmail} error={form.fields.email} autoComplete="email" required />
        <TextField label={t.password} hint={t.passwordHint} type="password" value={password} onInput={setPassword} error={form.fields.password} autoComplete="new-password" required />
        <FormFooter busy={form.busy} error={formError(form)} label={t.signUp} />
      </form>
      <p>
        {t.haveAccount} <a href="/login">{t.signIn}</a>
      </p>
    </AuthFrame>
  );
}
