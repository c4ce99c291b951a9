import type { InferRequestType, InferResponseType } from "hono/client";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import { problemText } from "../../problem-text";
import type { TicketListItem, TicketQuery } from "./agent-api";
import type { BulkSelection } from "./bulk-selection";
import { BulkMerge } from "./bulk-merge";
import { BulkMacro } from "../macros/macro-bulk";
import { useDirectory } from "./directory";
import { label } from "./enum-labels";
import "./bulk-bar.css";

type BulkChange = InferRequestType<typeof api.bulk.tickets.$post>["json"]["change"];
type BulkResults = InferResponseType<typeof api.bulk.tickets.$post, 200>;

/** How long the Undo button stays after a bulk change. */
const UNDO_MS = 8_000;

const text = messages({
  en: {
    region: "Bulk actions",
    selected: (n: number) => (n === 1 ? "1 ticket selected" : `${n} tickets selected`),
    allMatching: (n: number) => `All ${n} tickets matching this filter are selected.`,
    selectMatching: "Select all tickets matching this filter",
    tooMany: "More than 100 tickets match this filter: narrow it, or select tickets on the page.",
    clear: "Clear selection",
    noChange: "— no change —",
    assignee: "Assignee",
    nobody: "Unassigned",
    group: "Group",
    noGroup: "No group",
    status: "Status",
    priority: "Priority",
    type: "Type",
    addTags: "Add tags",
    removeTags: "Remove tags",
    tagsHint: "Comma-separated",
    apply: (n: number) => `Apply to ${n} ticket${n === 1 ? "" : "s"}`,
    nothing: "Choose at least one change.",
    changed: (n: number) => (n === 1 ? "1 ticket changed." : `${n} tickets changed.`),
    undone: (n: number) => (n === 1 ? "1 ticket put back." : `${n} tickets put back.`),
    merged: (n: number, into: string) => (n === 1 ? `1 ticket merged into ${into}.` : `${n} tickets merged into ${into}.`),
    notFound: "not found (deleted, or not in this workspace)",
    undo: "Undo",
    dismiss: "Dismiss",
  },
  "zh-CN": {
    region: "批量操作",
    selected: (n: number) => `已选择 ${n} 个工单`,
    allMatching: (n: number) => `已选择符合此筛选条件的全部 ${n} 个工单。`,
    selectMatching: "选择符合此筛选条件的全部工单",
    tooMany: "符合此筛选条件的工单超过 100 个：请缩小筛选范围，或在本页中勾选工单。",
    clear: "取消选择",
    noChange: "— 不修改 —",
    assignee: "负责人",
    nobody: "未分配",
    group: "分组",
    noGroup: "无分组",
    status: "状态",
    priority: "优先级",
    type: "类型",
    addTags: "添加标签",
    removeTags: "移除标签",
    tagsHint: "用逗号分隔",
    apply: (n: number) => `应用到 ${n} 个工单`,
    nothing: "请至少选择一项修改。",
    changed: (n: number) => `已修改 ${n} 个工单。`,
    undone: (n: number) => `已恢复 ${n} 个工单。`,
    merged: (n: number, into: string) => `已将 ${n} 个工单合并到 ${into}。`,
    notFound: "未找到（已删除，或不属于此工作区）",
    undo: "撤销",
    dismiss: "关闭",
  },
});

interface Draft {
  assigneeId: string;
  groupId: string;
  status: string;
  priority: string;
  type: string;
  addTags: string;
  removeTags: string;
}
const EMPTY: Draft = { assigneeId: "", groupId: "", status: "", priority: "", type: "", addTags: "", removeTags: "" };
const STATUSES = ["open", "pending", "on_hold", "solved"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const TYPES = ["question", "incident", "problem", "complaint", "task"] as const;

const tagsOf = (text: string) => text.split(/[,，]/).map((t) => t.trim()).filter(Boolean);
/** "" is no change; "none" clears the assignee or group. */
const reference = (value: string) => (value === "" ? undefined : value === "none" ? null : value);

/** The change a draft asks for: only the fields chosen. */
function changeOf(draft: Draft): BulkChange {
  const change: Record<string, unknown> = {
    assigneeId: reference(draft.assigneeId),
    groupId: reference(draft.groupId),
    status: draft.status || undefined,
    priority: draft.priority || undefined,
    type: draft.type || undefined,
    addTags: tagsOf(draft.addTags),
    removeTags: tagsOf(draft.removeTags),
  };
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as BulkChange;
}

interface Outcome {
  kind: "changed" | "undone" | "merged";
  count: number;
  /** The merge's target. */
  into?: string;
  failures: { id: string; reason: string }[];
  undo: BulkResults["undo"];
}

/**
 * The bulk action bar of a ticket list: what is selected, "select all matching this filter", the
 * change (assignee, group, status, priority, type, tags to add or remove) applied in one request,
 * each ticket that could not change with the reason, and Undo for a few seconds after.
 */
export function BulkBar(props: { selection: BulkSelection; items: TicketListItem[]; hasMore: boolean; filter: NonNullable<TicketQuery>; onChanged: () => void }) {
  const t = text();
  const directory = useDirectory();
  const { selection } = props;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const pageSelected = props.items.length > 0 && props.items.every((item) => selection.has(item.id));

  useEffect(() => {
    if (!outcome?.undo.length) return;
    const timer = setTimeout(() => setOutcome((o) => (o === outcome ? { ...o, undo: [] } : o)), UNDO_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  const refOf = (id: string) => props.items.find((item) => item.id === id)?.ref ?? id;
  const outcomeOf = (kind: Outcome["kind"], results: { results: { id: string; result: string; code?: string; message?: string }[]; undo?: BulkResults["undo"] }): Outcome => ({
    kind,
    count: results.results.filter((r) => r.result === "updated" || r.result === "merged").length,
    failures: results.results
      .filter((r) => r.result === "not_found" || r.result === "refused")
      .map((r) => ({ id: r.id, reason: r.result === "not_found" ? t.notFound : (problemText().codes[r.code ?? ""] ?? r.message ?? r.code ?? "") })),
    undo: kind === "changed" ? (results.undo ?? []) : [],
  });

  async function run(work: () => Promise<Outcome>) {
    setBusy(true);
    setError(null);
    try {
      setOutcome(await work());
      props.onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function selectMatching() {
    setError(null);
    try {
      const { limit: _l, cursor: _c, ...filter } = props.filter;
      const found = await data(api.bulk.tickets.preview.$post({ json: { filter } }));
      if (found.more) setError(t.tooMany);
      else selection.selectMatching(found.ids);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  function apply(event: Event) {
    event.preventDefault();
    const change = changeOf(draft);
    if (Object.keys(change).length === 0) return setError(t.nothing);
    void run(async () => {
      const results = await data(api.bulk.tickets.$post({ json: { ids: [...selection.ids], change } }));
      setDraft(EMPTY);
      return outcomeOf("changed", results);
    });
  }

  const merge = (targetId: string, sourceIds: string[], notifyRequester: boolean) =>
    run(async () => {
      const merged = await data(api.bulk.tickets.merge.$post({ json: { targetId, sourceIds, notifyRequester } }));
      selection.clear();
      return { ...outcomeOf("merged", merged), into: refOf(targetId) };
    });

  const applyMacro = (macroId: string) => run(async () => outcomeOf("changed", await data(api.bulk.tickets.macro.$post({ json: { ids: [...selection.ids], macroId } }))));

  const undo = (items: BulkResults["undo"]) => run(async () => outcomeOf("undone", await data(api.bulk.tickets.undo.$post({ json: { tickets: items } }))));

  const select = (field: keyof Draft, name: string, options: readonly (readonly [string, string])[]) => (
    <label class="bulk-field">
      <span>{name}</span>
      <select name={field} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.currentTarget.value })}>
        <option value="">{t.noChange}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      {selection.ids.size > 0 && (
        <form class="bulk-bar panel" role="region" aria-label={t.region} onSubmit={apply}>
          <p class="bulk-count">
            <strong>{selection.allMatching ? t.allMatching(selection.ids.size) : t.selected(selection.ids.size)}</strong>{" "}
            {pageSelected && props.hasMore && !selection.allMatching && (
              <button type="button" class="link" onClick={() => void selectMatching()}>
                {t.selectMatching}
              </button>
            )}{" "}
            <button type="button" class="link" onClick={selection.clear}>
              {t.clear}
            </button>
          </p>
          <div class="bulk-fields">
            {select("assigneeId", t.assignee, [["none", t.nobody], ...(directory?.users ?? []).filter((u) => u.active).map((u) => [u.id, u.name] as const)])}
            {select("groupId", t.group, [["none", t.noGroup], ...(directory?.groups ?? []).map((g) => [g.id, g.name] as const)])}
            {select("status", t.status, STATUSES.map((s) => [s, label("status", s)] as const))}
            {select("priority", t.priority, PRIORITIES.map((p) => [p, label("priority", p)] as const))}
            {select("type", t.type, TYPES.map((p) => [p, label("type", p)] as const))}
            <label class="bulk-field">
              <span>{t.addTags}</span>
              <input name="addTags" value={draft.addTags} placeholder={t.tagsHint} onInput={(e) => setDraft({ ...draft, addTags: e.currentTarget.value })} />
            </label>
            <label class="bulk-field">
              <span>{t.removeTags}</span>
              <input name="removeTags" value={draft.removeTags} placeholder={t.tagsHint} onInput={(e) => setDraft({ ...draft, removeTags: e.currentTarget.value })} />
            </label>
          </div>
          <button type="submit" class="primary" disabled={busy}>
            {t.apply(selection.ids.size)}
          </button>
          <BulkMacro busy={busy} onApply={(macroId) => void applyMacro(macroId)} />
          <BulkMerge ids={[...selection.ids]} items={props.items} busy={busy} onMerge={(target, sources, tell) => void merge(target, sources, tell)} />
        </form>
      )}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {outcome && (
        <div class={`bulk-toast notice ${outcome.failures.length ? "warn" : "ok"}`} role="status">
          <span>{outcome.kind === "changed" ? t.changed(outcome.count) : outcome.kind === "merged" ? t.merged(outcome.count, outcome.into ?? "") : t.undone(outcome.count)}</span>
          {outcome.failures.length > 0 && (
            <ul class="bulk-failures">
              {outcome.failures.map((f) => (
                <li key={f.id}>
                  {refOf(f.id)}: {f.reason}
                </li>
              ))}
            </ul>
          )}
          {outcome.undo.length > 0 && (
            <button type="button" disabled={busy} onClick={() => void undo(outcome.undo)}>
              {t.undo}
            </button>
          )}
          <button type="button" class="link" onClick={() => setOutcome(null)}>
            {t.dismiss}
          </button>
        </div>
      )}
    </>
  );
}
