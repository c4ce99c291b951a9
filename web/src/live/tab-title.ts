import { session } from "../session";
import { isTicketChange, onLiveEvents } from "./live-client";
import { titleWithCount } from "./title-count";

/** Counts tickets others created or changed while this tab is hidden; the count goes when the tab is seen again. */
export function startTabTitle() {
  const unseen = new Set<string>();
  const show = () => (document.title = titleWithCount(document.title, unseen.size));
  onLiveEvents((events) => {
    if (!document.hidden) return;
    for (const event of events.filter(isTicketChange)) if (event.actor.id !== session.value?.user.id) unseen.add(event.ticketId);
    show();
  });
  const seen = () => {
    if (document.hidden || unseen.size === 0) return;
    unseen.clear();
    show();
  };
  document.addEventListener("visibilitychange", seen);
  addEventListener("focus", seen);
}
