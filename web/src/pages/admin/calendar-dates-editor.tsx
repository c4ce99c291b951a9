import { useState } from "preact/hooks";
import type { CalendarInput } from "./admin-types";
import { calendarText, formatDay, WEEK_ORDER, weekdayName } from "./calendar-words";
import { errorsUnder } from "./field-errors";

type Holidays = CalendarInput["holidays"];
type Holiday = Holidays[number];
const holidayKey = (h: Holiday) => (typeof h === "string" ? h : `${h.start}/${h.end}`);
const holidayStart = (h: Holiday) => (typeof h === "string" ? h : h.start);
const holidayLabel = (h: Holiday) => (typeof h === "string" ? formatDay(h) : `${formatDay(h.start)} – ${formatDay(h.end)}`);

/** Holidays: dates closed all day, each one date or a range (from … until, both included), sorted. */
export function HolidaysEditor(props: { value: Holidays; onChange: (next: Holidays) => void; fields: Record<string, string> }) {
  const t = calendarText();
  const [date, setDate] = useState("");
  const [until, setUntil] = useState("");
  const error = errorsUnder(props.fields, "holidays");
  const add = () => {
    const next: Holiday = until && until > date ? { start: date, end: until } : date;
    if (date && !props.value.some((h) => holidayKey(h) === holidayKey(next)))
      props.onChange([...props.value, next].sort((a, b) => holidayStart(a).localeCompare(holidayStart(b))));
    setDate("");
    setUntil("");
  };
  return (
    <fieldset class={`dates-editor${error ? " invalid" : ""}`}>
      <legend>{t.holidays}</legend>
      <small class="hint">{t.holidaysHint}</small>
      <DateList items={props.value.map((h) => ({ key: holidayKey(h), label: holidayLabel(h) }))} onRemove={(key) => props.onChange(props.value.filter((h) => holidayKey(h) !== key))} />
      <div class="row">
        <input type="date" aria-label={`${t.holidays}: ${t.date}`} value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        <label class="inline-label">
          {t.until}{" "}
          <input type="date" aria-label={`${t.holidays}: ${t.until}`} value={until} min={date || undefined} onInput={(e) => setUntil(e.currentTarget.value)} />
        </label>
        <button type="button" disabled={!date} onClick={add}>
          {t.add}
        </button>
      </div>
      {error && (
        <small class="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}

type Workdays = CalendarInput["workdays"];

/** Make-up working days: a date worked with the hours of a chosen weekday. */
export function WorkdaysEditor(props: { value: Workdays; onChange: (next: Workdays) => void; fields: Record<string, string> }) {
  const t = calendarText();
  const [date, setDate] = useState("");
  const [hoursOf, setHoursOf] = useState(1);
  const error = errorsUnder(props.fields, "workdays");
  const add = () => {
    if (date) props.onChange([...props.value.filter((w) => w.date !== date), { date, hoursOf }].sort((a, b) => a.date.localeCompare(b.date)));
    setDate("");
  };
  return (
    <fieldset class={`dates-editor${error ? " invalid" : ""}`}>
      <legend>{t.workdays}</legend>
      <small class="hint">{t.workdaysHint}</small>
      <DateList items={props.value.map((w) => ({ key: w.date, label: `${formatDay(w.date)} → ${weekdayName(w.hoursOf)}` }))} onRemove={(key) => props.onChange(props.value.filter((w) => w.date !== key))} />
      <div class="row">
        <input type="date" aria-label={`${t.workdays}: ${t.date}`} value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        <label class="inline-label">
          {t.hoursOf}{" "}
          <select value={String(hoursOf)} onChange={(e) => setHoursOf(Number(e.currentTarget.value))}>
            {WEEK_ORDER.map((d) => (
              <option key={d} value={String(d)}>
                {weekdayName(d)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!date} onClick={add}>
          {t.add}
        </button>
      </div>
      {error && (
        <small class="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}

function DateList(props: { items: { key: string; label: string }[]; onRemove: (key: string) => void }) {
  const t = calendarText();
  if (!props.items.length) return <p class="muted">{t.none}</p>;
  return (
    <ul class="date-list">
      {props.items.map((item) => (
        <li key={item.key}>
          <span>{item.label}</span>
          <button type="button" aria-label={`${t.remove}: ${item.label}`} onClick={() => props.onRemove(item.key)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
