import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { isAdmin } from "../../session";
import type { Customer } from "./agent-api";

const text = messages({
  en: {
    title: "Customer data",
    hint: "Export everything the workspace holds about this customer, or erase their personal data (the tickets stay, emptied, for the reports).",
    export: "Export data (JSON)",
    erase: "Erase personal data…",
    confirmLabel: (what: string) => `This cannot be undone. Type ${what} to confirm:`,
    confirm: "Erase now",
    cancel: "Cancel",
    erased: (tickets: number, messages: number, files: number) => `Erased: ${tickets} tickets emptied, ${messages} messages, ${files} stored files.`,
  },
  "zh-CN": {
    title: "客户数据",
    hint: "导出工作区保存的此客户的全部数据，或删除其个人数据（工单会保留但内容清空，以便报表统计）。",
    export: "导出数据（JSON）",
    erase: "删除个人数据…",
    confirmLabel: (what: string) => `此操作无法撤销。请输入 ${what} 以确认：`,
    confirm: "立即删除",
    cancel: "取消",
    erased: (tickets: number, messages: number, files: number) => `已删除：清空 ${tickets} 个工单、${messages} 条消息、${files} 个存储文件。`,
  },
});

/** Saves a value as a JSON file in the browser's downloads. */
function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Admins only: export a customer's data, and erase it after typing the customer's email (or name, without one). */
export function CustomerDataRights(props: { customer: Customer; onErased: () => void }) {
  const t = text();
  const { customer } = props;
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  if (!isAdmin()) return null;
  const expected = customer.emails[0] ?? customer.name;
  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setStatus(null);
    try {
      const done = await work();
      if (done) setStatus({ ok: true, text: done });
    } catch (error) {
      setStatus({ ok: false, text: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  const exportData = () =>
    act(async () => {
      download(`customer-${customer.id}.json`, await data(api.customers[":id"].export.$get({ param: { id: customer.id } })));
      return null;
    });
  const erase = () =>
    act(async () => {
      const summary = await data(api.customers[":id"].erase.$post({ param: { id: customer.id }, json: { confirm: "ERASE" } }));
      setConfirming(false);
      setTyped("");
      props.onErased();
      return t.erased(summary.ticketsAnonymised, summary.messagesErased, summary.storedFilesDeleted);
    });
  return (
    <section class="panel customer-data-rights" aria-labelledby="customer-data-rights">
      <h2 id="customer-data-rights">{t.title}</h2>
      <p class="muted">{t.hint}</p>
      <div class="row">
        <button type="button" disabled={busy} onClick={exportData}>
          {t.export}
        </button>
        {!confirming && (
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t.erase}
          </button>
        )}
      </div>
      {confirming && (
        <div class="erase-confirm">
          <label>
            {t.confirmLabel(expected)}
            <input type="text" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          </label>
          <div class="row">
            <button type="button" class="danger" disabled={busy || typed.trim().toLowerCase() !== expected.toLowerCase()} onClick={erase}>
              {t.confirm}
            </button>
            <button type="button" onClick={() => (setConfirming(false), setTyped(""))}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {status && (
        <p class={status.ok ? "muted" : "field-error"} role={status.ok ? "status" : "alert"}>
          {status.text}
        </p>
      )}
    </section>
  );
}
