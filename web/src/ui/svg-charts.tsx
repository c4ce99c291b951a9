import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { messages } from "../i18n";
import "./svg-charts.css";

/**
 * Small hand-written SVG charts (no chart library). Each is a <figure> with a visible title;
 * the drawing is hidden from screen readers, which read a visually hidden table of the same
 * numbers instead. Charts are drawn at their container's real width, so labels keep their size
 * on a phone.
 */
const chartText = messages({
  en: { noData: "No data for this range.", notMeasured: "—" },
  "zh-CN": { noData: "此时间范围内没有数据。", notMeasured: "—" },
});

/** The width of an element, kept up to date. */
function useWidth<T extends Element>(initial = 600) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(200, Math.floor(element.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** A round axis maximum at or above `max`, and its tick values (about four). */
export function niceScale(max: number, integer = true): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough && (!integer || Number.isInteger(s))) ?? Math.ceil(rough);
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toFixed(10)));
  return ticks;
}

function Figure(props: { title: string; id: string; children: ComponentChildren; table: ComponentChildren; legend?: ComponentChildren; description?: string }) {
  return (
    <figure class="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`} class="chart-title">
        {props.title}
      </figcaption>
      {props.description && <p class="chart-description muted">{props.description}</p>}
      {props.legend}
      {props.children}
      <div class="chart-data">{props.table}</div>
    </figure>
  );
}

export interface SeriesPoint {
  /** The x value as shown (e.g. a formatted date). */
  label: string;
  value: number | null;
}

/**
 * Values over time: columns ("bar") or a line with dots ("line"). Null values are gaps.
 */
export function TimeSeriesChart(props: {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  points: SeriesPoint[];
  kind: "bar" | "line";
  format?: (value: number) => string;
  description?: string;
}) {
  const t = chartText();
  const { ref, width } = useWidth<HTMLDivElement>();
  const format = props.format ?? ((v: number) => String(v));
  const height = 220;
  const margin = { top: 12, right: 12, bottom: 44, left: 52 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const values = props.points.map((p) => p.value).filter((v): v is number => v !== null);
  const ticks = niceScale(Math.max(0, ...values));
  const top = ticks[ticks.length - 1]!;
  const n = props.points.length;
  const slot = n ? plotWidth / n : plotWidth;
  const x = (i: number) => margin.left + slot * i + slot / 2;
  const y = (v: number) => margin.top + plotHeight - (v / top) * plotHeight;
  // Label every k-th day so labels (about 44px) never overlap.
  const every = Math.max(1, Math.ceil(48 / slot));
  const barWidth = Math.max(1, Math.min(28, slot * 0.7));
  const linePath = props.points
    .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
    .reduce<string[]>((segments, point, i, all) => {
      if (point === null) return segments;
      segments.push(`${i > 0 && all[i - 1] !== null ? "L" : "M"}${point}`);
      return segments;
    }, [])
    .join(" ");
  return (
    <Figure
      id={props.id}
      title={props.title}
      description={props.description}
      table={
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.xLabel}</th>
              <th scope="col">{props.yLabel}</th>
            </tr>
          </thead>
          <tbody>
            {props.points.map((p) => (
              <tr key={p.label}>
                <th scope="row">{p.label}</th>
                <td>{p.value === null ? t.notMeasured : format(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <div ref={ref} class="chart-canvas">
        {n === 0 ? (
          <p class="empty">{t.noData}</p>
        ) : (
          <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
            {ticks.map((tick) => (
              <g key={tick} class="tick">
                <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} class="grid" />
                <text x={margin.left - 6} y={y(tick)} dy="0.32em" text-anchor="end">
                  {format(tick)}
                </text>
              </g>
            ))}
            {props.kind === "bar"
              ? props.points.map((p, i) =>
                  p.value === null || p.value === 0 ? null : (
                    <rect key={i} class="bar" x={x(i) - barWidth / 2} y={y(p.value)} width={barWidth} height={margin.top + plotHeight - y(p.value)}>
                      <title>{`${p.label}: ${format(p.value)}`}</title>
                    </rect>
                  ),
                )
              : [
                  <path key="line" class="line" d={linePath} />,
                  ...props.points.map((p, i) =>
                    p.value === null ? null : (
                      <circle key={i} class="dot" cx={x(i)} cy={y(p.value)} r={n > 60 ? 1.5 : 3}>
                        <title>{`${p.label}: ${format(p.value)}`}</title>
                      </circle>
                    ),
                  ),
                ]}
            <line class="axis" x1={margin.left} x2={width - margin.right} y1={margin.top + plotHeight} y2={margin.top + plotHeight} />
            {props.points.map((p, i) =>
              i % every === 0 ? (
                <text key={p.label} class="x-label" x={x(i)} y={margin.top + plotHeight + 14} text-anchor="middle">
                  {p.label}
                </text>
              ) : null,
            )}
            <text class="axis-label" x={margin.left + plotWidth / 2} y={height - 6} text-anchor="middle">
              {props.xLabel}
            </text>
            <text class="axis-label" transform={`translate(12 ${margin.top + plotHeight / 2}) rotate(-90)`} text-anchor="middle">
              {props.yLabel}
            </text>
          </svg>
        )}
      </div>
    </Figure>
  );
}

export interface BarRow {
  label: string;
  /** One value per series; null = not measured (no bar, shown as "—"). */
  values: (number | null)[];
  /** How each value reads, e.g. "12 of 40 (30%)" or "2 h 5 min". */
  texts: string[];
}

/**
 * Horizontal bars, one row per category and one bar per series (with a legend when there are
 * several), each labelled with its value as text.
 */
export function BarChart(props: {
  id: string;
  title: string;
  /** The row header of the data table, e.g. "Metric". */
  categoryLabel: string;
  /** The value axis, e.g. "Achieved (%)". */
  valueLabel: string;
  series: string[];
  rows: BarRow[];
  /** The axis maximum (e.g. 100 for percentages); default: rounded up from the largest value. */
  max?: number;
  formatTick?: (value: number) => string;
  /** Counts: whole-number ticks only. */
  integer?: boolean;
  description?: string;
}) {
  const t = chartText();
  const { ref, width } = useWidth<HTMLDivElement>();
  const labelWidth = Math.min(190, Math.max(100, width * 0.32));
  const textWidth = Math.min(150, Math.max(84, width * 0.24));
  const margin = { top: 6, right: textWidth, bottom: 40, left: labelWidth };
  const barHeight = 16;
  const gap = 4;
  const rowHeight = props.series.length * (barHeight + gap) + 10;
  const plotWidth = Math.max(40, width - margin.left - margin.right);
  const plotHeight = props.rows.length * rowHeight;
  const height = margin.top + plotHeight + margin.bottom;
  const values = props.rows.flatMap((r) => r.values).filter((v): v is number => v !== null);
  const ticks = props.max !== undefined ? niceScale(props.max) : niceScale(Math.max(0, ...values), props.integer ?? false);
  const top = props.max ?? ticks[ticks.length - 1]!;
  const shownTicks = ticks.filter((tick) => tick <= top);
  const formatTick = props.formatTick ?? ((v: number) => String(v));
  const x = (v: number) => margin.left + (Math.min(v, top) / top) * plotWidth;
  const single = props.series.length === 1;
  return (
    <Figure
      id={props.id}
      title={props.title}
      description={props.description}
      legend={
        single ? undefined : (
          <ul class="chart-legend" aria-hidden="true">
            {props.series.map((name, i) => (
              <li key={name}>
                <span class={`swatch s${i}`} /> {name}
              </li>
            ))}
          </ul>
        )
      }
      table={
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.categoryLabel}</th>
              {props.series.map((name) => (
                <th key={name} scope="col">
                  {single ? props.valueLabel : name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.texts.map((text, i) => (
                  <td key={i}>{text}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <div ref={ref} class="chart-canvas">
        {props.rows.length === 0 ? (
          <p class="empty">{t.noData}</p>
        ) : (
          <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
            {shownTicks.map((tick) => (
              <g key={tick} class="tick">
                <line class="grid" x1={x(tick)} x2={x(tick)} y1={margin.top} y2={margin.top + plotHeight} />
                <text x={x(tick)} y={margin.top + plotHeight + 14} text-anchor="middle">
                  {formatTick(tick)}
                </text>
              </g>
            ))}
            {props.rows.map((row, r) => {
              const rowTop = margin.top + r * rowHeight + 5;
              return (
                <g key={row.label}>
                  <text class="row-label" x={margin.left - 8} y={rowTop + (rowHeight - 10) / 2} dy="0.32em" text-anchor="end">
                    {clip(row.label, Math.floor((labelWidth - 12) / 7))}
                    <title>{row.label}</title>
                  </text>
                  {row.values.map((value, s) => {
                    const barTop = rowTop + s * (barHeight + gap);
                    return (
                      <g key={s}>
                        {value !== null && value > 0 && <rect class={`bar s${s}`} x={margin.left} y={barTop} width={Math.max(1, x(value) - margin.left)} height={barHeight} />}
                        <text class="value-label" x={value === null ? margin.left + 4 : x(value) + 4} y={barTop + barHeight / 2} dy="0.32em">
                          {row.texts[s]}
                        </text>
                      </g>
                    );
                  })}
                </g>
              );
            })}
            <line class="axis" x1={margin.left} x2={margin.left} y1={margin.top} y2={margin.top + plotHeight} />
            <text class="axis-label" x={margin.left + plotWidth / 2} y={height - 6} text-anchor="middle">
              {props.valueLabel}
            </text>
          </svg>
        )}
      </div>
    </Figure>
  );
}

/** Shortens a label that would run into the bars (the full text stays in the table and tooltip). */
function clip(text: string, max: number) {
  // CJK characters are about twice as wide as Latin ones.
  let width = 0;
  let i = 0;
  for (const ch of text) {
    width += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
    if (width > max) return `${text.slice(0, i)}…`;
    i += ch.length;
  }
  return text;
}
