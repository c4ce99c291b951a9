import { locale } from "../../i18n";
import type { Action, RatingAnswer, RuleEvent } from "../../../../workers/core/rules/rule-schema";
import type { ActionType, ChangedField, ConditionField, ConditionOp, TimeSince } from "./trigger-builder";

export type { ActionType, ConditionField, ConditionOp };

/** The rules contract's names as people read them; the Record types make every value present. */
type Labels = {
  event: Record<RuleEvent, string>;
  field: Record<ConditionField, string>;
  op: Record<ConditionOp, string>;
  action: Record<ActionType, string>;
  notifyTo: Record<Extract<Action, { type: "notify" }>["to"], string>;
  /** The fields a `changed` condition names. */
  changedField: Record<ChangedField, string>;
  /** The moments an `hours_since` condition counts from. */
  since: Record<TimeSince, string>;
  /** A `changed` condition in a line; `from`/`to` already in words, undefined: any. */
  changedLine: (field: string, from: string | undefined, to: string | undefined) => string;
  /** A `changed` condition on tags (`to`: a tag added, `from`: a tag removed). */
  tagsChangedLine: (added: string | undefined, removed: string | undefined) => string;
  /** An `hours_since` condition in a line; `calendar`: the business calendar's name, null: calendar hours. */
  hoursSinceLine: (op: "gt" | "lt", hours: number, since: string, calendar: string | null) => string;
  /** A satisfaction answer (a `rating` condition's values). */
  ratingAnswer: (answer: RatingAnswer) => string;
};

const LABELS: Record<"en" | "zh-CN", Labels> = {
  en: {
    event: {
      ticket_created: "Ticket created",
      customer_replied: "Customer replied",
      agent_replied: "Agent replied",
      note_added: "Internal note added",
      ticket_updated: "Ticket updated",
      ticket_solved: "Ticket solved",
      ticket_reopened: "Ticket reopened",
      rating_received: "Rating received",
      sla_warning: "SLA warning",
      sla_breach: "SLA breach",
    },
    field: {
      channel: "Channel",
      support_address: "Support address",
      subject: "Subject",
      body: "Message text",
      text: "Subject or message text",
      requester_tier: "Customer tier",
      organization: "Organisation",
      customer_language: "Customer language",
      email_domain: "Email domain",
      type: "Type",
      priority: "Priority",
      status: "Status",
      group: "Group",
      assignee: "Assignee",
      tags: "Tags",
      business_hours: "Business hours",
      ticket_age_hours: "Ticket age (hours)",
      reply_count: "Number of agent replies",
      rating: "Satisfaction rating",
      changed: "This update changed",
      hours_since: "Time since",
    },
    op: {
      is: "is",
      is_not: "is not",
      contains_any: "contains any of",
      contains_all: "contains all of",
      contains_none: "contains none of",
      within: "now within",
      outside: "now outside",
      gt: "more than",
      lt: "less than",
    },
    action: {
      set_priority: "Set priority",
      set_type: "Set type",
      set_status: "Set status",
      set_group: "Set group",
      set_assignee: "Set assignee",
      assign_by_group_method: "Assign by the group's method",
      add_tags: "Add tags",
      remove_tags: "Remove tags",
      add_note: "Add an internal note",
      email_requester: "Email the requester",
      email_agent: "Email an agent",
      email_group: "Email a group",
      apply_macro: "Apply a macro",
      call_webhook: "Call a webhook",
      notify: "Notify",
      create_follow_up: "Create a follow-up task",
    },
    notifyTo: { assignee: "The assignee", user: "An agent", group: "A group's members", group_lead: "A group's lead" },
    changedField: { status: "Status", priority: "Priority", type: "Type", groupId: "Group", assigneeId: "Assignee", tags: "Tags", requesterId: "Requester" },
    since: {
      created: "created",
      updated: "last updated",
      pending: "set to pending",
      solved: "solved",
      last_customer_message: "the customer's last message",
      last_agent_message: "the last agent reply",
    },
    changedLine: (field, from, to) => `${field} changed${from === undefined ? "" : ` from ${from}`}${to === undefined ? "" : ` to ${to}`}`,
    tagsChangedLine: (added, removed) =>
      added === undefined && removed === undefined ? "Tags changed" : [added === undefined ? "" : `Tag ${added} added`, removed === undefined ? "" : `Tag ${removed} removed`].filter(Boolean).join(", "),
    hoursSinceLine: (op, hours, since, calendar) =>
      `${op === "gt" ? "More" : "Less"} than ${hours} ${calendar === null ? (hours === 1 ? "hour" : "hours") : `business ${hours === 1 ? "hour" : "hours"} (${calendar})`} since ${since}`,
    ratingAnswer: (v) => (v === "good" ? "Good" : v === "bad" ? "Bad" : `${v} of 5`),
  },
  "zh-CN": {
    event: {
      ticket_created: "工单创建",
      customer_replied: "客户回复",
      agent_replied: "客服回复",
      note_added: "添加内部备注",
      ticket_updated: "工单更新",
      ticket_solved: "工单解决",
      ticket_reopened: "工单重新打开",
      rating_received: "收到评价",
      sla_warning: "SLA 预警",
      sla_breach: "SLA 违约",
    },
    field: {
      channel: "渠道",
      support_address: "客服邮箱",
      subject: "主题",
      body: "消息正文",
      text: "主题或消息正文",
      requester_tier: "客户等级",
      organization: "组织",
      customer_language: "客户语言",
      email_domain: "邮箱域名",
      type: "类型",
      priority: "优先级",
      status: "状态",
      group: "分组",
      assignee: "负责人",
      tags: "标签",
      business_hours: "工作时间",
      ticket_age_hours: "工单时长（小时）",
      reply_count: "客服回复次数",
      rating: "满意度评价",
      changed: "本次更新修改了",
      hours_since: "距离某时间",
    },
    op: {
      is: "是",
      is_not: "不是",
      contains_any: "包含任一",
      contains_all: "包含全部",
      contains_none: "不包含",
      within: "当前在",
      outside: "当前不在",
      gt: "大于",
      lt: "小于",
    },
    action: {
      set_priority: "设置优先级",
      set_type: "设置类型",
      set_status: "设置状态",
      set_group: "设置分组",
      set_assignee: "设置负责人",
      assign_by_group_method: "按分组的分配方式分配",
      add_tags: "添加标签",
      remove_tags: "移除标签",
      add_note: "添加内部备注",
      email_requester: "发邮件给客户",
      email_agent: "发邮件给客服",
      email_group: "发邮件给分组",
      apply_macro: "应用宏",
      call_webhook: "调用 Webhook",
      notify: "通知",
      create_follow_up: "创建回访任务",
    },
    notifyTo: { assignee: "负责人", user: "某位客服", group: "某个分组的成员", group_lead: "某个分组的组长" },
    changedField: { status: "状态", priority: "优先级", type: "类型", groupId: "分组", assigneeId: "负责人", tags: "标签", requesterId: "客户" },
    since: {
      created: "创建",
      updated: "最近更新",
      pending: "进入待客户回复",
      solved: "解决",
      last_customer_message: "客户最近一条消息",
      last_agent_message: "客服最近一次回复",
    },
    changedLine: (field, from, to) =>
      from === undefined && to === undefined ? `${field}已更改` : to === undefined ? `${field}从 ${from} 改为其他值` : `${field}${from === undefined ? "" : `从 ${from} `}改为 ${to}`,
    tagsChangedLine: (added, removed) =>
      added === undefined && removed === undefined ? "标签已更改" : [added === undefined ? "" : `添加了标签 ${added}`, removed === undefined ? "" : `移除了标签 ${removed}`].filter(Boolean).join("，"),
    hoursSinceLine: (op, hours, since, calendar) => `距离${since}${op === "gt" ? "已超过" : "不到"} ${hours} ${calendar === null ? "小时" : `个工作小时（${calendar}）`}`,
    ratingAnswer: (v) => (v === "good" ? "满意" : v === "bad" ? "不满意" : `${v} 分`),
  },
};

/** The current language's names for the rules contract's values. */
export const ruleLabels = () => LABELS[locale.value];

/** Every event, in the contract's order (the labels' keys: a Record holds every one; the app does not import the contract's zod schemas). */
export const RULE_EVENT_LIST = Object.keys(LABELS.en.event) as RuleEvent[];
