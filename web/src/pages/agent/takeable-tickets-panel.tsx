import { api, data } from "../../api";
import { messages } from "../../i18n";
import { isTicketChange } from "../../live/live-client";
import { useLiveReload } from "../../live/use-live-reload";
import { useResource } from "../../ui/state";
import { useDirectory } from "./directory";
import { takeableQuery, takeableTargets, takeableUrl } from "./takeable-tickets";

/** One page counts (the list's largest); more than that shows as "100+". */
const COUNT_LIMIT = 100;

const text = messages({
  en: {
    title: "Tickets you can take",
    show: (count: string, one: boolean, group: string | null) => `Show ${count} unassigned ${one ? "ticket" : "tickets"}${group ? ` in ${group}` : ""}`,
    none: "No unassigned tickets are waiting either.",
  },
  "zh-CN": {
    title: "可以接手的工单",
    show: (count: string, _one: boolean, group: string | null) => `查看${group ? ` ${group} 中` : ""} ${count} 张未分配的工单`,
    none: "也没有等待处理的未分配工单。",
  },
});

/**
 * Under an empty "My open": the unassigned open tickets waiting in the person's groups (or all
 * of them, in no group), each with its count and one click to that list — where a new agent's
 * work is. Counts come from the ticket list itself, one page each.
 */
export function TakeableTicketsPanel(props: { myId: string }) {
  const t = text();
  const directory = useDirectory();
  const groups = directory?.groups;
  const counts = useResource(async () => {
    if (!groups) return null;
    const targets = takeableTargets(props.myId, groups);
    const pages = await Promise.all(targets.map((target) => data(api.tickets.$get({ query: { ...takeableQuery(target, props.myId), limit: String(COUNT_LIMIT) } }))));
    return targets.map((target, i) => ({ target, count: pages[i]!.items.length, more: pages[i]!.nextCursor !== null }));
  }, [groups, props.myId]);
  useLiveReload(counts.reload, isTicketChange);
  const waiting = counts.data?.filter((c) => c.count > 0);
  if (!waiting) return null;
  return (
    <section class="panel takeable-tickets" aria-labelledby="takeable-title">
      <h2 id="takeable-title">{t.title}</h2>
      {waiting.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ul>
          {waiting.map(({ target, count, more }) => (
            <li key={target.groupId ?? "all"}>
              <a href={takeableUrl(target)}>{t.show(more ? `${count}+` : String(count), count === 1 && !more, directory!.groupName(target.groupId))}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
