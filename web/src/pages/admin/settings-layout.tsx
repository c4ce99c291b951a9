import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { messages } from "../../i18n";
import { isAdmin } from "../../session";
import "./admin.css";

const text = messages({
  en: {
    settings: "Settings",
    addresses: "Support addresses",
    calendars: "Business hours",
    sla: "SLA policies",
    triggers: "Triggers",
    automations: "Automations",
    surveys: "Surveys",
    team: "Team",
    macros: "Macros",
    tokens: "API tokens",
    webhooks: "Webhooks",
    spam: "Spam and quarantine",
    audit: "Audit log",
  },
  "zh-CN": {
    settings: "设置",
    addresses: "客服邮箱",
    calendars: "工作时间",
    sla: "SLA 策略",
    triggers: "触发器",
    automations: "自动化",
    surveys: "满意度调查",
    team: "团队",
    macros: "宏",
    tokens: "API 令牌",
    webhooks: "Webhook",
    spam: "垃圾邮件与隔离",
    audit: "审计日志",
  },
});

export type SettingsSection = Exclude<keyof ReturnType<typeof text>, "settings">;

/** The settings pages, in the order of the sub-navigation. */
export const SETTINGS_SECTIONS: readonly SettingsSection[] = ["addresses", "calendars", "sla", "triggers", "automations", "surveys", "team", "macros", "tokens", "webhooks", "spam", "audit"];
export const settingsPath = (section: SettingsSection) => `/settings/${section}`;
export const sectionLabel = (section: SettingsSection) => text()[section];
export const settingsLabel = () => text().settings;

/** A settings page: the sub-navigation between settings, the page's title and intro, its content. */
export function SettingsPage(props: { section: SettingsSection; intro?: string; children: ComponentChildren }) {
  const t = text();
  const { path } = useLocation();
  return (
    <div class="settings">
      {/* An agent reaches only the macros page among the settings: no sub-navigation to pages they cannot open. */}
      {isAdmin() && (
        <nav class="settings-nav" aria-label={t.settings}>
          <ul>
            {SETTINGS_SECTIONS.map((section) => (
              <li key={section}>
                <a href={settingsPath(section)} aria-current={path === settingsPath(section) ? "page" : undefined}>
                  {t[section]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h1>{t[props.section]}</h1>
      {props.intro && <p class="muted intro">{props.intro}</p>}
      {props.children}
    </div>
  );
}
