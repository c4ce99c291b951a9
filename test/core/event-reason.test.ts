import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SLA_METRIC_NAMES, TICKET_PRIORITIES } from "../../schema";
import { reasonedChange, reasonText, type ReasonLabel } from "../../web/src/pages/agent/event-reason";

const LABELS: Record<string, Record<string, string>> = {
  en: { metric_first_reply: "First reply", metric_next_reply: "Next reply", metric_periodic_update: "Periodic update", metric_resolution: "Resolution", metric_periodic_update_unpaused: "Periodic update (never paused)", metric_requester_wait: "Requester wait", metric_total_resolution: "Total resolution", priority_urgent: "Urgent", priority_high: "High", priority_normal: "Normal", priority_low: "Low" },
  "zh-CN": { metric_first_reply: "首次回复", metric_next_reply: "下次回复", metric_periodic_update: "定期更新", metric_resolution: "解决", metric_periodic_update_unpaused: "定期更新（不暂停）", metric_requester_wait: "客户等待", metric_total_resolution: "总解决时长", priority_urgent: "紧急", priority_high: "高", priority_normal: "普通", priority_low: "低" },
};
const labelIn = (locale: "en" | "zh-CN"): ReasonLabel => (kind, value) => LABELS[locale]![`${kind}_${value}`] ?? value;
const LOCALES = ["en", "zh-CN"] as const;

describe("why the system changed a ticket, in the history", () => {
  it("an escalation's raised priority reads as in the issue, in English and Chinese", () => {
    const raised = { field: "priority", newValue: "urgent", reason: "sla_breach:first_reply" };
    expect(reasonedChange("en", raised, labelIn("en"))).toEqual({ raised: "raised to Urgent: first reply breached" });
    expect(reasonedChange("zh-CN", raised, labelIn("zh-CN"))).toEqual({ raised: "升级为紧急：首次回复已超时" });
    expect(reasonedChange("en", { field: "groupId", newValue: "grp_1", reason: "sla_breach:resolution" }, labelIn("en"))).toEqual({ suffix: " (resolution breached)" });
    expect(reasonedChange("zh-CN", { field: "assigneeId", newValue: null, reason: "sla_breach:next_reply" }, labelIn("zh-CN"))).toEqual({ suffix: "（下次回复已超时）" });
  });

  it("every metric and priority is worded in both languages; no reason, or one not known, words nothing", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SLA_METRIC_NAMES), fc.constantFrom(...TICKET_PRIORITIES), fc.constantFrom(...LOCALES), (metric, priority, locale) => {
        const text = reasonText(locale, `sla_breach:${metric}`, labelIn(locale))!;
        expect(text).toContain(locale === "en" ? LABELS.en![`metric_${metric}`]!.toLowerCase() : LABELS["zh-CN"]![`metric_${metric}`]!);
        const raised = reasonedChange(locale, { field: "priority", newValue: priority, reason: `sla_breach:${metric}` }, labelIn(locale));
        expect(raised).toEqual({ raised: expect.stringContaining(LABELS[locale]![`priority_${priority}`]!) });
      }),
    );
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: null }), fc.constantFrom(...LOCALES), (reason, locale) => {
        fc.pre(!reason || !/^sla_breach:[a-z_]+$|^(trigger|macro):[^:]+:./.test(reason));
        expect(reasonText(locale, reason, labelIn(locale))).toBeNull();
        expect(reasonedChange(locale, { field: "priority", newValue: "urgent", reason }, labelIn(locale))).toBeNull();
      }),
    );
  });

  it("a trigger's change names the trigger, in English and Chinese, whatever its name holds", () => {
    const event = (field: string, reason: string) => ({ field, newValue: "urgent", reason });
    expect(reasonedChange("en", event("priority", "trigger:trg_1:Refunds to Tier 2, urgent"), labelIn("en"))).toEqual({ suffix: " (by the trigger “Refunds to Tier 2, urgent”)" });
    expect(reasonedChange("zh-CN", event("groupId", "trigger:trg_1:退款转二线"), labelIn("zh-CN"))).toEqual({ suffix: "（由触发器“退款转二线”执行）" });
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_]{1,20}$/), fc.string({ minLength: 1 }), fc.constantFrom(...LOCALES), (id, name, locale) => {
        expect(reasonText(locale, `trigger:${id}:${name}`, labelIn(locale))).toContain(name);
      }),
    );
  });

  it("a macro's change names the macro, in English and Chinese, whatever its title holds", () => {
    expect(reasonedChange("en", { field: "priority", newValue: "high", reason: "macro:mac_1:Refund received" }, labelIn("en"))).toEqual({ suffix: " (macro “Refund received”)" });
    expect(reasonedChange("zh-CN", { field: "tags", newValue: '["refund"]', reason: "macro:mac_1:已收到退款" }, labelIn("zh-CN"))).toEqual({ suffix: "（宏“已收到退款”）" });
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_]{1,20}$/), fc.string({ minLength: 1 }), fc.constantFrom(...LOCALES), (id, title, locale) => {
        expect(reasonText(locale, `macro:${id}:${title}`, labelIn(locale))).toContain(title);
      }),
    );
  });
});

describe("automatic assignment's reasons in the history (docs/assignment.md)", () => {
  it("round-robin, fewest open tickets and a return to the pool are worded in English and Chinese, for any group id", () => {
    const expected = {
      en: { round_robin: "round-robin assignment", least_open: "assigned to the agent with the fewest open tickets", returned: "returned to the pool: the agent was away" },
      "zh-CN": { round_robin: "轮流分配", least_open: "分配给未结工单最少的客服", returned: "退回待分配：客服离开" },
    } as const;
    fc.assert(
      fc.property(fc.constantFrom(...LOCALES), fc.constantFrom("round_robin" as const, "least_open" as const, "returned" as const), fc.string({ minLength: 1, maxLength: 30 }), (locale, kind, groupId) => {
        expect(reasonText(locale, `assignment:${kind}:${groupId}`, labelIn(locale))).toBe(expected[locale][kind]);
        const change = reasonedChange(locale, { field: "assigneeId", newValue: kind === "returned" ? null : "usr_1", reason: `assignment:${kind}:${groupId}` }, labelIn(locale));
        expect(change).toEqual({ suffix: locale === "en" ? ` (${expected.en[kind]})` : `（${expected["zh-CN"][kind]}）` });
      }),
    );
    expect(reasonText("en", "assignment:random:grp_1", labelIn("en"))).toBeNull();
  });
});
