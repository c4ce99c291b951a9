import { messages } from "../../i18n";
import { CheckGroup } from "../../ui/check-group";
import { pausedStatusesOf, UNPAUSABLE_METRICS } from "../../../../workers/core/sla/metric-pauses";
import type { Metric, TicketStatus } from "./admin-types";
import { labels, METRICS, STATUSES } from "./admin-words";
import { errorsUnder } from "./field-errors";

const text = messages({
  en: {
    legend: "Pauses per metric",
    hint: "Each measured metric pauses in its own statuses. A metric you leave alone keeps its default: first and next reply never pause, periodic update and resolution follow the statuses above, requester wait pauses only in Pending.",
    useDefault: (metric: string) => `Use the default for ${metric}`,
    custom: (metric: string) => `${metric} (set for this policy)`,
    neverPause: (metrics: string) => `${metrics}: never pause.`,
  },
  "zh-CN": {
    legend: "按指标设置暂停状态",
    hint: "每个被考核的指标可以在各自的状态下暂停。未单独设置的指标使用默认值：首次回复和下次回复从不暂停，定期更新和解决跟随上方的状态，客户等待只在“待客户回复”时暂停。",
    useDefault: (metric: string) => `${metric}恢复默认`,
    custom: (metric: string) => `${metric}（本策略单独设置）`,
    neverPause: (metrics: string) => `${metrics}：从不暂停。`,
  },
});

export type MetricPausesValue = Partial<Record<Metric, TicketStatus[]>>;

/**
 * The statuses that pause each metric the policy measures: shown as they apply (the policy's own
 * setting, else the metric's default from `pausedStatusesOf`); changing one sets it for this policy.
 */
export function MetricPauses(props: { measured: readonly Metric[]; policyWide: TicketStatus[]; value: MetricPausesValue; onChange: (next: MetricPausesValue) => void; fields: Record<string, string> }) {
  const t = text();
  const words = labels();
  const pausable = METRICS.filter((m) => props.measured.includes(m) && !UNPAUSABLE_METRICS.includes(m));
  const unpausable = METRICS.filter((m) => props.measured.includes(m) && UNPAUSABLE_METRICS.includes(m));
  if (pausable.length === 0 && unpausable.length === 0) return null;
  const set = (metric: Metric, next: TicketStatus[] | undefined) => {
    const { [metric]: _, ...rest } = props.value;
    props.onChange(next ? { ...rest, [metric]: next } : rest);
  };
  return (
    <fieldset class="metric-pauses">
      <legend>{t.legend}</legend>
      <small class="hint">{t.hint}</small>
      {pausable.map((metric) => {
        const own = props.value[metric];
        const shown = own ?? [...pausedStatusesOf(metric, { pausedStatuses: props.policyWide })];
        return (
          <div key={metric} class="metric-pause">
            <CheckGroup
              legend={own ? t.custom(words.metric[metric]) : words.metric[metric]}
              options={STATUSES}
              labelOf={(v) => words.status[v]}
              value={shown}
              onChange={(next) => set(metric, next)}
              error={errorsUnder(props.fields, `pausedStatusesByMetric.${metric}`)}
            />
            {own && (
              <button type="button" class="link" onClick={() => set(metric, undefined)}>
                {t.useDefault(words.metric[metric])}
              </button>
            )}
          </div>
        );
      })}
      {unpausable.length > 0 && <small class="hint">{t.neverPause(unpausable.map((m) => words.metric[m]).join(", "))}</small>}
      {props.fields.pausedStatusesByMetric && (
        <small class="field-error" role="alert">
          {props.fields.pausedStatusesByMetric}
        </small>
      )}
    </fieldset>
  );
}
