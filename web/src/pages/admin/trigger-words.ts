import { locale } from "../../i18n";
import type { Action, RuleEvent } from "../../../../workers/core/rules/rule-schema";
import type { ActionType, BuiltField, ConditionOp } from "./trigger-builder";

export type { ActionType, BuiltField, ConditionOp };

/** The rules contract's names as people read them; the Record types make every value present. */
type Labels = {
  event: Record<RuleEvent, string>;
  field: Record<BuiltField, string>;
  op: Record<ConditionOp, string>;
  action: Record<ActionType, string>;
  notifyTo: Record<Extract<Action, { type: "notify" }>["to"], string>;
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
    notifyTo: { assignee: "The assignee", user: "An agent", group: "A group" },
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
    notifyTo: { assignee: "负责人", user: "某位客服", group: "某个分组" },
  },
};

/** The current language's names for the rules contract's values. */
export const ruleLabels = () => LABELS[locale.value];

/** Every event, in the contract's order (the labels' keys: a Record holds every one; the app does not import the contract's zod schemas). */
export const RULE_EVENT_LIST = Object.keys(LABELS.en.event) as RuleEvent[];
