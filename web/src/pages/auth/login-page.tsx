import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { signedIn } from "../../session";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { AuthFrame } from "./auth-frame";
import { authText } from "./auth-text";
import { AuthenticatorKey, RecoveryCodes } from "./two-factor-parts";

interface Challenge {
  twoFactor: "verify" | "enrol";
  challenge: string;
  enrolment: { secret: string; otpauthUri: string } | null;
}

export function LoginPage() {
  const t = authText();
  const [workspace, setWorkspace] = useState(localStorage.getItem("kefu.workspace") ?? "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const finish = async () => {
    localStorage.setItem("kefu.workspace", workspace.trim());
    await signedIn();
  };
  const form = useSubmit(async () => {
    const result = await data(api.auth.login.$post({ json: { workspace: workspace.trim(), email: email.trim(), password } }));
    if ("challenge" in result) setChallenge(result);
    else await finish();
  });
  if (challenge) return <SecondStep challenge={challenge} onBack={() => setChallenge(null)} onDone={finish} />;
  return (
    <AuthFrame title={t.signIn}>
      <form onSubmit={form.submit} noValidate>
        <TextField label={t.workspace} hint={t.workspaceHint} value={workspace} onInput={setWorkspace} error={form.fields.workspace} autoComplete="organization" required />
        <TextField label={t.email} type="email" value={email} onInput={setEmail} error={form.fields.email} autoComplete="username" required />
        <TextField label={t.password} type="password" value={password} onInput={setPassword} error={form.fields.password} autoComplete="current-password" required />
        <FormFooter busy={form.busy} error={form.error} label={t.signIn} />
      </form>
      <p>
        <a href="/forgot-password">{t.forgot}</a>
      </p>
      <p>
        {t.noAccount} <a href="/signup">{t.createOne}</a>
      </p>
    </AuthFrame>
  );
}

/** The second step: a code (or a recovery code); when enrolling, the new key first and the recovery codes after. */
function SecondStep(props: { challenge: Challenge; onBack: () => void; onDone: () => Promise<void> }) {
  const t = authText();
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const { enrolment } = props.challenge;
  const form = useSubmit(async () => {
    const result = await data(api.auth.login["two-factor"].$post({ json: { challenge: props.challenge.challenge, code: code.trim() } }));
    if (result.recoveryCodes) setRecovery(result.recoveryCodes);
    else await props.onDone();
  });
  if (recovery)
    return (
      <AuthFrame title={t.twoFactorTitle}>
        <RecoveryCodes codes={recovery} onDone={() => void props.onDone()} />
      </AuthFrame>
    );
  return (
    <AuthFrame title={t.twoFactorTitle}>
      {enrolment && (
        <>
          <p>{t.enrolIntro}</p>
          <AuthenticatorKey secret={enrolment.secret} otpauthUri={enrolment.otpauthUri} />
        </>
      )}
      <form onSubmit={form.submit} noValidate>
        <TextField label={t.code} hint={enrolment ? t.enrolCodeHint : t.codeHint} value={code} onInput={setCode} error={form.fields.code} autoComplete="one-time-code" required />
        <FormFooter busy={form.busy} error={form.fields.code ? null : form.error} label={t.verify} />
      </form>
      <p>
        <button type="button" onClick={props.onBack}>
          {t.backToSignIn}
        </button>
      </p>
    </AuthFrame>
  );
}
