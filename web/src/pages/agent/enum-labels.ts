import { messages } from "../../i18n";
import type { CustomerTier, TicketPriority, TicketStatus, TicketType } from "./agent-api";

/**
 * The API's enum values as people read them, in both languages. Keys are the API's values, so
 * a new value in the API is a type error here (see the `satisfies` checks at the bottom).
 */
export const enumLabels = messages({
  en: {
    status_new: "New",
    status_open: "Open",
    status_pending: "Pending",
    status_on_hold: "On hold",
    status_solved: "Solved",
    status_closed: "Closed",
    priority_low: "Low",
    priority_normal: "Normal",
    priority_high: "High",
    priority_urgent: "Urgent",
    type_question: "Question",
    type_incident: "Incident",
    type_problem: "Problem",
    type_complaint: "Complaint",
    type_task: "Task",
    tier_standard: "Standard",
    tier_vip: "VIP",
    channel_email: "Email",
    channel_web: "Web",
    channel_api: "API",
    channel_phone: "Phone",
    channel_walk_in: "Walk-in",
    channel_chat: "Chat",
    metric_first_reply: "First reply",
    metric_next_reply: "Next reply",
    metric_periodic_update: "Periodic update",
    metric_resolution: "Resolution",
    metric_periodic_update_unpaused: "Periodic update (never paused)",
    metric_requester_wait: "Requester wait",
    metric_total_resolution: "Total resolution",
    clock_running: "Running",
    clock_paused: "Paused",
    clock_fulfilled: "Met",
    clock_breached: "Breached",
    clock_stopped: "Stopped",
    kind_customer: "Customer",
    kind_reply: "Public reply",
    kind_note: "Internal note",
    actor_customer: "Customer",
    actor_agent: "Agent",
    actor_system: "System",
  },
  "zh-CN": {
    status_new: "新建",
    status_open: "处理中",
    status_pending: "等待客户",
    status_on_hold: "挂起",
    status_solved: "已解决",
    status_closed: "已关闭",
    priority_low: "低",
    priority_normal: "普通",
    priority_high: "高",
    priority_urgent: "紧急",
    type_question: "咨询",
    type_incident: "故障",
    type_problem: "疑难问题",
    type_complaint: "投诉",
    type_task: "任务",
    tier_standard: "标准",
    tier_vip: "VIP",
    channel_email: "邮件",
    channel_web: "网页",
    channel_api: "API",
    channel_phone: "电话",
    channel_walk_in: "到访",
    channel_chat: "在线聊天",
    metric_first_reply: "首次回复",
    metric_next_reply: "下次回复",
    metric_periodic_update: "定期更新",
    metric_resolution: "解决",
    metric_periodic_update_unpaused: "定期更新（不暂停）",
    metric_requester_wait: "客户等待",
    metric_total_resolution: "总解决时长",
    clock_running: "计时中",
    clock_paused: "已暂停",
    clock_fulfilled: "已达成",
    clock_breached: "已超时",
    clock_stopped: "已停止",
    kind_customer: "客户",
    kind_reply: "公开回复",
    kind_note: "内部备注",
    actor_customer: "客户",
    actor_agent: "客服",
    actor_system: "系统",
  },
});

type Labels = ReturnType<typeof enumLabels>;
type Prefixed<P extends string> = Extract<keyof Labels, `${P}_${string}`> extends `${P}_${infer V}` ? V : never;

export const STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"] as const satisfies readonly (TicketStatus & Prefixed<"status">)[];
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const satisfies readonly (TicketPriority & Prefixed<"priority">)[];
export const TYPES = ["question", "incident", "problem", "complaint", "task"] as const satisfies readonly (TicketType & Prefixed<"type">)[];
export const TIERS = ["standard", "vip"] as const satisfies readonly (CustomerTier & Prefixed<"tier">)[];
/** Statuses in which a ticket still needs work. */
export const ACTIVE_STATUSES = ["new", "open", "pending", "on_hold"] as const;

/** The label of an enum value, e.g. `label("status", "on_hold")` → "On hold" / "挂起"; unknown values show as they are. */
export function label<P extends "status" | "priority" | "type" | "tier" | "channel" | "metric" | "clock" | "kind" | "actor">(prefix: P, value: string): string {
  const labels = enumLabels() as Record<string, string>;
  return labels[`${prefix}_${value}`] ?? value;
}

/** Compile-time: the list names every value the API has. */
type Covers<L extends readonly string[], T> = [Exclude<T, L[number]>] extends [never] ? true : false;
void (true satisfies Covers<typeof STATUSES, TicketStatus>);
void (true satisfies Covers<typeof PRIORITIES, TicketPriority>);
void (true satisfies Covers<typeof TYPES, TicketType>);
void (true satisfies Covers<typeof TIERS, CustomerTier>);
