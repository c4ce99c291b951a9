import { messages } from "../../i18n";
import { BackgroundFailuresPanel } from "./background-failures-panel";
import { SETTINGS_SECTIONS, sectionLabel, settingsLabel, settingsPath, type SettingsSection } from "./settings-layout";
import "./admin.css";

const text = messages({
  en: {
    addresses: "Where customers write, forwarding, automatic acknowledgement.",
    calendars: "Working hours, holidays and make-up working days.",
    sla: "Response and resolution targets, in order, with presets.",
    triggers: "Rules that route, prioritise and answer tickets when something happens.",
    automations: "Rules that act when time passes: reminders, auto-solve, escalation of waiting tickets, follow-up tasks.",
    surveys: "The satisfaction question sent after a solve.",
    team: "People, roles, invitations and groups.",
    macros: "Replies with placeholders and field changes, applied from the composer or in bulk.",
    tokens: "Credentials for scripts and integrations.",
    webhooks: "SLA alerts posted to your systems or Slack.",
    spam: "Spam rules, block list and quarantined mail.",
    audit: "Who changed which setting when, and customer data exports and erasures.",
  },
  "zh-CN": {
    addresses: "客户来信的地址、转发设置、自动确认回复。",
    calendars: "工作时间、节假日和调休上班日。",
    sla: "响应和解决目标，按顺序匹配，可用预设。",
    triggers: "在工单发生变化时自动分派、设置优先级或回复的规则。",
    automations: "随时间自动执行的规则：提醒客户、自动解决、升级等待中的工单、创建回访任务。",
    surveys: "工单解决后发送的满意度问题。",
    team: "成员、角色、邀请和分组。",
    macros: "带占位符的回复和字段修改，可在回复框中或批量应用。",
    tokens: "供脚本和集成使用的凭据。",
    webhooks: "将 SLA 提醒推送到您的系统或 Slack。",
    spam: "垃圾邮件规则、黑名单和被隔离的邮件。",
    audit: "谁在何时修改了哪项设置，以及客户数据的导出和删除。",
  },
});

/** /settings: every settings page with one line on what it holds. */
export function SettingsIndexPage() {
  const t = text();
  return (
    <div>
      <h1>{settingsLabel()}</h1>
      <BackgroundFailuresPanel />
      <ul class="settings-index">
        {SETTINGS_SECTIONS.map((section: SettingsSection) => (
          <li key={section} class="panel">
            <a href={settingsPath(section)}>{sectionLabel(section)}</a>
            <p class="muted">{t[section]}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
