import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { messages } from "../i18n";
import { session } from "../session";
import { sendTyping, viewers, viewTicket, type Viewer } from "./live-client";
import "./live.css";

const text = messages({
  en: { viewing: (name: string) => `${name} is viewing`, typing: (name: string) => `${name} is typing a reply…`, here: "Also here" },
  "zh-CN": { viewing: (name: string) => `${name} 正在查看`, typing: (name: string) => `${name} 正在输入回复…`, here: "同时在看" },
});

/** Other agents on the ticket (this agent's own tabs are not shown). */
function othersOn(ticketId: string): Viewer[] {
  const me = session.value?.user.id;
  return viewers.value.filter((v) => v.ticketId === ticketId && v.userId !== me);
}

/** Says that this tab views the ticket (while mounted), and shows who else does and who is typing. */
export function TicketPresence(props: { ticketId: string }) {
  const t = text();
  useEffect(() => {
    viewTicket(props.ticketId);
    return () => viewTicket(null);
  }, [props.ticketId]);
  const others = othersOn(props.ticketId);
  return (
    <p class="presence-strip" role="status" aria-live="polite" aria-label={t.here} hidden={others.length === 0}>
      {others.map((v) => (
        <span key={v.userId} class={v.typing ? "presence-chip typing" : "presence-chip"}>
          {v.typing ? t.typing(v.name) : t.viewing(v.name)}
        </span>
      ))}
    </p>
  );
}

/** A small marker in a ticket list row: who has the ticket open (a pencil when someone types). */
export function PresenceMarker(props: { ticketId: string }) {
  const t = text();
  const others = othersOn(props.ticketId);
  if (others.length === 0) return null;
  const typing = others.some((v) => v.typing);
  const title = others.map((v) => (v.typing ? t.typing(v.name) : t.viewing(v.name))).join(", ");
  return (
    <span class={typing ? "presence-marker typing" : "presence-marker"} title={title} aria-label={title} role="img">
      {typing ? "✎" : "●"} {others.map((v) => v.name.split(/\s+/)[0]).join(", ")}
    </span>
  );
}

/** Renew a typing lease at most this often (the server's lease lasts 6 s). */
const RENEW_MS = 2_000;
/** Stopped typing this long: say so. */
const IDLE_MS = 4_000;

/** Wraps the composer: its text input sends a throttled typing signal; idle or sending ends it. */
export function TypingReporter(props: { children: ComponentChildren }) {
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout>>();
  const stop = () => {
    clearTimeout(idle.current);
    if (lastSent.current === 0) return;
    lastSent.current = 0;
    sendTyping(false);
  };
  useEffect(() => stop, []);
  const typed = (event: Event) => {
    if (!(event.target instanceof HTMLTextAreaElement)) return;
    const now = Date.now();
    if (now - lastSent.current >= RENEW_MS) {
      lastSent.current = now;
      sendTyping(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  };
  return (
    <div class="typing-reporter" onInput={typed} onSubmit={stop}>
      {props.children}
    </div>
  );
}
