import { locale, messages } from "../../i18n";

/** A weekday's name in the current language; 0 = Sunday, as the API counts. */
export function weekdayName(day: number): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(locale.value, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2023, 0, 1 + day)));
}

/** Monday first, as both English- and Chinese-speaking offices plan their week. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/** An instant in a given time zone, in the user's language. */
export function formatInZone(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale.value, { dateStyle: "full", timeStyle: "short", timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString(); // an unknown zone: the API says so next to the field
  }
}

/** A calendar date ("2026-10-01") as words, without moving it through a time zone. */
export function formatDay(date: string): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

export const calendarText = messages({
  en: {
    closed: "Closed",
    name: "Name",
    timeZone: "Time zone",
    weekly: "Weekly hours",
    weeklyHint: "Zero or more open intervals per day, 24-hour clock (HH:MM; 24:00 allowed as an end).",
    start: "Opens",
    end: "Closes",
    addInterval: "Add hours",
    removeInterval: "Remove",
    holidays: "Holidays",
    holidaysHint: "Dates closed all day: one date, or a range with an end date (both days included).",
    until: "until (optional)",
    workdays: "Make-up working days",
    workdaysHint: "A date that works with the hours of a weekday (调休), e.g. a Saturday worked with Monday's hours.",
    hoursOf: "With the hours of",
    date: "Date",
    add: "Add",
    none: "None.",
    remove: "Remove",
  },
  "zh-CN": {
    closed: "休息",
    name: "名称",
    timeZone: "时区",
    weekly: "每周工作时间",
    weeklyHint: "每天可设零个或多个工作时段，24 小时制（HH:MM；结束时间可填 24:00）。",
    start: "开始",
    end: "结束",
    addInterval: "添加时段",
    removeInterval: "移除",
    holidays: "节假日",
    holidaysHint: "全天休息的日期：单个日期，或填写结束日期的一段日期（含首尾两天）。",
    until: "至（可选）",
    workdays: "调休上班日",
    workdaysHint: "按某个工作日的时间上班的日期（调休），例如周六按周一的时间上班。",
    hoursOf: "按此日的工作时间",
    date: "日期",
    add: "添加",
    none: "无。",
    remove: "移除",
  },
});
