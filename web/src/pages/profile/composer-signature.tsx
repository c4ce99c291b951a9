import { useEffect, useState } from "preact/hooks";
import { messages } from "../../i18n";
import { session } from "../../session";

const text = messages({
  en: { include: "Add my signature", signature: "Signature (for this reply; your profile keeps the default)" },
  "zh-CN": { include: "添加我的签名", signature: "签名（仅本次回复；默认签名在个人资料中）" },
});

/** The signed-in agent's signature for one reply: shown and editable in the composer, on by default when the profile has one. */
export function useComposerSignature(ticketId: string) {
  const fromProfile = session.value?.user.signature.trim() ?? "";
  const [value, setValue] = useState(fromProfile);
  const [include, setInclude] = useState(fromProfile !== "");
  useEffect(() => {
    setValue(fromProfile);
    setInclude(fromProfile !== "");
  }, [ticketId, fromProfile]);
  return { value, setValue, include, setInclude, text: include ? value : "", reset: () => setValue(fromProfile) };
}

export function ComposerSignature(props: { signature: ReturnType<typeof useComposerSignature> }) {
  const t = text();
  const { signature } = props;
  return (
    <div class="composer-signature">
      <label>
        <input type="checkbox" checked={signature.include} onChange={(e) => signature.setInclude(e.currentTarget.checked)} /> {t.include}
      </label>
      {signature.include && (
        <label class="field">
          <span class="visually-hidden">{t.signature}</span>
          <textarea aria-label={t.signature} rows={3} maxLength={2_000} value={signature.value} onInput={(e) => signature.setValue(e.currentTarget.value)} />
        </label>
      )}
    </div>
  );
}
