import { messages } from "../../i18n";
import { session } from "../../session";

const text = messages({
  en: { insert: "Insert signature" },
  "zh-CN": { insert: "插入签名" },
});

/** Offers the signed-in user's signature (from their profile) to the composer; nothing when they have none. */
export function SignatureButton(props: { onInsert: (signature: string) => void }) {
  const signature = session.value?.user.signature.trim();
  if (!signature) return null;
  return (
    <button type="button" class="insert-signature" onClick={() => props.onInsert(signature)}>
      {text().insert}
    </button>
  );
}
