import { Fragment } from "preact";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import type { SlaClock, SlaTimeline } from "./agent-api";
import { useDirectory, type Directory } from "./directory";
import { label } from "./enum-labels";
import { ClockBadge } from "./sla-badge";
import { useNow } from "./use-now";

const text = messages({
  en: {
    title: "SLA deadlines",
    none: "No SLA policy applies to this ticket.",
    blocked: "No deadlines: the policy's business calendar has no usable open hours. An admin can fix it under Settings → Business hours.",
    noClocks: "No deadlines yet.",
    explain: "Why these deadlines",
    policy: (name: string) => `Policy: ${name}`,
    noPolicy: "No policy",
    target: (minutes: number, business: boolean) => `Target: ${minutes} ${business ? "business" : "calendar"} minute${minutes === 1 ? "" : "s"}`,
    started: "Started",
    paused: "Paused",
    until: "until",
    stillPaused: "still paused",
    due: "Due",
    fulfilled: "Met",
    breached: "Breached",
    elapsed: (minutes: number) => `Active time: ${minutes} minute${minutes === 1 ? "" : "s"}`,
    kept: "Reached under an earlier policy or priority; kept as history.",
    list: (values: string[]) => values.join(", "),
    or: (values: string[]) => (values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}` : values.join("")),
    policyAllows: (allowed: string) => ` (policy: ${allowed})`,
    noConditions: "No conditions: applies to every ticket",
    priority: (value: string) => `Priority is ${value}`,
    type: (value: string) => `Type is ${value}`,
    channel: (value: string) => `Channel is ${value}`,
    customerTier: (value: string) => `Customer tier is ${value}`,
    groupId: (value: string) => `Group is ${value}`,
    tagsAny: (tags: string, allowed: string) => `Has the tag${tags.includes(",") ? "s" : ""} ${tags} (policy: any of ${allowed})`,
    tagsAll: (tags: string) => `Has all of the tags ${tags}`,
  },
  "zh-CN": {
    title: "SLA 截止时间",
    none: "此工单不适用任何 SLA 策略。",
    blocked: "无法计算时限：该策略的工作日历没有可用的营业时间。管理员可在“设置 → 工作时间”中修正。",
    noClocks: "暂时没有截止时间。",
    explain: "为什么是这些截止时间",
    policy: (name: string) => `策略：${name}`,
    noPolicy: "无策略",
    target: (minutes: number, business: boolean) => `目标：${minutes} 分钟（${business ? "工作时间" : "自然时间"}）`,
    started: "开始",
    paused: "暂停",
    until: "至",
    stillPaused: "仍在暂停",
    due: "截止",
    fulfilled: "达成",
    breached: "超时",
    elapsed: (minutes: number) => `计时：${minutes} 分钟`,
    kept: "此结果在此前的策略或优先级下达成，作为历史保留。",
    list: (values: string[]) => values.join("、"),
    or: (values: string[]) => values.join("或"),
    policyAllows: (allowed: string) => `（策略：${allowed}）`,
    noConditions: "无条件：适用于所有工单",
    priority: (value: string) => `优先级为${value}`,
    type: (value: string) => `类型为${value}`,
    channel: (value: string) => `渠道为${value}`,
    customerTier: (value: string) => `客户等级为${value}`,
    groupId: (value: string) => `分组为${value}`,
    tagsAny: (tags: string, allowed: string) => `带有标签 ${tags}（策略：任一 ${allowed}）`,
    tagsAll: (tags: string) => `带有全部标签 ${tags}`,
  },
});

/** "60 business minutes" → its parts (the API states the target in words). */
function targetOf(target: string): { minutes: number; business: boolean } | null {
  const match = /^(\d+) (business|calendar) minutes$/.exec(target);
  return match ? { minutes: Number(match[1]), business: match[2] === "business" } : null;
}

/** Every deadline as a live badge (refreshed every 30 s), and the explain timeline folded. */
export function TicketSlaPanel(props: { ticketId: string; version: number }) {
  const t = text();
  const now = useNow(30_000);
  const sla = useResource(() => data(api.tickets[":id"].sla.$get({ param: { id: props.ticketId } })), [props.ticketId, props.version]);
  const directory = useDirectory();
  return (
    <section class="panel sla-panel" aria-labelledby="sla-title">
      <h2 id="sla-title">{t.title}</h2>
      <Loaded resource={sla}>
        {(timeline) =>
          !timeline.policy && timeline.clocks.length === 0 ? (
            <p class="muted">{t.none}</p>
          ) : (
            <>
              {timeline.blockedBy ? (
                <p class="notice error" role="alert">
                  {t.blocked}
                </p>
              ) : timeline.clocks.length === 0 ? (
                <p class="muted">{t.noClocks}</p>
              ) : (
                <ul class="clock-badges" aria-live="polite">
                  {timeline.clocks.map((clock) => (
                    <li key={`${clock.metric}-${clock.instance}`}>
                      <ClockBadge clock={clock} now={now} />
                    </li>
                  ))}
                </ul>
              )}
              <details class="sla-explain">
                <summary>{t.explain}</summary>
                <p>{timeline.policy ? t.policy(timeline.policy.name) : t.noPolicy}</p>
                {timeline.matched.length > 0 && (
                  <ul class="reasons">
                    {timeline.matched.map((match) => (
                      <li key={match.condition}>{describeMatch(match, directory)}</li>
                    ))}
                  </ul>
                )}
                <ol class="clock-timeline">
                  {timeline.clocks.map((clock) => (
                    <ClockTimeline key={`${clock.metric}-${clock.instance}`} clock={clock} />
                  ))}
                </ol>
              </details>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

/** A condition of the policy that holds, in the user's language (enum values translated, groups by name). */
function describeMatch(match: SlaTimeline["matched"][number], directory: Directory | null): string {
  const t = text();
  const names = (values: string[]): string[] => {
    switch (match.condition) {
      case "priority":
        return values.map((v) => label("priority", v));
      case "type":
        return values.map((v) => label("type", v));
      case "channel":
        return values.map((v) => label("channel", v));
      case "customerTier":
        return values.map((v) => label("tier", v));
      case "groupId":
        return values.map((v) => directory?.groupName(v) ?? v);
      default:
        return values;
    }
  };
  const values = names(match.values);
  const allowed = names(match.allowed);
  switch (match.condition) {
    case "none":
      return t.noConditions;
    case "tagsAny":
      return t.tagsAny(t.list(values), t.list(allowed));
    case "tagsAll":
      return t.tagsAll(t.list(allowed));
    default:
      return t[match.condition](t.or(values)) + (allowed.length > 1 ? t.policyAllows(t.list(allowed)) : "");
  }
}

function ClockTimeline(props: { clock: SlaClock }) {
  const t = text();
  const { clock } = props;
  const target = targetOf(clock.target);
  return (
    <li>
      <strong>
        {label("metric", clock.metric)}
        {clock.instance > 1 ? ` #${clock.instance}` : ""}
      </strong>{" "}
      <span class="muted">· {label("clock", clock.state)}</span>
      {target && <div class="muted">{t.target(target.minutes, target.business)}</div>}
      {clock.kept && <div class="muted">{t.kept}</div>}
      <dl class="timeline">
        <dt>{t.started}</dt>
        <dd>{formatDateTime(clock.startedAt)}</dd>
        {clock.pauses.map((pause) => (
          <Fragment key={pause.from}>
            <dt>{t.paused}</dt>
            <dd>
              {formatDateTime(pause.from)} {pause.to ? `${t.until} ${formatDateTime(pause.to)}` : `(${t.stillPaused})`}
            </dd>
          </Fragment>
        ))}
        {clock.dueAt && (
          <>
            <dt>{t.due}</dt>
            <dd>{formatDateTime(clock.dueAt)}</dd>
          </>
        )}
        {clock.fulfilledAt && (
          <>
            <dt>{t.fulfilled}</dt>
            <dd>{formatDateTime(clock.fulfilledAt)}</dd>
          </>
        )}
        {clock.breachedAt && (
          <>
            <dt>{t.breached}</dt>
            <dd>{formatDateTime(clock.breachedAt)}</dd>
          </>
        )}
      </dl>
      <small class="muted">{t.elapsed(Math.round(clock.elapsedMinutes))}</small>
    </li>
  );
}
