import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, data } from "../api";
import { formatRelative } from "../i18n";
import { useLiveReload } from "../live/use-live-reload";
import { session } from "../session";
import { noticeLine, notificationText } from "./notification-text";
import "./notifications.css";

type Page = Awaited<ReturnType<typeof loadPage>>;
const loadPage = () => data(api.notifications.$get({ query: { limit: "20" } }));

/**
 * The bell in the top bar: the unread count, and a list of the newest notifications, each
 * linking to its ticket (opening one marks it read). Current without a reload: a notice for
 * this user on the live socket refetches it; while the socket is down it polls.
 */
export function NotificationBell() {
  const t = notificationText();
  const { route } = useLocation();
  const me = session.value!.user.id;
  const [page, setPage] = useState<Page | null>(null);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const reload = () => void loadPage().then(setPage, () => undefined);
  useEffect(reload, []);
  useLiveReload(reload, (e) => e.type === "notification" && e.userIds.includes(me));
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, [open]);
  const markRead = async (json: { ids: string[] } | { all: true }) => {
    const { unreadCount } = await data(api.notifications.read.$post({ json }));
    setPage((p) => p && { ...p, unreadCount, items: p.items.map((n) => ("all" in json || json.ids.includes(n.id) ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n)) });
  };
  const unread = page?.unreadCount ?? 0;
  return (
    <div class="notification-bell" ref={box}>
      <button type="button" class="bell-button" aria-expanded={open} aria-label={`${t.bell}: ${t.unread(unread)}`} onClick={() => setOpen(!open)}>
        <svg class="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
        </svg>
        {unread > 0 && <span class="bell-count" data-testid="bell-count">{unread > 99 ? "99+" : unread}</span>}
      </button>
      {open && (
        <div class="bell-panel" role="dialog" aria-label={t.bell}>
          <div class="bell-head">
            <strong>{t.bell}</strong>
            {unread > 0 && (
              <button type="button" onClick={() => void markRead({ all: true })}>
                {t.markAllRead}
              </button>
            )}
          </div>
          {!page?.items.length ? (
            <p class="empty">{t.empty}</p>
          ) : (
            <ul>
              {page.items.map((n) => (
                <li key={n.id} class={n.readAt ? "read" : "unread"}>
                  <a
                    href={`/tickets/${n.ticketId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setOpen(false);
                      if (!n.readAt) void markRead({ ids: [n.id] });
                      route(`/tickets/${n.ticketId}`);
                    }}
                  >
                    <span class="bell-line">{noticeLine(n.kind, n.actor.name ?? t.someone, `#${n.ticketNumber}`, n.text)}</span>
                    <span class="bell-subject">{n.ticketSubject}</span>
                    <time dateTime={n.createdAt}>{formatRelative(n.createdAt)}</time>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
