import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { Field } from "../../ui/form";
import "./logo-upload.css";

const text = messages({
  en: {
    upload: "Upload a logo",
    hint: "PNG, JPEG or WebP, at most 512 KB (SVG is not accepted). Shown instead of the logo URL.",
    current: "Uploaded logo",
    remove: "Remove uploaded logo",
    uploaded: "Logo uploaded.",
    removed: "Uploaded logo removed.",
    working: "Uploading…",
  },
  "zh-CN": {
    upload: "上传标志",
    hint: "PNG、JPEG 或 WebP 格式，不超过 512 KB（不接受 SVG）。上传后将代替标志图片链接显示。",
    current: "已上传的标志",
    remove: "删除已上传的标志",
    uploaded: "标志已上传。",
    removed: "已删除上传的标志。",
    working: "正在上传…",
  },
});

/** The file's bytes as base64 (what PUT /workspace/logo takes). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Upload or remove the workspace's logo image (admins); the server checks its type by its bytes and its size. */
export function LogoUpload(props: { name: string; logoImageUrl: string | null; onChanged: () => void }) {
  const t = text();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function run(work: () => Promise<unknown>, said: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(said);
      props.onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  const upload = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void run(async () => {
      await data(api.workspace.logo.$put({ json: { contentType: file.type || "application/octet-stream", data: await base64Of(file) } }));
      input.value = "";
    }, t.uploaded);
  };

  return (
    <div class="logo-upload">
      <Field label={t.upload} hint={t.hint} error={error ?? undefined}>
        {(id, describedBy) => <input id={id} type="file" name="logo" accept="image/png,image/jpeg,image/webp" disabled={busy} onChange={upload} aria-describedby={describedBy} />}
      </Field>
      {busy && <p class="muted">{t.working}</p>}
      {done && (
        <p class="notice ok" role="status">
          {done}
        </p>
      )}
      {props.logoImageUrl && (
        <p class="brand-preview">
          <img src={props.logoImageUrl} alt={t.current} height={40} /> <strong>{props.name}</strong>{" "}
          <button type="button" disabled={busy} onClick={() => void run(() => data(api.workspace.logo.$delete()), t.removed)}>
            {t.remove}
          </button>
        </p>
      )}
    </div>
  );
}
