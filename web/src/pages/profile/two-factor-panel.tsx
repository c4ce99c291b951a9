import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { session, signedIn } from "../../session";
import { CheckboxField } from "../../ui/choice-fields";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { conflictOf } from "../../ui/versioned-save";
import { ifMatchOf } from "../../versioning";
import { AuthenticatorKey, RecoveryCodes } from "../auth/two-factor-parts";
import { profileText } from "./profile-text";

/** Turning two-factor sign-in on (key, confirming code, recovery codes) or off; the owner's workspace-wide requirement. */
export function TwoFactorPanel() {
  const t = profileText();
  const me = session.value!;
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const flash = useFlash();
  const start = useSubmit(() => data(api.me["two-factor"].$post()), setEnrolment);
  const confirm = useSubmit(
    () => data(api.me["two-factor"].confirm.$post({ json: { code: code.trim() } })),
    (result) => {
      setEnrolment(null);
      setCode("");
      setRecovery(result.recoveryCodes);
    },
  );
  const disable = useSubmit(
    async () => {
      await data(api.me["two-factor"].disable.$post({ json: { code: code.trim() } }));
      await signedIn();
    },
    () => {
      setCode("");
      flash.show(t.turnedOff);
    },
  );
  const [requireError, setRequireError] = useState<string | undefined>();
  const setRequired = async (required: boolean) => {
    setRequireError(undefined);
    try {
      // A one-click switch: a workspace changed meanwhile is read again, with the reason shown.
      await data(api.workspace.$patch({ header: { "if-match": ifMatchOf(me.workspace) }, json: { requireTwoFactor: required } }));
      await signedIn();
    } catch (error) {
      setRequireError(error instanceof ApiError ? (error.fields.requireTwoFactor ?? error.message) : String(error));
      if (conflictOf(error)) await signedIn();
    }
  };
  const enabled = me.user.twoFactorEnabled;
  return (
    <section class="panel">
      <h2>{t.twoFactor}</h2>
      {recovery ? (
        <RecoveryCodes
          codes={recovery}
          onDone={() => {
            setRecovery(null);
            void signedIn();
          }}
        />
      ) : enabled ? (
        <>
          <p>{t.twoFactorOn}</p>
          <form onSubmit={disable.submit} noValidate>
            <TextField label={t.code} hint={t.turnOffHint} value={code} onInput={setCode} error={disable.fields.code} autoComplete="one-time-code" required />
            <FormFooter busy={disable.busy} error={disable.fields.code ? null : disable.error} label={t.turnOff} />
          </form>
        </>
      ) : enrolment ? (
        <>
          <p>{t.enrolIntro}</p>
          <AuthenticatorKey secret={enrolment.secret} otpauthUri={enrolment.otpauthUri} />
          <form onSubmit={confirm.submit} noValidate>
            <TextField label={t.code} value={code} onInput={setCode} error={confirm.fields.code} autoComplete="one-time-code" required />
            <FormFooter busy={confirm.busy} error={confirm.fields.code ? null : confirm.error} label={t.confirm}>
              <button type="button" onClick={() => setEnrolment(null)}>
                {t.cancelEnrol}
              </button>
            </FormFooter>
          </form>
        </>
      ) : (
        <>
          <p>{t.twoFactorOff}</p>
          <form onSubmit={start.submit}>
            <FormFooter busy={start.busy} error={start.error} label={t.turnOn}>
              <Flash message={flash.message} />
            </FormFooter>
          </form>
        </>
      )}
      {me.user.role === "owner" && (
        <CheckboxField
          label={t.requireForAll}
          hint={t.requireHint}
          checked={me.workspace.requireTwoFactor}
          onChange={(checked) => void setRequired(checked)}
          error={requireError}
        />
      )}
    </section>
  );
}
