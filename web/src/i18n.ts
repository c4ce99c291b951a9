import { signal } from "@preact/signals";

/**
 * The app speaks English and Simplified Chinese. Each module declares its own strings for both
 * languages with `messages()` (the type makes both languages carry the same keys), so pages do
 * not share one growing dictionary. Dates and times show in the user's time zone (profile), else the browser's.
 */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = "kefu.locale";

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "zh-CN") return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(next: Locale) {
  locale.value = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

type Text = string | ((...args: never[]) => string);
type Dictionary = Record<string, Text>;

/** Declares a module's strings; returns the current language's dictionary each time it is called. */
export function messages<D extends Dictionary>(byLocale: { en: D; "zh-CN": { [K in keyof D]: D[K] } }): () => D {
  return () => byLocale[locale.value];
}

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
/** The zone times are shown in: the user's chosen one (profile), else the browser's. */
let zone = browserZone;

/** Shows times in the user's chosen zone (null: the browser's). */
export function setDisplayTimeZone(chosen: string | null) {
  zone = chosen ?? browserZone;
}

/** An instant as the user reads it: their language, their time zone. */
export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(new Date(iso));
}

export function formatDate(iso: string | Date): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeZone: zone }).format(new Date(iso));
}

/** "in 3 hours", "5 minutes ago" in the user's language. */
export function formatRelative(iso: string | Date, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: "auto" });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(hours, "hour");
  return rtf.format(Math.round(hours / 24), "day");
}

/** The browser's zone (a new calendar's default). */
export const userTimeZone = browserZone;
