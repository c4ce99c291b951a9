import type { RuleFacts, RuleTicket } from "../../workers/core/rules/rule-facts";
import type { BusinessCalendar } from "../../workers/core/sla/business-calendar";

/** Facts for the rules engine's pure tests: a Monday 11:00 in Shanghai, a Chinese refund request. */
export const now = new Date("2026-12-07T03:00:00Z"); // Monday 11:00 in Shanghai
const nineToSix: BusinessCalendar = {
  timeZone: "Asia/Shanghai",
  weekly: [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []],
  holidays: [],
  workdays: [],
};

export function ticketOf(over: Partial<RuleTicket> = {}): RuleTicket {
  return {
    subject: "Order 1234",
    status: "new",
    priority: "normal",
    type: "question",
    requesterId: "cus_1",
    assigneeId: null,
    groupId: null,
    tags: [],
    automatic: false,
    solvedAt: null,
    closedAt: null,
    channel: "email",
    supportAddressId: "adr_1",
    createdAt: new Date(now.getTime() - 5 * 3_600_000),
    updatedAt: now,
    ...over,
  };
}

export function factsOf(over: Partial<RuleFacts> = {}, ticket: Partial<RuleTicket> = {}): RuleFacts {
  return {
    event: "ticket_created",
    now,
    ticket: ticketOf(ticket),
    requester: { tier: "standard", organization: "Acme Ltd", language: "zh-CN", emails: ["li@Example.com"] },
    text: "我想申请退款谢谢",
    replyCount: 2,
    changes: [],
    since: { created: new Date(now.getTime() - 5 * 3_600_000) },
    calendars: new Map([["cal_1", nineToSix]]),
    ...over,
  };
}
