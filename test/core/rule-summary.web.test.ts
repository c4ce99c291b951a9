import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Condition } from "../../workers/core/rules/rule-schema";

// The summary reads the app's wording, which reads the saved language at load.
vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
let summary: typeof import("../../web/src/pages/admin/trigger-summary");
let builder: typeof import("../../web/src/pages/admin/trigger-builder");
let i18n: typeof import("../../web/src/i18n");
beforeAll(async () => {
  [summary, builder, i18n] = await Promise.all([import("../../web/src/pages/admin/trigger-summary"), import("../../web/src/pages/admin/trigger-builder"), import("../../web/src/i18n")]);
});

const choices = {
  groups: [["grp_1", "Tier 2"]] as const,
  agents: [["usr_1", "Li Lei"]] as const,
  addresses: [],
  calendars: [["cal_1", "Beijing office"]] as const,
  webhooks: [],
  macros: [],
};
const inLanguage = (language: "en" | "zh-CN", c: Condition) => {
  i18n.locale.value = language;
  return summary.conditionText(c, choices);
};

describe("a rule's conditions in words (the rules lists and the trigger preview)", () => {
  it("says a `changed` condition with its field, from and to in the user's language", () => {
    const c: Condition = { field: "changed", changed: "status", from: "pending", to: "open" };
    expect(inLanguage("en", c)).toBe("Status changed from Pending to Open");
    expect(inLanguage("zh-CN", c)).toBe("状态从 待客户回复 改为 处理中");
    expect(inLanguage("en", { field: "changed", changed: "groupId", to: null })).toBe("Group changed to none");
    expect(inLanguage("zh-CN", { field: "changed", changed: "assigneeId", to: "usr_1" })).toBe("负责人改为 Li Lei");
    expect(inLanguage("en", { field: "changed", changed: "priority" })).toBe("Priority changed");
    expect(inLanguage("zh-CN", { field: "changed", changed: "priority" })).toBe("优先级已更改");
    expect(inLanguage("en", { field: "changed", changed: "tags", to: "vip" })).toBe("Tag vip added");
    expect(inLanguage("zh-CN", { field: "changed", changed: "tags", from: "退款" })).toBe("移除了标签 退款");
  });

  it("says an `hours_since` condition with its moment, hours and calendar", () => {
    const c: Condition = { field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null };
    expect(inLanguage("en", c)).toBe("More than 72 hours since set to pending");
    expect(inLanguage("zh-CN", c)).toBe("距离进入待客户回复已超过 72 小时");
    const business: Condition = { field: "hours_since", since: "last_customer_message", op: "lt", value: 8, calendarId: "cal_1" };
    expect(inLanguage("en", business)).toBe("Less than 8 business hours (Beijing office) since the customer's last message");
    expect(inLanguage("zh-CN", business)).toBe("距离客户最近一条消息不到 8 个工作小时（Beijing office）");
  });

  it("words every `changed` and `hours_since` condition the page builds, never as JSON, and names the values it was given", () => {
    const selected = fc.oneof(fc.constant(""), fc.constant(builder.NONE_VALUE), fc.constantFrom("open", "urgent", "grp_1", "usr_1", "vip"));
    const changed = fc
      .tuple(fc.constantFrom(...builder.CHANGED_FIELDS), selected, selected)
      .map(([field, from, to]) => builder.withChange(builder.withChange(builder.withChangedField(field), "from", from), "to", to) as Condition);
    const since = fc
      .tuple(fc.constantFrom(...builder.TIME_SINCE_LIST), fc.constantFrom("gt" as const, "lt" as const), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(null, "cal_1"))
      .map(([s, op, value, calendarId]): Condition => ({ field: "hours_since", since: s, op, value, calendarId }));
    fc.assert(
      fc.property(fc.oneof(changed, since), fc.constantFrom("en" as const, "zh-CN" as const), (c, language) => {
        const line = inLanguage(language, c);
        expect(line).not.toMatch(/[{}]|undefined|__none/);
        if (c.field === "hours_since") expect(line).toContain(String(c.value));
        if (c.field === "changed" && c.to === "grp_1" && c.changed === "groupId") expect(line).toContain("Tier 2");
      }),
    );
  });

  it("puts a rule's conditions in one line: all of them, then any of the others; none: every ticket", () => {
    i18n.locale.value = "en";
    const conditions = {
      all: [{ field: "hours_since", since: "created", op: "gt", value: 24, calendarId: null } as Condition],
      any: [{ field: "priority", op: "is", value: ["urgent"] } as Condition, { field: "tags", op: "contains_any", value: ["vip"] } as Condition],
    };
    expect(summary.conditionsText(conditions, choices)).toBe("More than 24 hours since created · any of: Priority is Urgent or Tags contains any of vip");
    expect(summary.conditionsText({ all: [], any: [] }, choices)).toBe("Every ticket");
    i18n.locale.value = "zh-CN";
    expect(summary.conditionsText({ all: [], any: [] }, choices)).toBe("所有工单");
  });
});
