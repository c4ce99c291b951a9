import { useState } from "preact/hooks";
import { messages } from "../../i18n";
import type { TicketListItem } from "./agent-api";
import { BULK_MERGE_MAX, oldestSelected } from "./merge-target";

const text = messages({
  en: {
    open: "Merge…",
    legend: "Merge the selected tickets into one",
    tooMany: `Merge at most ${BULK_MERGE_MAX} tickets at a time.`,
    into: "Merge into",
    tell: "Tell the requester (email them that the requests were merged)",
    warning: (n: number, into: string) =>
      `No undo for merge: ${n === 1 ? "the other ticket is" : `the other ${n} tickets are`} closed and their messages, tags and CCs move to ${into}. Confirm first.`,
    confirm: (n: number, into: string) => `Merge ${n} ticket${n === 1 ? "" : "s"} into ${into}`,
    cancel: "Cancel",
  },
  "zh-CN": {
    open: "合并…",
    legend: "将所选工单合并为一个",
    tooMany: `一次最多合并 ${BULK_MERGE_MAX} 个工单。`,
    into: "合并到",
    tell: "通知客户（发邮件告知请求已合并）",
    warning: (n: number, into: string) => `合并无法撤销：其他 ${n} 个工单将被关闭，其消息、标签和抄送人将转到 ${into}。请先确认。`,
    confirm: (n: number, into: string) => `将 ${n} 个工单合并到 ${into}`,
    cancel: "取消",
  },
});

/**
 * The bulk bar's merge: with two or more tickets selected, choose the one they merge into (the
 * oldest by default), whether the requester is told, and confirm — merges cannot be undone.
 */
export function BulkMerge(props: { ids: readonly string[]; items: readonly TicketListItem[]; busy: boolean; onMerge: (targetId: string, sourceIds: string[], notifyRequester: boolean) => void }) {
  const t = text();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [tell, setTell] = useState(false);
  if (props.ids.length < 2) return null;
  const tooMany = props.ids.length > BULK_MERGE_MAX;
  const targetId = chosen && props.ids.includes(chosen) ? chosen : oldestSelected(props.ids, props.items)!;
  const refOf = (id: string) => props.items.find((item) => item.id === id)?.ref ?? id;
  const sources = props.ids.filter((id) => id !== targetId);

  if (!open)
    return (
      <p class="bulk-merge-open">
        <button type="button" disabled={tooMany} onClick={() => setOpen(true)}>
          {t.open}
        </button>{" "}
        {tooMany && <span class="muted">{t.tooMany}</span>}
      </p>
    );
  return (
    <fieldset class="bulk-merge">
      <legend>{t.legend}</legend>
      <label class="bulk-field">
        <span>{t.into}</span>
        <select name="mergeTarget" value={targetId} onChange={(e) => setChosen(e.currentTarget.value)}>
          {props.ids.map((id) => {
            const item = props.items.find((i) => i.id === id);
            return (
              <option key={id} value={id}>
                {item ? `${item.ref} ${item.subject}` : id}
              </option>
            );
          })}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={tell} onChange={(e) => setTell(e.currentTarget.checked)} /> {t.tell}
      </label>
      <p class="notice warn">{t.warning(sources.length, refOf(targetId))}</p>
      <p class="row">
        <button type="button" class="danger" disabled={props.busy || tooMany} onClick={() => props.onMerge(targetId, sources, tell)}>
          {t.confirm(sources.length, refOf(targetId))}
        </button>{" "}
        <button type="button" onClick={() => setOpen(false)}>
          {t.cancel}
        </button>
      </p>
    </fieldset>
  );
}
