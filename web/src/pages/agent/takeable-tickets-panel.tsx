import { useMemo } from "preact/hooks";
import { messages } from "../../i18n";
import { useDirectory } from "./directory";
import { takeableQuery, takeableTargets, takeableUrl } from "./takeable-tickets";
import { countLabel, useTicketCounts } from "./use-ticket-counts";

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
  const targets = useMemo(() => (groups ? takeableTargets(props.myId, groups) : null), [groups, props.myId]);
  const counts = useTicketCounts(targets?.map((target) => takeableQuery(target, props.myId)) ?? null, targets);
  const waiting = counts.data && targets?.map((target, i) => ({ target, ...counts.data![i]! })).filter((c) => c.count !== null && c.count > 0);
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
              <a href={takeableUrl(target)}>{t.show(countLabel({ count, more }), count === 1 && !more, directory!.groupName(target.groupId))}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
