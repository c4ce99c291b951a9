import { useRef, useState } from "preact/hooks";
import type { JSX } from "preact";
import { ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { problemText } from "../../problem-text";
import { FILE_LINK_TTL_DAYS, MAIL_ATTACH_TOTAL_BYTES, MAX_FILES_PER_MESSAGE, planMailFiles, refusedUpload } from "../../../../workers/core/attachments/upload-rules";
import "./composer-attachments.css";

const text = messages({
  en: {
    attach: "Attach files",
    files: "Files to send",
    remove: (name: string) => `Remove ${name}`,
    uploading: (percent: number) => `uploading ${percent}%`,
    asLink: (days: number) => `too large to attach; the customer gets a download link valid ${days} days`,
    internal: "internal: only agents see it",
    dropHere: "Drop files to attach them",
    tooMany: `At most ${MAX_FILES_PER_MESSAGE} files a message.`,
    failed: (name: string, why: string) => `${name}: ${why}`,
    pasted: "pasted image",
    network: "the upload failed; check the connection and attach it again",
    wait: "Wait until the files have finished uploading.",
  },
  "zh-CN": {
    attach: "添加附件",
    files: "待发送的文件",
    remove: (name: string) => `移除 ${name}`,
    uploading: (percent: number) => `上传中 ${percent}%`,
    asLink: (days: number) => `太大，无法作为附件；客户将收到下载链接，${days} 天内有效`,
    internal: "内部：仅客服可见",
    dropHere: "松开即可添加附件",
    tooMany: `每条消息最多 ${MAX_FILES_PER_MESSAGE} 个文件。`,
    failed: (name: string, why: string) => `${name}：${why}`,
    pasted: "粘贴的图片",
    network: "上传失败，请检查网络后重新添加",
    wait: "请等待文件上传完成。",
  },
});

interface PendingFile {
  key: number;
  name: string;
  size: number;
  /** Set once the upload finished. */
  id: string | null;
  percent: number;
}

let nextKey = 0;

/**
 * The files of the message being written: each is uploaded as soon as it is chosen (button,
 * drag-and-drop, or an image pasted into the message), listed with its size and a remove button;
 * refused files are explained beside the composer in the user's language.
 */
export function useComposerAttachments() {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const count = useRef(0);
  count.current = files.length;

  const add = (chosen: File[]) => {
    const t = text();
    const words = problemText().codes;
    const problems: string[] = [];
    for (const file of chosen) {
      if (count.current >= MAX_FILES_PER_MESSAGE) {
        problems.push(t.tooMany);
        break;
      }
      const name = file.name || `${t.pasted}.${file.type.split("/")[1] ?? "png"}`;
      const refused = refusedUpload({ filename: name, contentType: file.type || "application/octet-stream", size: file.size });
      if (refused) {
        problems.push(t.failed(name, words[refused] ?? refused));
        continue;
      }
      const key = nextKey++;
      count.current++;
      setFiles((before) => [...before, { key, name, size: file.size, id: null, percent: 0 }]);
      const update = (patch: Partial<PendingFile>) => setFiles((before) => before.map((f) => (f.key === key ? { ...f, ...patch } : f)));
      uploadFile(file, name, (percent) => update({ percent }))
        .then((upload) => update({ id: upload.id, percent: 100 }))
        .catch((error: unknown) => {
          setFiles((before) => before.filter((f) => f.key !== key));
          setErrors((before) => [...before, t.failed(name, error instanceof Error ? error.message : String(error))]);
        });
    }
    setErrors(problems);
  };

  const remove = (key: number) => {
    const file = files.find((f) => f.key === key);
    setFiles((before) => before.filter((f) => f.key !== key));
    // Not sent: the server would delete it after a day anyway.
    if (file?.id) void fetch(`/api/v1/uploads/${file.id}`, { method: "DELETE", credentials: "same-origin" });
  };

  const handlers = {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes("Files")) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragLeave: () => setDragging(false),
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      setDragging(false);
      add([...e.dataTransfer.files]);
    },
    onPaste: (e: ClipboardEvent) => {
      const images = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith("image/"));
      if (!images.length) return;
      e.preventDefault();
      add(images);
    },
  };

  return {
    files,
    errors,
    dragging,
    add,
    remove,
    handlers,
    /** Every chosen file has finished uploading. */
    ready: files.every((f) => f.id !== null),
    ids: files.flatMap((f) => (f.id ? [f.id] : [])),
    clear: () => {
      setFiles([]);
      setErrors([]);
    },
  };
}

export type ComposerFiles = ReturnType<typeof useComposerAttachments>;

/** Refuses to send while a file is still uploading (it would be left out). */
export function assertFilesReady(files: ComposerFiles) {
  if (!files.ready) throw new ApiError(409, "uploads_pending", text().wait);
}

/** The attach button, the list of files with their sizes, upload progress and remove buttons, and refusals. */
export function ComposerAttachments(props: { files: ComposerFiles; kind: "reply" | "note" }): JSX.Element {
  const t = text();
  const input = useRef<HTMLInputElement>(null);
  const { files, errors, dragging } = props.files;
  const plan = planMailFiles(files.map((f) => f.size), MAIL_ATTACH_TOTAL_BYTES);
  return (
    <div class={`composer-files${dragging ? " dragging" : ""}`}>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          props.files.add([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = "";
        }}
      />
      <button type="button" class="attach-button" onClick={() => input.current?.click()}>
        📎 {t.attach}
      </button>
      {dragging && <span class="drop-hint">{t.dropHere}</span>}
      {files.length > 0 && (
        <ul class="pending-files" aria-label={t.files}>
          {files.map((f, i) => (
            <li key={f.key}>
              <span class="file-name">{f.name}</span> <span class="muted">({formatSize(f.size)})</span>
              {f.id === null && (
                <progress max={100} value={f.percent} aria-label={t.uploading(f.percent)}>
                  {t.uploading(f.percent)}
                </progress>
              )}
              {props.kind === "note" ? <small class="muted"> — {t.internal}</small> : plan[i] === "link" ? <small class="as-link"> — {t.asLink(FILE_LINK_TTL_DAYS)}</small> : null}
              <button type="button" class="link remove-file" aria-label={t.remove(f.name)} onClick={() => props.files.remove(f.key)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {errors.length > 0 && (
        <ul class="file-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const formatSize = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** POST /uploads with the file's bytes, reporting progress (fetch cannot); errors worded like every API error. */
function uploadFile(file: File, name: string, onProgress: (percent: number) => void): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/uploads?filename=${encodeURIComponent(name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((100 * e.loaded) / e.total));
    xhr.onerror = () => reject(new Error(text().network));
    xhr.onload = () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { "Content-Type": xhr.getResponseHeader("Content-Type") ?? "application/json" } });
      data(Promise.resolve(response) as never).then((body) => resolve(body as { id: string }), reject);
    };
    xhr.send(file);
  });
}
