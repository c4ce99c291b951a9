// The rules engine's pure work for one ticket event (issue 15 "Measured"), for
// bench/run-trigger-bench.mjs: a workspace's triggers run on realistic facts (a ticket created by
// mail with a 1.5 KB message, half Chinese, half English) exactly as the write path runs them
// (`runTriggers`: order, once per event, chains).
import { runTriggers, type RuleTrigger } from "../../workers/core/rules/rule-triggers";
import type { RuleFacts } from "../../workers/core/rules/rule-facts";
import type { Condition } from "../../workers/core/rules/rule-schema";
import type { BusinessCalendar } from "../../workers/core/sla/business-calendar";

const calendar: BusinessCalendar = {
  timeZone: "Asia/Shanghai",
  weekly: [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]), []],
  holidays: ["2026-10-01", { start: "2026-10-02", end: "2026-10-07" }],
  workdays: [{ date: "2026-09-27", hoursOf: 1 }],
};

const WORDS = ["退款", "退货", "发票", "投诉", "refund", "invoice", "not working", "broken", "cancel my order", "物流", "快递", "damaged", "late delivery", "账号", "password"];

/** The n-th of a varied set of triggers: 2–3 conditions each, mostly not matching this ticket; every tenth changes fields. */
function triggerOf(n: number): RuleTrigger {
  const word = (k: number) => WORDS[(n + k) % WORDS.length]!;
  const conditions: Condition[][] = [
    [{ field: "text", op: "contains_any", value: [word(0), word(3)] }, { field: "priority", op: "is_not", value: ["urgent"] }],
    [{ field: "channel", op: "is", value: ["email"] }, { field: "subject", op: "contains_all", value: [word(1), word(2)] }],
    [{ field: "requester_tier", op: "is", value: ["vip"] }, { field: "tags", op: "contains_any", value: ["vip", `tag${n}`] }],
    [{ field: "business_hours", op: "outside", calendarId: "cal_1" }, { field: "text", op: "contains_any", value: [word(4)] }],
    [{ field: "email_domain", op: "is", value: [`partner${n}.example`] }, { field: "ticket_age_hours", op: "lt", value: 1 }],
  ];
  return {
    id: `trg_${String(n).padStart(3, "0")}`,
    name: `Trigger ${n}`,
    position: n,
    active: true,
    events: n % 4 === 0 ? ["ticket_updated"] : ["ticket_created", "customer_replied"],
    conditions: { all: conditions[n % conditions.length]!, any: [] },
    actions: n % 10 === 0 ? [{ type: "add_tags", tags: [`routed${n}`] }, { type: "set_priority", value: "high" }] : [{ type: "add_note", body: "Seen" }],
  };
}

export const triggersOf = (count: number) => Array.from({ length: count }, (_, n) => triggerOf(n));

const body = `您好，我上周在贵店购买的茶壶收到时盖子已经破损，想申请退款或者换货。订单号 20261205-8831。${"Hello, the teapot I ordered last week arrived with a cracked lid; I would like a refund or a replacement. ".repeat(8)}${"谢谢，期待您的回复。".repeat(10)}`;

/** Fresh facts per event (as the write builds them): the text cache is per facts object. */
export function factsOf(now: Date): RuleFacts {
  return {
    event: "ticket_created",
    now,
    ticket: {
      subject: "茶壶破损 — refund please",
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
      createdAt: now,
      updatedAt: now,
    },
    requester: { tier: "standard", organization: null, language: "zh-CN", emails: ["li.wei@example.com"] },
    text: body,
    replyCount: 0,
    changes: [],
    since: { created: now },
    calendars: new Map([["cal_1", calendar]]),
  };
}

/** One event's engine work: how many triggers fired. */
export const runEvent = (triggers: readonly RuleTrigger[], now: Date) => runTriggers(triggers, factsOf(now)).fired.length;
