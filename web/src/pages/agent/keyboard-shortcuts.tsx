import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { messages } from "../../i18n";
import type { Ticket } from "./agent-api";
import { isField, SHORTCUTS, shortcutFor, type ShortcutAction, type ShortcutPage } from "./shortcut-keys";
import { saveTicket } from "./ticket-save";
import "./keyboard-shortcuts.css";

const text = messages({
  en: {
    title: "Keyboard shortcuts",
    close: "Close",
    then: "or",
    search: "Search tickets",
    next: "Next ticket in the list",
    previous: "Previous ticket in the list",
    open: "Open the selected ticket",
    reply: "Write a public reply",
    note: "Write an internal note",
    assignMe: "Assign the ticket to me",
    solve: "Solve the ticket",
    help: "Show these shortcuts",
    leave: "Esc leaves a text field; no shortcut works while you type.",
    assigned: "Assigned to you.",
    solved: "Solved.",
  },
  "zh-CN": {
    title: "键盘快捷键",
    close: "关闭",
    then: "或",
    search: "搜索工单",
    next: "列表中的下一张工单",
    previous: "列表中的上一张工单",
    open: "打开选中的工单",
    reply: "撰写公开回复",
    note: "撰写内部备注",
    assignMe: "将工单分配给我",
    solve: "将工单设为已解决",
    help: "显示这些快捷键",
    leave: "按 Esc 离开输入框；输入时快捷键不会生效。",
    assigned: "已分配给您。",
    solved: "已解决。",
  },
});

const CONTROLS = new Set(["A", "BUTTON", "SUMMARY"]);

/** Calls the handler of each shortcut pressed on this page (the pure decision is `shortcutFor`). */
function useShortcuts(page: ShortcutPage, handlers: Partial<Record<ShortcutAction, () => void>>) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = shortcutFor({ key: event.key, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, inField: isField(target), onControl: Boolean(target && CONTROLS.has(target.tagName)) }, page);
      const handler = action && current.current[action];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [page]);
}

const leaveField = () => (document.activeElement as HTMLElement | null)?.blur();

/** The list's shortcuts: `/` search, `j`/`k` move through the rows, `o`/Enter open, `?` help. */
export function ListShortcuts() {
  const { route } = useLocation();
  const [help, setHelp] = useState(false);
  const selected = useRef(-1);
  const rows = () => [...document.querySelectorAll<HTMLTableRowElement>(".ticket-table tbody tr")];
  const select = (index: number) => {
    const all = rows();
    if (!all.length) return;
    selected.current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("kbd-current", i === selected.current));
    all[selected.current]!.scrollIntoView({ block: "nearest" });
  };
  useShortcuts("list", {
    search: () => document.getElementById("ticket-search")?.focus(),
    next: () => select(selected.current + 1),
    previous: () => select(selected.current - 1),
    open: () => {
      const link = rows()[Math.max(0, selected.current)]?.querySelector<HTMLAnchorElement>('a[href^="/tickets/"]');
      if (link) route(link.getAttribute("href")!);
    },
    help: () => setHelp((shown) => !shown),
    leave: leaveField,
  });
  return help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null;
}

/** The ticket's shortcuts: `r` reply, `n` note, `a` assign to me, `e` solve, `?` help. */
export function TicketShortcuts(props: { ticket: Ticket; myId: string; onChanged: () => void }) {
  const t = text();
  const [help, setHelp] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const write = (kind: "reply" | "note") => {
    document.querySelector<HTMLInputElement>(`input[name="composer-kind"][value="${kind}"]`)?.click();
    // After the composer re-renders for the kind.
    requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>(".composer textarea")?.focus());
  };
  const save = (patch: { assigneeId?: string; status?: "solved" }, done: string) =>
    saveTicket(props.ticket, patch).then(
      () => {
        setStatus(done);
        props.onChanged();
      },
      (error: unknown) => setStatus(error instanceof Error ? error.message : String(error)),
    );
  useShortcuts("ticket", {
    reply: () => write("reply"),
    note: () => write("note"),
    assignMe: () => void (props.ticket.assigneeId !== props.myId && save({ assigneeId: props.myId }, t.assigned)),
    solve: () => void (props.ticket.status !== "solved" && props.ticket.status !== "closed" && save({ status: "solved" }, t.solved)),
    help: () => setHelp((shown) => !shown),
    leave: leaveField,
  });
  return (
    <>
      {status && (
        <p class="notice shortcut-status" role="status">
          {status}
        </p>
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </>
  );
}

/** Every shortcut, in the user's language; Esc, `?` or the button closes it. */
function ShortcutHelp(props: { onClose: () => void }) {
  const t = text();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && props.onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div class="shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcut-help-title">
      <div class="panel">
        <h2 id="shortcut-help-title">{t.title}</h2>
        <dl>
          {SHORTCUTS.map((s) => (
            <div key={s.action}>
              <dt>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ` ${t.then} `}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{t[s.action]}</dd>
            </div>
          ))}
        </dl>
        <p class="muted">{t.leave}</p>
        <button type="button" ref={close} onClick={props.onClose}>
          {t.close}
        </button>
      </div>
    </div>
  );
}
