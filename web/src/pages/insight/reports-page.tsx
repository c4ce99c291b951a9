import { useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { formatDateTime, locale } from "../../i18n";
import { Field } from "../../ui/form";
import { isAdmin, session } from "../../session";
import { Loaded, useResource } from "../../ui/state";
import { BarChart, TimeSeriesChart } from "../../ui/svg-charts";
import { reportsText } from "./reports-text";
import "./insight.css";

type Query = Parameters<typeof api.reports.kpis.$get>[0]["query"];
type GroupBy = NonNullable<Query["groupBy"]>;

function loadReport(query: Query) {
  return data(api.reports.kpis.$get({ query }));
}
type KpiReport = Awaited<ReturnType<typeof loadReport>>;
type Kpis = KpiReport["total"];
type Fraction = Kpis["oneTouch"];
type Durations = Kpis["firstReply"];
type SlaMetric = keyof Kpis["sla"];

const SLA_METRICS: SlaMetric[] = ["first_reply", "next_reply", "periodic_update", "periodic_update_unpaused", "requester_wait", "resolution", "total_resolution"];
const GROUPS: GroupBy[] = ["agent", "group", "channel", "priority"];
type Preset = "last7" | "last30" | "thisMonth" | "custom";
const PRESETS: Preset[] = ["last7", "last30", "thisMonth", "custom"];

/** A local calendar date as YYYY-MM-DD. */
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

function presetRange(preset: Exclude<Preset, "custom">, now = new Date()): { from: string; to: string } {
  const to = isoDay(now);
  if (preset === "thisMonth") return { from: isoDay(new Date(now.getFullYear(), now.getMonth(), 1)), to };
  const days = preset === "last7" ? 7 : 30;
  return { from: isoDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1))), to };
}

/** A report date (a local date of the workspace, no instant) as the user reads it. */
const formatDay = (day: string, short = false) =>
  new Intl.DateTimeFormat(locale.value, short ? { month: "numeric", day: "numeric", timeZone: "UTC" } : { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

const formatNumber = (n: number) => new Intl.NumberFormat(locale.value).format(n);
const formatPercent = (rate: number) => new Intl.NumberFormat(locale.value, { style: "percent", maximumFractionDigits: 1 }).format(rate);

/** "12 of 40 (30%)"; "—" when nothing was counted. */
export function formatFraction(f: Fraction): string {
  const t = reportsText();
  if (f.rate === null) return "—";
  return t.fraction(formatNumber(f.numerator), formatNumber(f.denominator), formatPercent(f.rate));
}

/** Minutes as "45 min", "2 h 5 min", "3 d 4 h"; "—" when not measured. */
export function formatMinutes(minutes: number | null): string {
  const t = reportsText();
  if (minutes === null) return "—";
  if (minutes > 0 && minutes < 1) return t.lessThanMinute;
  const total = Math.round(minutes);
  if (total < 60) return t.min(total);
  if (total < 24 * 60) return t.hm(Math.floor(total / 60), total % 60);
  const hours = Math.round(total / 60);
  return t.dh(Math.floor(hours / 24), hours % 24);
}

/** Owners and admins pick whose tickets (the workspace, or one agent); an agent always reads their own. */
function useWhose() {
  const admin = isAdmin();
  const me = session.value!.user.id;
  const [assigneeId, setAssigneeId] = useState(admin ? "" : me);
  const people = useResource(async () => (admin ? (await data(api.users.$get())).items : []), [admin]);
  return { admin, assigneeId: admin ? assigneeId : me, setAssigneeId, people: people.data ?? [] };
}

export function ReportsPage() {
  const t = reportsText();
  const [preset, setPreset] = useState<Preset>("last30");
  const [custom, setCustom] = useState(() => presetRange("last30"));
  const [groupBy, setGroupBy] = useState<GroupBy | "">("");
  const [applied, setApplied] = useState(() => presetRange("last30"));
  const [localError, setLocalError] = useState<{ from?: string; to?: string }>({});
  const whose = useWhose();

  const query: Query = { ...applied, ...(groupBy ? { groupBy } : {}), ...(whose.assigneeId ? { assigneeId: whose.assigneeId } : {}) };
  const queryKey = JSON.stringify(query);
  const report = useResource(() => loadReport(query), [queryKey]);
  const apiFields = report.error instanceof ApiError ? report.error.fields : {};
  const csvHref = `/api/v1/reports/kpis.csv?${new URLSearchParams(query as Record<string, string>)}`;

  const choosePreset = (next: Preset) => {
    setPreset(next);
    setLocalError({});
    if (next !== "custom") setApplied(presetRange(next));
    else setCustom(applied);
  };
  const applyCustom = (event: Event) => {
    event.preventDefault();
    const errors: { from?: string; to?: string } = {};
    if (!custom.from) errors.from = t.from;
    if (!custom.to) errors.to = t.to;
    if (custom.from && custom.to && custom.to < custom.from) errors.to = t.toBeforeFrom;
    setLocalError(errors);
    if (Object.keys(errors).length) return;
    setApplied({ ...custom });
  };

  return (
    <div class="insight reports">
      <h1>{whose.admin ? t.title : t.myTitle}</h1>
      {!whose.admin && <p class="muted">{t.myIntro}</p>}
      <form class="panel report-controls" onSubmit={applyCustom} noValidate>
        <div class="row controls-row">
          {whose.admin && (
            <Field label={t.whose}>
              {(id) => (
                <select id={id} value={whose.assigneeId} onChange={(e) => whose.setAssigneeId(e.currentTarget.value)}>
                  <option value="">{t.wholeWorkspace}</option>
                  {whose.people.map((u) => (
                    <option key={u.id} value={u.id}>
                      {t.agentTickets(u.name)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={t.period}>
            {(id) => (
              <select id={id} value={preset} onChange={(e) => choosePreset(e.currentTarget.value as Preset)}>
                {PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {t[p]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {preset === "custom" && (
            <>
              <Field label={t.from} error={localError.from ?? apiFields.from}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    type="date"
                    value={custom.from}
                    required
                    aria-invalid={localError.from || apiFields.from ? true : undefined}
                    aria-describedby={describedBy}
                    onInput={(e) => setCustom({ ...custom, from: e.currentTarget.value })}
                  />
                )}
              </Field>
              <Field label={t.to} error={localError.to ?? apiFields.to}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    type="date"
                    value={custom.to}
                    required
                    aria-invalid={localError.to || apiFields.to ? true : undefined}
                    aria-describedby={describedBy}
                    onInput={(e) => setCustom({ ...custom, to: e.currentTarget.value })}
                  />
                )}
              </Field>
              <div class="apply">
                <button type="submit" class="primary">
                  {t.apply}
                </button>
              </div>
            </>
          )}
          <Field label={t.groupBy}>
            {(id) => (
              <select id={id} value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value as GroupBy | "")}>
                <option value="">{t.groupNone}</option>
                {GROUPS.map((g) => (
                  <option key={g} value={g}>
                    {groupLabel(g)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="csv">
            <a class="button-link" href={csvHref} download title={t.csvHint}>
              {t.downloadCsv}
            </a>
          </div>
        </div>
      </form>
      {report.error instanceof ApiError && report.error.status === 403 ? (
        <p class="notice error" role="alert">
          {t.forbidden}
        </p>
      ) : (
        <div class={report.loading ? "report-body refreshing" : "report-body"} aria-live="polite" aria-busy={report.loading}>
          <Loaded resource={report}>{(r) => <Report report={r} />}</Loaded>
        </div>
      )}
    </div>
  );
}

function groupLabel(g: GroupBy) {
  const t = reportsText();
  return { agent: t.groupAgent, group: t.groupGroup, channel: t.groupChannel, priority: t.groupPriority }[g];
}

function bucketName(groupBy: GroupBy | null, bucket: KpiReport["buckets"][number]) {
  const t = reportsText();
  if (bucket.key === "none") return groupBy === "group" ? t.noGroup : t.unassigned;
  if (groupBy === "channel" || groupBy === "priority") {
    const key = `${groupBy}_${bucket.key}` as keyof ReturnType<typeof reportsText>;
    const known = t[key];
    if (typeof known === "string") return known;
  }
  return bucket.name;
}

function Report({ report }: { report: KpiReport }) {
  const t = reportsText();
  const k = report.total;
  return (
    <>
      <p class="muted report-range">
        {t.range(formatDay(report.from), formatDay(report.to), report.timeZone)}
        <br />
        {t.generated(formatDateTime(report.generatedAt))}
      </p>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t.summary}</h2>
        <div class="cards">
          <Card label={t.ticketsCreated} value={formatNumber(k.ticketsCreated)} />
          <Card label={t.ticketsSolved} value={formatNumber(k.ticketsSolved)} />
          <Card label={t.backlogNow} value={formatNumber(k.backlogNow)} hint={t.backlogHint} />
          <Card label={t.complaints} value={formatNumber(k.complaints)} />
          <Card label={t.oneTouch} value={rateText(k.oneTouch)} hint={partsText(k.oneTouch, t.ofSolved)} />
          <Card label={t.reopened} value={rateText(k.reopened)} hint={partsText(k.reopened, t.ofSolved)} />
          <Card label={t.csatScore} value={rateText(k.csat.score)} hint={partsText(k.csat.score, t.satisfiedOfAnswered)} />
          <Card label={t.csatResponse} value={rateText(k.csat.responseRate)} hint={partsText(k.csat.responseRate, t.answeredOfSent)} />
          <DurationCard label={t.firstReply} d={k.firstReply} />
          <DurationCard label={t.resolution} d={k.resolution} />
          <DurationCard label={t.requesterWait} d={k.requesterWait} hint={t.requesterWaitHint} />
          <div class="card wide">
            <div class="card-label">{t.slaTitle}</div>
            <dl class="sla-list">
              {SLA_METRICS.map((m) => (
                <div key={m}>
                  <dt>{t[`sla_${m}`]}</dt>
                  <dd>{formatFraction(k.sla[m])}</dd>
                </div>
              ))}
            </dl>
            <div class="card-hint muted">{t.achievedOfDue}</div>
          </div>
        </div>
      </section>
      <section aria-labelledby="charts-title">
        <h2 id="charts-title">{t.charts}</h2>
        <div class="chart-grid">
          <div class="panel">
            <TimeSeriesChart
              id="chart-volume"
              kind="bar"
              title={t.volumeChart}
              xLabel={t.day}
              yLabel={t.tickets}
              points={k.daily.map((d) => ({ label: formatDay(d.date, true), value: d.created }))}
              format={formatNumber}
            />
          </div>
          <div class="panel">
            <TimeSeriesChart
              id="chart-backlog"
              kind="line"
              title={t.backlogChart}
              description={t.backlogChartHint}
              xLabel={t.day}
              yLabel={t.tickets}
              points={k.daily.map((d) => ({ label: formatDay(d.date, true), value: d.backlog }))}
              format={formatNumber}
            />
          </div>
          <div class="panel">
            <DurationChart id="chart-first-reply" title={t.firstReplyChart} d={k.firstReply} />
          </div>
          <div class="panel">
            <DurationChart id="chart-resolution" title={t.resolutionChart} d={k.resolution} />
          </div>
          <div class="panel">
            <BarChart
              id="chart-sla"
              title={t.slaChart}
              categoryLabel={t.metric}
              valueLabel={t.achievedPct}
              series={[t.achievedPct]}
              max={100}
              formatTick={(v) => `${v}%`}
              rows={SLA_METRICS.map((m) => ({ label: t[`sla_${m}`], values: [pct(k.sla[m])], texts: [formatFraction(k.sla[m])] }))}
            />
          </div>
          <div class="panel">
            <BarChart
              id="chart-csat"
              title={t.csatChart}
              categoryLabel={t.measure}
              valueLabel={t.percent}
              series={[t.percent]}
              max={100}
              formatTick={(v) => `${v}%`}
              rows={[
                { label: t.csatScore, values: [pct(k.csat.score)], texts: [formatFraction(k.csat.score)] },
                { label: t.csatResponse, values: [pct(k.csat.responseRate)], texts: [formatFraction(k.csat.responseRate)] },
              ]}
            />
          </div>
        </div>
      </section>
      {report.groupBy && <Buckets report={report} groupBy={report.groupBy} />}
    </>
  );
}

const pct = (f: Fraction) => (f.rate === null ? null : f.rate * 100);
const rateText = (f: Fraction) => (f.rate === null ? "—" : formatPercent(f.rate));
const partsText = (f: Fraction, what: string) => (f.rate === null ? what : `${formatFraction(f)} · ${what}`);

function Card(props: { label: string; value: string; hint?: string }) {
  return (
    <div class="card">
      <div class="card-label">{props.label}</div>
      <div class="card-value">{props.value}</div>
      {props.hint && <div class="card-hint muted">{props.hint}</div>}
    </div>
  );
}

function DurationCard({ label, d, hint }: { label: string; d: Durations; hint?: string }) {
  const t = reportsText();
  return (
    <div class="card wide">
      <div class="card-label">{label}</div>
      <dl class="durations">
        <div>
          <dt>
            {t.median} · {t.business}
          </dt>
          <dd class="card-value">{formatMinutes(d.businessMinutes.median)}</dd>
        </div>
        <div>
          <dt>
            {t.p90} · {t.business}
          </dt>
          <dd>{formatMinutes(d.businessMinutes.p90)}</dd>
        </div>
        <div>
          <dt>
            {t.median} · {t.calendar}
          </dt>
          <dd>{formatMinutes(d.calendarMinutes.median)}</dd>
        </div>
        <div>
          <dt>
            {t.p90} · {t.calendar}
          </dt>
          <dd>{formatMinutes(d.calendarMinutes.p90)}</dd>
        </div>
      </dl>
      <div class="card-hint muted">
        {hint && (
          <>
            {hint}
            <br />
          </>
        )}
        {t.measured(d.count)}
      </div>
    </div>
  );
}

/** Median and p90, business and calendar, in one unit chosen from the largest value. */
function DurationChart({ id, title, d }: { id: string; title: string; d: Durations }) {
  const t = reportsText();
  const all = [d.businessMinutes.median, d.businessMinutes.p90, d.calendarMinutes.median, d.calendarMinutes.p90].filter((v): v is number => v !== null);
  const largest = Math.max(0, ...all);
  const [divisor, unit] = largest >= 2 * 24 * 60 ? [24 * 60, t.daysUnit] : largest >= 120 ? [60, t.hoursUnit] : [1, t.minutesUnit];
  const scaled = (v: number | null) => (v === null ? null : v / divisor);
  return (
    <BarChart
      id={id}
      title={title}
      description={t.measured(d.count)}
      categoryLabel={t.statistic}
      valueLabel={t.timeIn(unit)}
      series={[t.business, t.calendar]}
      formatTick={(v) => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 3 }).format(v)}
      rows={[
        { label: t.median, values: [scaled(d.businessMinutes.median), scaled(d.calendarMinutes.median)], texts: [formatMinutes(d.businessMinutes.median), formatMinutes(d.calendarMinutes.median)] },
        { label: t.p90, values: [scaled(d.businessMinutes.p90), scaled(d.calendarMinutes.p90)], texts: [formatMinutes(d.businessMinutes.p90), formatMinutes(d.calendarMinutes.p90)] },
      ]}
    />
  );
}

function Buckets({ report, groupBy }: { report: KpiReport; groupBy: GroupBy }) {
  const t = reportsText();
  const dimension = groupLabel(groupBy);
  return (
    <section aria-labelledby="buckets-title">
      <h2 id="buckets-title">{t.byBucket(dimension)}</h2>
      <div class="panel">
        <BarChart
          id="chart-buckets"
          title={t.bucketChart(dimension)}
          categoryLabel={dimension}
          valueLabel={t.tickets}
          series={[t.created, t.solved]}
          formatTick={formatNumber}
          integer
          rows={report.buckets.map((b) => ({
            label: bucketName(groupBy, b),
            values: [b.kpis.ticketsCreated, b.kpis.ticketsSolved],
            texts: [formatNumber(b.kpis.ticketsCreated), formatNumber(b.kpis.ticketsSolved)],
          }))}
        />
      </div>
      <div class="table-wrap">
        <table class="bucket-table">
          <thead>
            <tr>
              <th scope="col">{dimension}</th>
              <th scope="col">{t.created}</th>
              <th scope="col">{t.solved}</th>
              <th scope="col">{t.backlogNow}</th>
              <th scope="col">{t.firstReplyMedian}</th>
              <th scope="col">{t.resolutionMedian}</th>
              <th scope="col">{t.slaFirstReply}</th>
              <th scope="col">{t.slaResolution}</th>
              <th scope="col">{t.oneTouch}</th>
              <th scope="col">{t.reopened}</th>
              <th scope="col">{t.csat}</th>
              <th scope="col">{t.complaints}</th>
            </tr>
          </thead>
          <tbody>
            {report.buckets.map((b) => (
              <tr key={b.key}>
                <th scope="row">{bucketName(groupBy, b)}</th>
                <td>{formatNumber(b.kpis.ticketsCreated)}</td>
                <td>{formatNumber(b.kpis.ticketsSolved)}</td>
                <td>{formatNumber(b.kpis.backlogNow)}</td>
                <td>{formatMinutes(b.kpis.firstReply.businessMinutes.median)}</td>
                <td>{formatMinutes(b.kpis.resolution.businessMinutes.median)}</td>
                <td>{formatFraction(b.kpis.sla.first_reply)}</td>
                <td>{formatFraction(b.kpis.sla.resolution)}</td>
                <td>{formatFraction(b.kpis.oneTouch)}</td>
                <td>{formatFraction(b.kpis.reopened)}</td>
                <td>{formatFraction(b.kpis.csat.score)}</td>
                <td>{formatNumber(b.kpis.complaints)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
