import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { CopyValue } from "../../ui/copy-button";
import { Flash, useFlash } from "../../ui/flash";
import { useSubmit } from "../../ui/form";
import { AddressEditor } from "./address-editor";
import type { Group, SupportAddress } from "./admin-types";

const text = messages({
  en: {
    builtIn: "Built-in",
    receiving: "Receiving mail",
    waiting: "Waiting for mail",
    lastReceived: (when: string) => `Last mail: ${when}`,
    never: "No mail received yet.",
    builtInHelp: "Customers can write to this address directly; nothing to set up.",
    forwardTitle: "Forwarding instructions",
    forward1: (address: string) => `In your mail provider (e.g. Gmail, Outlook, Tencent Exmail, Alibaba Mail), open the settings of ${address} and add a forwarding address:`,
    forward2: "Some providers first send a confirmation mail with a link to the forwarding address: it arrives in Kefu as a ticket; open it and follow the link.",
    forward3: "Then send the forwarding check below: when it comes back through the forwarding, this address shows as receiving.",
    check: "Send forwarding check",
    checkSent: "Check mail sent. Reload in a minute to see whether it arrived.",
    editAck: "Settings and acknowledgement",
    hideAck: "Hide settings",
    ackOn: "Acknowledgement on",
    ackOff: "Acknowledgement off",
    remove: "Remove",
    removeQuestion: "Remove this address? Mail sent to it will be rejected.",
  },
  "zh-CN": {
    builtIn: "内置",
    receiving: "正在接收邮件",
    waiting: "等待邮件",
    lastReceived: (when: string) => `最近来信：${when}`,
    never: "尚未收到邮件。",
    builtInHelp: "客户可以直接写信到此地址，无需设置。",
    forwardTitle: "转发设置说明",
    forward1: (address: string) => `在您的邮件服务商（如 Gmail、Outlook、腾讯企业邮、阿里邮箱）中打开 ${address} 的设置，添加以下转发地址：`,
    forward2: "有些服务商会先向转发地址发送一封带链接的确认邮件：它会在 Kefu 中生成一张工单，打开它并点击其中的链接即可。",
    forward3: "然后点击下方的“发送转发检查”：检查邮件经转发回到 Kefu 后，此地址会显示为正在接收。",
    check: "发送转发检查",
    checkSent: "检查邮件已发送。请稍后刷新查看是否已收到。",
    editAck: "设置与自动确认回复",
    hideAck: "收起设置",
    ackOn: "自动确认：开",
    ackOff: "自动确认：关",
    remove: "删除",
    removeQuestion: "删除此地址？发往它的邮件将被拒收。",
  },
});

/** One support address: status, forwarding instructions and check, acknowledgement, removal. */
export function AddressCard(props: { address: SupportAddress; groups: Group[]; onChanged: () => void }) {
  const t = text();
  const a = props.address;
  const [editing, setEditing] = useState(false);
  const flash = useFlash(10_000);
  const check = useSubmit(
    () => data(api["support-addresses"][":id"]["forwarding-check"].$post({ param: { id: a.id } })),
    () => flash.show(t.checkSent),
  );
  return (
    <article class="panel address-card">
      <header class="card-head">
        <h2>
          {a.displayName} <span class="muted">&lt;{a.address}&gt;</span>
        </h2>
        <span class="row">
          {a.builtIn && <span class="badge">{t.builtIn}</span>}
          <span class={`badge ${a.status === "receiving" ? "ok" : "warn"}`}>{a.status === "receiving" ? t.receiving : t.waiting}</span>
          <span class="badge">{a.autoAckEnabled ? t.ackOn : t.ackOff}</span>
        </span>
      </header>
      <p class="muted">{a.lastReceivedAt ? t.lastReceived(formatDateTime(a.lastReceivedAt)) : t.never}</p>
      {a.builtIn ? (
        <p>{t.builtInHelp}</p>
      ) : (
        <section class="forwarding" aria-label={t.forwardTitle}>
          <h3>{t.forwardTitle}</h3>
          <ol>
            <li>
              {t.forward1(a.address)}
              <div>
                <CopyValue value={a.forwardTo} />
              </div>
            </li>
            <li>{t.forward2}</li>
            <li>{t.forward3}</li>
          </ol>
          <div class="row">
            <button type="button" disabled={check.busy} onClick={() => void check.submit()}>
              {t.check}
            </button>
            <Flash message={flash.message} />
            {check.error && (
              <span class="field-error" role="alert">
                {check.error}
              </span>
            )}
          </div>
        </section>
      )}
      <div class="row card-actions">
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? t.hideAck : t.editAck}
        </button>
        {!a.builtIn && <ConfirmButton label={t.remove} question={t.removeQuestion} onConfirm={() => data(api["support-addresses"][":id"].$delete({ param: { id: a.id } })).then(props.onChanged)} />}
      </div>
      {editing && <AddressEditor address={a} groups={props.groups} onSaved={props.onChanged} />}
    </article>
  );
}
