import { CopyButton, CopyValue } from "../../ui/copy-button";
import { authText } from "./auth-text";

/** A new authenticator's key: the base32 secret to type and the otpauth:// link to open on the phone. */
export function AuthenticatorKey(props: { secret: string; otpauthUri: string }) {
  const t = authText();
  // Groups of four, as authenticator apps show keys.
  const grouped = props.secret.replace(/(.{4})(?=.)/g, "$1 ");
  return (
    <div class="authenticator-key">
      <p>
        {t.setupKey}: <CopyValue value={grouped} />
      </p>
      <p>
        <a href={props.otpauthUri}>{t.setupLink}</a>
      </p>
    </div>
  );
}

/** The recovery codes, shown once after two-factor sign-in is turned on. */
export function RecoveryCodes(props: { codes: string[]; onDone: () => void }) {
  const t = authText();
  return (
    <div class="recovery-codes notice" role="alert">
      <strong>{t.recoveryTitle}</strong>
      <p>{t.recoveryIntro}</p>
      <ol>
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <CopyButton value={props.codes.join("\n")} />
      <p>
        <button type="button" class="primary" onClick={props.onDone}>
          {t.continue}
        </button>
      </p>
    </div>
  );
}
