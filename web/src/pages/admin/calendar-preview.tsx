import { useEffect, useState } from "preact/hooks";
import { api, ApiError, data } from "../../api";
import { formatDateTime, messages, userTimeZone } from "../../i18n";
import type { CalendarInput } from "./admin-types";
import { formatInZone } from "./calendar-words";

const text = messages({
  en: {
    title: "Try it",
    minutes: "Business minutes to add",
    now: (minutes: number) => `A ticket arriving now with a target of ${minutes} business minutes would be due at`,
    yourTime: (when: string) => `(${when} your time)`,
    working: "Working it out…",
    invalid: "(correct the calendar to see the preview)",
  },
  "zh-CN": {
    title: "试算",
    minutes: "目标（工作分钟数）",
    now: (minutes: number) => `现在到达、目标为 ${minutes} 个工作分钟的工单，截止时间为`,
    yourTime: (when: string) => `（您的时间 ${when}）`,
    working: "计算中…",
    invalid: "（修正日历后即可预览）",
  },
});

type Fields = Omit<CalendarInput, "name">;

/** "A ticket arriving now would be due at…", asked of the API for the calendar as it is being edited. */
export function CalendarPreview(props: { calendar: Fields }) {
  const t = text();
  const [minutes, setMinutes] = useState(480);
  const [state, setState] = useState<{ dueAt?: string; error?: string; busy: boolean }>({ busy: true });
  const key = JSON.stringify([props.calendar, minutes]);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, busy: true }));
    const timer = setTimeout(() => {
      const { timeZone, weekly, holidays, workdays } = props.calendar;
      data(api["business-calendars"].preview.$post({ json: { calendar: { timeZone, weekly, holidays, workdays }, start: new Date().toISOString(), minutes } })).then(
        (r) => current && setState({ dueAt: r.dueAt, busy: false }),
        (e: Error) => current && setState({ error: e instanceof ApiError && Object.keys(e.fields).length ? text().invalid : e.message, busy: false }),
      );
    }, 350);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);
  const zone = props.calendar.timeZone;
  return (
    <section class="calendar-preview panel" aria-live="polite">
      <h3>{t.title}</h3>
      <label class="inline-label">
        {t.minutes}{" "}
        <input type="number" min={0} max={525600} step={30} value={minutes} onInput={(e) => setMinutes(Math.max(0, Math.round(Number(e.currentTarget.value) || 0)))} />
      </label>
      <p>
        {t.now(minutes)}{" "}
        {state.busy ? (
          <span class="muted">{t.working}</span>
        ) : state.error ? (
          <span class="field-error">{state.error}</span>
        ) : (
          state.dueAt && (
            <>
              <strong>{formatInZone(state.dueAt, zone)}</strong> {zone !== userTimeZone && <span class="muted">{t.yourTime(formatDateTime(state.dueAt))}</span>}
            </>
          )
        )}
      </p>
    </section>
  );
}
