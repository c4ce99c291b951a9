import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { messages } from "../../i18n";
import type { Ticket, TicketListItem } from "./agent-api";
import "./merge-split.css";

const text = messages({
  en: {
    title: "Merge into…",
    find: "Ticket number or words",
    placeholder: "#1042, or words from its subject",
    search: "Find",
    noMatch: "No other open ticket matches.",
    choose: "Choose",
    confirmTitle: (from: string, into: string) => `Merge ${from} into ${into}?`,
    moves: (messages: number, ccs: number) => `${messages} message(s) with their attachments and ${ccs} CC(s) move to the other ticket, with the tags:`,
    noTags: "no tags",
    closes: (from: string, into: string) => `${from} is then closed and points to ${into}; replies to its emails go to ${into}. This cannot be undone.`,
    tell: "Tell the requester (email them that the requests were merged)",
    merge: "Merge",
    cancel: "Cancel",
    working: "Merging…",
  },
  "zh-CN": {
    title: "合并到…",
    find: "工单号或关键词",
    placeholder: "#1042，或主题中的词",
    search: "查找",
    noMatch: "没有匹配的其他未关闭工单。",
    choose: "选择",
    confirmTitle: (from: string, into: string) => `将 ${from} 合并到 ${into}？`,
    moves: (messages: number, ccs: number) => `${messages} 条消息（连同附件）和 ${ccs} 位抄送人将转到另一个工单，标签：`,
    noTags: "无标签",
    closes: (from: string, into: string) => `随后 ${from} 将被关闭并指向 ${into}；对其邮件的回复会进入 ${into}。此操作无法撤销。`,
    tell: "通知客户（发邮件告知请求已合并）",
    merge: "合并",
    cancel: "取消",
    working: "正在合并…",
  },
});

/** What merging this ticket moves, read when the agent has chosen the target. */
async function loadMoving(id: string) {
  const [thread, ccs] = await Promise.all([data(api.tickets[":id"].messages.$get({ param: { id } })), data(api.tickets[":id"].participants.$get({ param: { id } }))]);
  return { messages: thread.items.length, ccs: ccs.items.length };
}

/** "Merge into…": find the target by number or words, see what moves, confirm; then the target opens. */
export function TicketMergeAction(props: { ticket: Ticket }) {
  const t = text();
  const { route } = useLocation();
  const { ticket } = props;
  const [q, setQ] = useState("");
  const [results, setResults] = useState<TicketListItem[] | null>(null);
  const [target, setTarget] = useState<TicketListItem | null>(null);
  const [moving, setMoving] = useState<{ messages: number; ccs: number } | null>(null);
  const [tell, setTell] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fail = (caught: unknown) => setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));

  const search = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setTarget(null);
    try {
      const page = await data(api.tickets.$get({ query: { q: q.trim(), status: "new,open,pending,on_hold,solved", limit: "10" } }));
      setResults(page.items.filter((c) => c.id !== ticket.id && !c.mergedIntoId));
    } catch (caught) {
      fail(caught);
    }
  };
  const choose = async (candidate: TicketListItem) => {
    setError(null);
    setTarget(candidate);
    try {
      setMoving(await loadMoving(ticket.id));
    } catch (caught) {
      fail(caught);
    }
  };
  const merge = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await data(api.tickets[":id"].merge.$post({ param: { id: target.id }, json: { sourceIds: [ticket.id], notifyRequester: tell } }));
      route(`/tickets/${target.id}`);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="panel ticket-merge">
      <summary>
        <h2>{t.title}</h2>
      </summary>
      <form class="row" role="search" onSubmit={search}>
        <label for="ticket-merge-search" class="visually-hidden">
          {t.find}
        </label>
        <input id="ticket-merge-search" type="search" class="grow" value={q} placeholder={t.placeholder} aria-label={t.find} required maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" disabled={!q.trim()}>
          {t.search}
        </button>
      </form>
      {results && results.length === 0 && <p class="empty">{t.noMatch}</p>}
      {results && results.length > 0 && !target && (
        <ul class="merge-candidates">
          {results.map((c) => (
            <li key={c.id}>
              <span>
                <span class="muted">{c.ref}</span> {c.subject}
              </span>
              <button type="button" onClick={() => void choose(c)} aria-label={`${t.choose} ${c.ref}`}>
                {t.choose}
              </button>
            </li>
          ))}
        </ul>
      )}
      {target && (
        <div class="merge-confirm" role="group" aria-label={t.confirmTitle(ticket.ref, target.ref)}>
          <p>
            <strong>{t.confirmTitle(ticket.ref, target.ref)}</strong>
          </p>
          {moving && (
            <p>
              {t.moves(moving.messages, moving.ccs)} {ticket.tags.length ? ticket.tags.join(", ") : t.noTags}
            </p>
          )}
          <p class="muted">{t.closes(ticket.ref, target.ref)}</p>
          <label class="check">
            <input type="checkbox" checked={tell} onChange={(e) => setTell(e.currentTarget.checked)} /> {t.tell}
          </label>
          <p class="row">
            <button type="button" class="danger" disabled={busy} onClick={() => void merge()}>
              {busy ? t.working : t.merge}
            </button>
            <button type="button" disabled={busy} onClick={() => setTarget(null)}>
              {t.cancel}
            </button>
          </p>
        </div>
      )}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
