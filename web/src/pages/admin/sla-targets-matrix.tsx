import { messages } from "../../i18n";
import type { Metric, Policy, Priority } from "./admin-types";
import { labels, METRICS, PRIORITIES } from "./admin-words";
import { errorsUnder } from "./field-errors";

const text = messages({
  en: {
    caption: "Targets per priority (leave a cell empty for no target)",
    minutes: "min",
    hours: "h",
    business: "Business hours",
    amount: (priority: string, metric: string) => `${priority}, ${metric}: target`,
    unit: (priority: string, metric: string) => `${priority}, ${metric}: unit`,
  },
  "zh-CN": {
    caption: "各优先级的目标（留空表示无目标）",
    minutes: "分钟",
    hours: "小时",
    business: "工作时间",
    amount: (priority: string, metric: string) => `${priority}，${metric}：目标`,
    unit: (priority: string, metric: string) => `${priority}，${metric}：单位`,
  },
});

/** One cell as edited: the number as typed, its unit, business or calendar time. */
export type Cell = { amount: string; unit: "minutes" | "hours"; business: boolean };
export type Matrix = Record<Priority, Record<Metric, Cell>>;
type Targets = Policy["targets"];

export function matrixOf(targets: Targets): Matrix {
  return Object.fromEntries(
    PRIORITIES.map((p) => [
      p,
      Object.fromEntries(
        METRICS.map((m) => {
          const target = targets[p]?.[m];
          if (!target) return [m, { amount: "", unit: "hours", business: true }];
          const inHours = target.minutes % 60 === 0;
          return [m, { amount: String(inHours ? target.minutes / 60 : target.minutes), unit: inHours ? "hours" : "minutes", business: target.businessHours }];
        }),
      ),
    ]),
  ) as Matrix;
}

/** The targets to send: empty cells are left out; what is typed goes as is, so the API judges it. */
export function targetsOf(matrix: Matrix): Targets {
  const targets: Targets = {};
  for (const p of PRIORITIES) {
    const row: NonNullable<Targets[Priority]> = {};
    for (const m of METRICS) {
      const cell = matrix[p][m];
      if (cell.amount.trim() === "") continue;
      const amount = Number(cell.amount);
      row[m] = { minutes: cell.unit === "hours" ? Math.round(amount * 60) : amount, businessHours: cell.business };
    }
    if (Object.keys(row).length) targets[p] = row;
  }
  return targets;
}

/** Priority × metric, each cell a number, minutes or hours, and business or calendar time. */
export function TargetsMatrix(props: { value: Matrix; onChange: (next: Matrix) => void; fields: Record<string, string> }) {
  const t = text();
  const words = labels();
  const set = (p: Priority, m: Metric, patch: Partial<Cell>) => props.onChange({ ...props.value, [p]: { ...props.value[p], [m]: { ...props.value[p][m], ...patch } } });
  const whole = props.fields.targets;
  return (
    <div class="table-wrap targets-matrix">
      <table>
        <caption>{t.caption}</caption>
        <thead>
          <tr>
            <td />
            {METRICS.map((m) => (
              <th key={m} scope="col">
                {words.metric[m]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PRIORITIES.map((p) => (
            <tr key={p}>
              <th scope="row">{words.priority[p]}</th>
              {METRICS.map((m) => {
                const cell = props.value[p][m];
                const error = errorsUnder(props.fields, `targets.${p}.${m}`);
                return (
                  <td key={m} class={error ? "invalid" : undefined}>
                    <div class="target-cell">
                      <input type="number" min={1} inputMode="decimal" aria-label={t.amount(words.priority[p], words.metric[m])} aria-invalid={error ? true : undefined} value={cell.amount} onInput={(e) => set(p, m, { amount: e.currentTarget.value })} />
                      <select aria-label={t.unit(words.priority[p], words.metric[m])} value={cell.unit} onChange={(e) => set(p, m, { unit: e.currentTarget.value as Cell["unit"] })}>
                        <option value="minutes">{t.minutes}</option>
                        <option value="hours">{t.hours}</option>
                      </select>
                    </div>
                    <label class="business-toggle">
                      <input type="checkbox" checked={cell.business} onChange={(e) => set(p, m, { business: e.currentTarget.checked })} /> {t.business}
                    </label>
                    {error && (
                      <small class="field-error" role="alert">
                        {error}
                      </small>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {whole && (
        <small class="field-error" role="alert">
          {whole}
        </small>
      )}
    </div>
  );
}
