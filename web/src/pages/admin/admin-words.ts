import { locale } from "../../i18n";
import type { Channel, InboundStatus, Metric, Priority, Role, TicketStatus, TicketType, Tier, TokenScope, WebhookEvent, WebhookFormat } from "./admin-types";

/** The names of the API's enums as people read them; the Record types make every value present. */
type Labels = {
  priority: Record<Priority, string>;
  metric: Record<Metric, string>;
  type: Record<TicketType, string>;
  channel: Record<Channel, string>;
  tier: Record<Tier, string>;
  status: Record<TicketStatus, string>;
  role: Record<Role, string>;
  scope: Record<TokenScope, string>;
  inbound: Record<InboundStatus, string>;
  event: Record<WebhookEvent, string>;
  format: Record<WebhookFormat, string>;
};

const LABELS: Record<"en" | "zh-CN", Labels> = {
  en: {
    priority: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" },
    metric: {
      first_reply: "First reply",
      next_reply: "Next reply",
      periodic_update: "Periodic update",
      periodic_update_unpaused: "Periodic update (never paused)",
      requester_wait: "Requester wait",
      resolution: "Resolution",
      total_resolution: "Total resolution",
    },
    type: { question: "Question", incident: "Incident", problem: "Problem", complaint: "Complaint", task: "Task" },
    channel: { email: "Email", web: "Web", api: "API", phone: "Phone", walk_in: "Walk-in", chat: "Chat" },
    tier: { standard: "Standard", vip: "VIP" },
    status: { new: "New", open: "Open", pending: "Pending", on_hold: "On hold", solved: "Solved", closed: "Closed" },
    role: { owner: "Owner", admin: "Admin", agent: "Agent" },
    scope: { read: "Read", write: "Read and write", admin: "Admin" },
    inbound: {
      received: "Received",
      processed: "Processed",
      automatic: "Automatic mail",
      bounce: "Bounce",
      spam: "Spam",
      verification: "Forwarding check",
      quarantined: "Quarantined",
    },
    event: {
      "sla.warning": "SLA warning",
      "sla.breach": "SLA breach",
      "ticket.created": "Ticket created",
      "ticket.customer_replied": "Customer replied",
      "ticket.agent_replied": "Agent replied",
      "ticket.note_added": "Note added",
      "ticket.updated": "Ticket updated",
      "ticket.solved": "Ticket solved",
      "ticket.reopened": "Ticket reopened",
      "ticket.rating_received": "Rating received",
    },
    format: { json: "Kefu JSON", slack: "Slack" },
  },
  "zh-CN": {
    priority: { low: "低", normal: "普通", high: "高", urgent: "紧急" },
    metric: {
      first_reply: "首次回复",
      next_reply: "下次回复",
      periodic_update: "定期更新",
      periodic_update_unpaused: "定期更新（不暂停）",
      requester_wait: "客户等待",
      resolution: "解决",
      total_resolution: "总解决时长",
    },
    type: { question: "咨询", incident: "事件", problem: "问题", complaint: "投诉", task: "任务" },
    channel: { email: "邮件", web: "网页", api: "API", phone: "电话", walk_in: "到访", chat: "在线聊天" },
    tier: { standard: "普通", vip: "VIP" },
    status: { new: "新建", open: "处理中", pending: "待客户回复", on_hold: "挂起", solved: "已解决", closed: "已关闭" },
    role: { owner: "所有者", admin: "管理员", agent: "客服" },
    scope: { read: "只读", write: "读写", admin: "管理" },
    inbound: { received: "已接收", processed: "已处理", automatic: "自动邮件", bounce: "退信", spam: "垃圾邮件", verification: "转发检查", quarantined: "已隔离" },
    event: {
      "sla.warning": "SLA 预警",
      "sla.breach": "SLA 违约",
      "ticket.created": "工单创建",
      "ticket.customer_replied": "客户回复",
      "ticket.agent_replied": "客服回复",
      "ticket.note_added": "添加备注",
      "ticket.updated": "工单更新",
      "ticket.solved": "工单已解决",
      "ticket.reopened": "工单重新打开",
      "ticket.rating_received": "收到评价",
    },
    format: { json: "Kefu JSON", slack: "Slack" },
  },
};

/** The current language's names for the API's enums. */
export const labels = () => LABELS[locale.value];

const keys = <K extends string>(record: Record<K, string>) => Object.keys(record) as K[];
export const PRIORITIES = keys(LABELS.en.priority);
export const METRICS = keys(LABELS.en.metric);
export const TICKET_TYPES = keys(LABELS.en.type);
export const CHANNELS = keys(LABELS.en.channel);
export const TIERS = keys(LABELS.en.tier);
export const STATUSES = keys(LABELS.en.status);
export const SCOPES = keys(LABELS.en.scope);
export const INBOUND_STATUSES = keys(LABELS.en.inbound);
export const WEBHOOK_EVENTS = keys(LABELS.en.event);
export const WEBHOOK_FORMATS = keys(LABELS.en.format);
