import { locale, setLocale, type Locale } from "../i18n";

/** English / 中文 — every visible string follows. */
export function LanguageSwitch() {
  return (
    <select class="language" aria-label="Language / 语言" value={locale.value} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
      <option value="en">English</option>
      <option value="zh-CN">简体中文</option>
    </select>
  );
}
