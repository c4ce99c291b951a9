import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages, userTimeZone } from "../../i18n";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { uiText } from "../../ui/text";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { SelectField } from "../../ui/choice-fields";
import type { Calendar, CalendarInput } from "./admin-types";
import { HolidaysEditor, WorkdaysEditor } from "./calendar-dates-editor";
import { CalendarPreview } from "./calendar-preview";
import { HolidayImport } from "./holiday-import";
import { calendarText } from "./calendar-words";
import { WeeklyEditor } from "./weekly-editor";

const text = messages({
  en: { newTitle: "New business calendar", editTitle: (name: string) => `Edit “${name}”`, defaultName: "Office hours" },
  "zh-CN": { newTitle: "新建工作日历", editTitle: (name: string) => `编辑“${name}”`, defaultName: "办公时间" },
});

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [userTimeZone];
  }
})();

/** A new calendar starts as Monday to Friday, 9 to 6, in the browser's time zone. */
export function newCalendarInput(): CalendarInput {
  const day = [{ start: "09:00", end: "18:00" }];
  return { name: text().defaultName, timeZone: userTimeZone, weekly: [[], day, day, day, day, day, []], holidays: [], workdays: [] };
}

const CALENDAR_FIELDS = ["name", "timeZone", "weekly", "holidays", "workdays"] as const;
const inputOf = ({ name, timeZone, weekly, holidays, workdays }: Calendar): CalendarInput => ({ name, timeZone, weekly, holidays, workdays });

/** Creates or edits a business calendar, with the due-date preview beside it. */
export function CalendarEditor(props: { calendar: Calendar | null; onSaved: (saved: Calendar) => void; onCancel: () => void }) {
  const t = text();
  const c = calendarText();
  const ui = uiText();
  const [value, setValue] = useState<CalendarInput>(() => (props.calendar ? inputOf(props.calendar) : newCalendarInput()));
  const set = <K extends keyof CalendarInput>(key: K) => (next: CalendarInput[K]) => setValue((v) => ({ ...v, [key]: next }));
  const versioned = useVersionedSave<Calendar, CalendarInput>(props.calendar, CALENDAR_FIELDS, (json, ifMatch) =>
    data(api["business-calendars"][":id"].$patch({ param: { id: props.calendar!.id }, header: { "if-match": ifMatch }, json })),
  );
  const form = useSubmit(() => (props.calendar ? versioned.save(value) : data(api["business-calendars"].$post({ json: value }))), props.onSaved);
  const zones = ZONES.includes(value.timeZone) ? ZONES : [value.timeZone, ...ZONES];
  return (
    <form class="panel calendar-editor" onSubmit={form.submit} noValidate>
      <h2>{props.calendar ? t.editTitle(props.calendar.name) : t.newTitle}</h2>
      <TextField label={c.name} value={value.name} onInput={set("name")} error={form.fields.name} required />
      <SelectField label={c.timeZone} value={value.timeZone} options={zones.map((z) => [z, z.replace(/_/g, " ")] as const)} onChange={set("timeZone")} error={form.fields.timeZone} />
      <WeeklyEditor value={value.weekly} onChange={set("weekly")} fields={form.fields} />
      <div class="split">
        <HolidaysEditor value={value.holidays} onChange={set("holidays")} fields={form.fields} />
        <WorkdaysEditor value={value.workdays} onChange={set("workdays")} fields={form.fields} />
      </div>
      <HolidayImport value={value} onImport={(next) => setValue((v) => ({ ...v, ...next }))} />
      <CalendarPreview calendar={value} />
      <VersionConflictView
        save={versioned}
        labels={{ name: c.name, timeZone: c.timeZone, weekly: c.weekly, holidays: c.holidays, workdays: c.workdays }}
        onSaved={props.onSaved}
        onKeepTheirs={(current) => setValue(inputOf(current))}
      />
      <FormFooter busy={form.busy} error={versioned.conflict ? null : formError(form)}>
        <button type="button" onClick={props.onCancel}>
          {ui.cancel}
        </button>
      </FormFooter>
    </form>
  );
}
