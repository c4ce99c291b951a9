import type { Action, Conditions } from "../rules/rule-schema";

/**
 * The automations an admin can add from a list and then edit (issue 15, docs/rules.md
 * "Automations"). Each is a plain automation once added: nothing refers back to the preset but
 * its key (shown as where it came from).
 */
export interface AutomationPreset {
  key: string;
  name: { en: string; "zh-CN": string };
  description: { en: string; "zh-CN": string };
  conditions: Conditions;
  actions: Action[];
}

const remindBody = {
  en: "Hello {{customer.first_name}},\n\nWe are still waiting for your answer on “{{ticket.subject}}” (#{{ticket.number}}). Reply to this email and we will pick it up again.\n\n{{workspace.name}}",
  "zh-CN": "{{customer.name}}，您好：\n\n关于“{{ticket.subject}}”（#{{ticket.number}}），我们仍在等待您的回复。直接回复此邮件即可继续处理。\n\n{{workspace.name}}",
};

export const AUTOMATION_PRESETS: readonly AutomationPreset[] = [
  {
    key: "pending_reminder_3d",
    name: { en: "Remind the customer after 3 days pending", "zh-CN": "待回复 3 天后提醒客户" },
    description: { en: "Emails the requester once when a ticket has waited for them for 3 days.", "zh-CN": "工单等待客户回复满 3 天时，给客户发一次提醒邮件。" },
    conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null }], any: [] },
    actions: [{ type: "email_requester", subject: { en: "Still waiting for your answer: {{ticket.subject}}", "zh-CN": "仍在等待您的回复：{{ticket.subject}}" }, body: remindBody }],
  },
  {
    key: "pending_solve_7d",
    name: { en: "Solve after 7 days pending", "zh-CN": "待回复 7 天后自动解决" },
    description: { en: "Solves a ticket that has waited for the customer for 7 days, with a note saying why.", "zh-CN": "工单等待客户回复满 7 天时自动解决，并留下内部备注。" },
    conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 168, calendarId: null }], any: [] },
    actions: [
      { type: "set_status", value: "solved" },
      { type: "add_note", body: "Solved automatically: no answer from the customer for 7 days. / 客户 7 天未回复，已自动解决。" },
    ],
  },
  {
    key: "vip_unassigned_30m",
    name: { en: "Notify the group lead when a VIP ticket sits unassigned 30 minutes", "zh-CN": "VIP 工单 30 分钟无人受理时通知组长" },
    description: {
      en: "A VIP customer's open ticket with nobody assigned after 30 minutes: tells the lead of its group (a group without a lead: its members). Choose a group to watch only its tickets.",
      "zh-CN": "VIP 客户的工单 30 分钟仍无人受理时通知其所在组的组长（未设组长时通知全组成员）。选择一个组则只关注该组的工单。",
    },
    conditions: {
      all: [
        { field: "requester_tier", op: "is", value: ["vip"] },
        { field: "assignee", op: "is", value: [null] },
        { field: "status", op: "is", value: ["new", "open"] },
        { field: "hours_since", since: "created", op: "gt", value: 0.5, calendarId: null },
      ],
      any: [],
    },
    actions: [{ type: "notify", to: "group_lead", id: null, text: "A VIP ticket has waited 30 minutes with nobody assigned. / VIP 工单已等待 30 分钟仍无人受理。" }],
  },
  {
    key: "complaint_follow_up",
    name: { en: "Follow up (回访) a solved complaint in 2 business days", "zh-CN": "投诉解决后 2 个工作日内回访" },
    description: {
      en: "When a complaint is solved, creates a linked follow-up task for its assignee, due in 2 business days of the workspace's default calendar.",
      "zh-CN": "投诉工单解决后，为处理人创建一个关联的回访任务，按默认工作日历 2 个工作日内到期。",
    },
    conditions: { all: [{ field: "type", op: "is", value: ["complaint"] }, { field: "hours_since", since: "solved", op: "gt", value: 0, calendarId: null }], any: [] },
    actions: [{ type: "create_follow_up", dueInBusinessDays: 2, calendarId: null }],
  },
];

export const presetByKey = (key: string) => AUTOMATION_PRESETS.find((p) => p.key === key) ?? null;

/** A notify action that leaves its group to be chosen: a preset with one takes a group when added (`groupId`). */
export const notifiesGroupToChoose = (a: Action) => a.type === "notify" && (a.to === "group" || a.to === "group_lead") && a.id === null;
