import { NOTICE_LINES } from "../../../workers/core/notifications/notice-lines";
import { locale, messages } from "../i18n";

export type Kind = "new_ticket" | "assigned" | "customer_replied" | "mention" | "sla_warning" | "sla_breach" | "bad_rating" | "rule";

export const notificationText = messages({
  en: {
    bell: "Notifications",
    unread: (n: number) => (n === 1 ? "1 unread notification" : `${n} unread notifications`),
    empty: "Nothing new.",
    markAllRead: "Mark all read",
    someone: "Someone",
    settings: "Notifications",
    emailLegend: "Also by email",
    settingsHint: "You always see notifications under the bell. Choose which ones also come by email (a burst comes as one email).",
    kind: (kind: Kind) =>
      (({
      new_ticket: "New ticket in my groups or unassigned",
      assigned: "A ticket assigned to me",
      customer_replied: "A customer replied on my ticket",
      mention: "Someone mentioned me in an internal note",
      sla_warning: "SLA warning on my ticket",
      sla_breach: "SLA breach on my ticket",
      bad_rating: "Bad satisfaction rating on my ticket",
      rule: "A trigger or automation notifies me",
      }) satisfies Record<Kind, string>)[kind],
  },
  "zh-CN": {
    bell: "通知",
    unread: (n: number) => `${n} 条未读通知`,
    empty: "没有新通知。",
    markAllRead: "全部标为已读",
    someone: "有人",
    settings: "通知",
    emailLegend: "同时发邮件",
    settingsHint: "铃铛下总能看到全部通知。选择哪些同时发邮件（一连串的通知合并为一封邮件）。",
    kind: (kind: Kind) =>
      (({
      new_ticket: "我的组里或未分配的新工单",
      assigned: "分配给我的工单",
      customer_replied: "客户回复了我的工单",
      mention: "有人在内部备注中提到我",
      sla_warning: "我的工单 SLA 预警",
      sla_breach: "我的工单 SLA 超时",
      bad_rating: "我的工单收到差评",
      rule: "触发器或自动化规则通知我",
      }) satisfies Record<Kind, string>)[kind],
  },
});

/** A notice in one line, in the app's language (a rule's notice: `actor` is the rule, `text` its words). */
export const noticeLine = (kind: Kind, actor: string, ref: string, text?: string | null) => NOTICE_LINES[locale.value](kind, actor, ref, text);
