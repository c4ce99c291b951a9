import type { CalendarInput } from "./admin-types";
import { calendarText, WEEK_ORDER, weekdayName } from "./calendar-words";
import { errorsAt } from "./field-errors";

type Weekly = CalendarInput["weekly"];

/** Per weekday, zero or more open intervals, each with add and remove. */
export function WeeklyEditor(props: { value: Weekly; onChange: (next: Weekly) => void; fields: Record<string, string> }) {
  const t = calendarText();
  const setDay = (day: number, intervals: Weekly[number]) => props.onChange(props.value.map((d, i) => (i === day ? intervals : d)));
  const whole = props.fields.weekly;
  return (
    <fieldset class="weekly-editor">
      <legend>{t.weekly}</legend>
      <small class="hint">{t.weeklyHint}</small>
      {whole && (
        <small class="field-error" role="alert">
          {whole}
        </small>
      )}
      {WEEK_ORDER.map((day) => {
        const intervals = props.value[day] ?? [];
        const error = errorsAt(props.fields, "weekly", day);
        const name = weekdayName(day);
        return (
          <div key={day} class={`weekday${error ? " invalid" : ""}`} role="group" aria-label={name}>
            <span class="weekday-name">{name}</span>
            <div class="intervals">
              {intervals.length === 0 && <span class="muted">{t.closed}</span>}
              {intervals.map((iv, i) => (
                <span key={i} class="interval">
                  <input aria-label={`${name} ${i + 1}: ${t.start}`} value={iv.start} size={5} maxLength={5} placeholder="09:00" onInput={(e) => setDay(day, intervals.map((x, j) => (j === i ? { ...x, start: e.currentTarget.value } : x)))} />
                  <span aria-hidden="true">–</span>
                  <input aria-label={`${name} ${i + 1}: ${t.end}`} value={iv.end} size={5} maxLength={5} placeholder="18:00" onInput={(e) => setDay(day, intervals.map((x, j) => (j === i ? { ...x, end: e.currentTarget.value } : x)))} />
                  <button type="button" aria-label={`${t.removeInterval}: ${name} ${iv.start}–${iv.end}`} onClick={() => setDay(day, intervals.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </span>
              ))}
              <button type="button" onClick={() => setDay(day, [...intervals, intervals.length ? { start: "13:00", end: "18:00" } : { start: "09:00", end: "18:00" }])}>
                + {t.addInterval}
              </button>
            </div>
            {error && (
              <small class="field-error" role="alert">
                {error}
              </small>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** "Mon 09:00–18:00 · …" for lists. */
export function weeklySummary(weekly: Weekly, closed: string): string {
  return WEEK_ORDER.map((day) => `${weekdayName(day)} ${(weekly[day] ?? []).map((iv) => `${iv.start}–${iv.end}`).join(", ") || closed}`).join(" · ");
}
