import { formatDateTime, formatRelative, messages } from "../../i18n";
import type { SlaClock } from "./agent-api";
import { label } from "./enum-labels";

const text = messages({
  en: {
    due: (when: string) => `Due ${when}`,
    breached: (when: string) => `Breached ${when}`,
    metAt: (when: string) => `Met ${when}`,
    paused: "Paused",
    stopped: "Stopped",
  },
  "zh-CN": {
    due: (when: string) => `${when}到期`,
    breached: (when: string) => `${when}已超时`,
    metAt: (when: string) => `${when}已达成`,
    paused: "已暂停",
    stopped: "已停止",
  },
});

/** Within this much time of its deadline a clock shows as a warning. */
const WARN_WITHIN_MS = 2 * 3_600_000;

/** A deadline as a coloured badge: ok, warn (due within two hours), danger (passed). */
export function DueBadge(props: { dueAt: string; now: number; prefix?: string }) {
  const t = text();
  const left = Date.parse(props.dueAt) - props.now;
  const tone = left <= 0 ? "danger" : left <= WARN_WITHIN_MS ? "warn" : "ok";
  const when = formatRelative(props.dueAt, props.now);
  const words = left <= 0 ? t.breached(when) : t.due(when);
  return (
    <span class={`badge ${tone}`} title={formatDateTime(props.dueAt)}>
      {props.prefix ? `${props.prefix} · ${words}` : words}
    </span>
  );
}

/** One SLA clock: its metric and where it stands (a live countdown while it runs). */
export function ClockBadge(props: { clock: SlaClock; now: number }) {
  const t = text();
  const { clock, now } = props;
  const metric = label("metric", clock.metric) + (clock.instance > 1 ? ` #${clock.instance}` : "");
  if (clock.state === "running" && clock.dueAt) return <DueBadge dueAt={clock.dueAt} now={now} prefix={metric} />;
  if (clock.state === "breached")
    return (
      <span class="badge danger" title={formatDateTime(clock.breachedAt)}>
        {metric} · {t.breached(formatRelative(clock.breachedAt ?? clock.dueAt ?? new Date(now), now))}
      </span>
    );
  if (clock.state === "fulfilled")
    return (
      <span class="badge ok" title={formatDateTime(clock.fulfilledAt)}>
        {metric} · {t.metAt(formatRelative(clock.fulfilledAt!, now))}
      </span>
    );
  return (
    <span class="badge">
      {metric} · {clock.state === "paused" ? t.paused : t.stopped}
    </span>
  );
}
