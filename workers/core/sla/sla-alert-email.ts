import type { slaClocks, TicketPriority, TicketStatus } from "../../../schema";
import type { MailLanguage } from "../mail/mail-language";
import { formatTicketRef } from "../tickets/ticket-ref";
import { ticketUrl } from "../webhooks/webhook-payload";
import { zoneFormatter } from "./zone-formatter";

type Metric = (typeof slaClocks.$inferSelect)["metric"];

/** What an SLA warning or breach email says, to one person. */
export interface SlaAlertInput {
  kind: "warning" | "breach";
  metric: Metric;
  dueAt: Date;
  ticket: { id: string; number: number; subject: string; status: TicketStatus; priority: TicketPriority };
  /** The recipient's language (their own, else the workspace default). */
  language: MailLanguage;
  /** The workspace's IANA zone (its default business-hours calendar's; UTC without one). */
  timeZone: string;
  appUrl: string;
}

/** The names the app shows for statuses, priorities and metrics (web/src/pages/agent/enum-labels.ts), per language. */
const WORDS = {
  en: {
    metric: {
      first_reply: "first reply",
      next_reply: "next reply",
      periodic_update: "update",
      resolution: "resolution",
      periodic_update_unpaused: "update (never paused)",
      requester_wait: "requester wait",
      total_resolution: "total resolution",
    },
    status: { new: "New", open: "Open", pending: "Pending", on_hold: "On hold", solved: "Solved", closed: "Closed" },
    priority: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" },
    warning: (ref: string, what: string, due: string) => `[${ref}] SLA warning: ${what} due ${due}`,
    breach: (ref: string, what: string, due: string) => `[${ref}] SLA breached: ${what} was due ${due}`,
    ticket: (ref: string, subject: string) => `Ticket ${ref}: ${subject}`,
    state: (status: string, priority: string) => `Status: ${status}, priority: ${priority}`,
    open: (url: string) => `Open the ticket: ${url}`,
  },
  "zh-CN": {
    metric: {
      first_reply: "首次回复",
      next_reply: "下次回复",
      periodic_update: "定期更新",
      resolution: "解决",
      periodic_update_unpaused: "定期更新（不暂停）",
      requester_wait: "客户等待",
      total_resolution: "总解决时长",
    },
    status: { new: "新建", open: "处理中", pending: "等待客户", on_hold: "挂起", solved: "已解决", closed: "已关闭" },
    priority: { low: "低", normal: "普通", high: "高", urgent: "紧急" },
    warning: (ref: string, what: string, due: string) => `[${ref}] SLA 预警：${what}将于 ${due} 到期`,
    breach: (ref: string, what: string, due: string) => `[${ref}] SLA 已超时：${what}应于 ${due} 完成`,
    ticket: (ref: string, subject: string) => `工单 ${ref}：${subject}`,
    state: (status: string, priority: string) => `状态：${status}，优先级：${priority}`,
    open: (url: string) => `打开工单：${url}`,
  },
} as const;

const alertTimeFormat = zoneFormatter("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** `2026-12-05 18:00 (Asia/Shanghai)`: the instant in the zone, to the minute, with the zone named. */
export function formatAlertTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(alertTimeFormat(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone})`;
}

/** Subject and text of one SLA alert email (pure): the deadline in the workspace's zone, the app's names for status and priority, a link to the ticket. */
export function composeSlaAlert(input: SlaAlertInput) {
  const w = WORDS[input.language];
  const ref = formatTicketRef(input.ticket.number);
  const due = formatAlertTime(input.dueAt, input.timeZone);
  const subject = input.kind === "warning" ? w.warning(ref, w.metric[input.metric], due) : w.breach(ref, w.metric[input.metric], due);
  const text = [subject, "", w.ticket(ref, input.ticket.subject), w.state(w.status[input.ticket.status], w.priority[input.ticket.priority]), "", w.open(ticketUrl(input.appUrl, input.ticket.id)), ""].join("\n");
  return { subject, text };
}
