import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Action, Condition } from "../../workers/core/rules/rule-schema";
import {
  ACTION_TYPES,
  AUTOMATION_CONDITION_FIELDS,
  BUILT_FIELDS,
  CHANGED_FIELDS,
  changeSelectValue,
  dueOf,
  FIELD_SHAPES,
  newAction,
  newCondition,
  NONE_VALUE,
  TIME_SINCE_LIST,
  TRIGGER_CONDITION_FIELDS,
  withChange,
  withChangedField,
  withDue,
  withMailText,
  withOp,
  wordsOf,
  wordsText,
  type ConditionField,
} from "../../web/src/pages/admin/trigger-builder";

/** A value the contract takes for each field, as the page's input for it would give. */
const FILLED: Record<ConditionField, Record<string, unknown>> = {
  text: { value: ["退款"] },
  subject: { value: ["refund"] },
  body: { value: ["退款", "refund"] },
  channel: { value: ["email"] },
  support_address: { value: ["adr_1"] },
  requester_tier: { value: ["vip"] },
  organization: { value: ["Acme"] },
  customer_language: { value: ["zh-CN"] },
  email_domain: { value: ["example.com"] },
  type: { value: ["complaint"] },
  priority: { value: ["urgent"] },
  status: { value: ["new", "open"] },
  group: { value: ["grp_1", null] },
  assignee: { value: [null] },
  tags: { value: ["vip"] },
  business_hours: { calendarId: "cal_1" },
  ticket_age_hours: { value: 2 },
  reply_count: { value: 0 },
  rating: { value: ["bad"] },
  changed: { changed: "status", to: "open" },
  hours_since: { since: "pending", value: 72, calendarId: "cal_1" },
};
const ALL_OPS = ["is", "is_not", "contains_any", "contains_all", "contains_none", "within", "outside", "gt", "lt"] as const;

describe("the triggers page's condition and action builder", () => {
  it("offers, for every field, exactly the operators the rules contract takes, with a value of the shape it takes", () => {
    expect([...BUILT_FIELDS].sort()).toEqual([...Condition.options.map((o) => o.shape.field).flatMap((f) => ("options" in f ? [...f.options] : [f.value]))].sort());
    for (const field of BUILT_FIELDS) {
      const start = newCondition(field, "cal_1");
      expect(start.field).toBe(field);
      expect(Condition.safeParse(start).success || FIELD_SHAPES[field].input !== "changed").toBe(true);
      if (FIELD_SHAPES[field].ops.length === 0) continue; // `changed` has no operator
      for (const op of ALL_OPS) {
        const parsed = Condition.safeParse({ ...withOp(start, op), ...FILLED[field] });
        expect(parsed.success, `${field} ${op}: ${parsed.error?.message}`).toBe(FIELD_SHAPES[field].ops.includes(op));
      }
    }
  });

  it("offers every action of the contract, each starting from a shape it accepts once its ids and texts are filled", () => {
    const contractTypes = Action.options.flatMap((o) => {
      const type = o.shape.type;
      return "options" in type ? [...type.options] : [type.value];
    });
    expect([...ACTION_TYPES].sort()).toEqual([...contractTypes].sort());
    const fill = { userId: "usr_1", groupId: "grp_1", macroId: "mac_1", webhookId: "whk_1", body: "Hello", text: "Look", tags: ["vip"], subject: { en: "Hi" } };
    for (const type of ACTION_TYPES) {
      const start = newAction(type) as Record<string, unknown>;
      const filled = Object.fromEntries(Object.entries(start).map(([k, v]) => [k, v === "" || (Array.isArray(v) && v.length === 0) ? fill[k as keyof typeof fill] : v]));
      if (type.startsWith("email_")) Object.assign(filled, { subject: { en: "Hi" }, body: { en: "Hello" } });
      const parsed = Action.safeParse(filled);
      expect(parsed.success, `${type}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("reads back the words it shows, split at commas (also Chinese ones), blanks dropped", () => {
    const word = fc.string({ minLength: 1, maxLength: 12 }).map((w) => w.replace(/[,，、\n]/g, "").trim()).filter(Boolean);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        expect(wordsOf(wordsText(words))).toEqual(words);
      }),
    );
    expect(wordsOf("退款，refund、 投诉 ,, \n")).toEqual(["退款", "refund", "投诉"]);
  });

  it("leaves a mail template's Chinese text out when it is emptied", () => {
    expect(withMailText({ en: "Hi" }, "zh-CN", "你好")).toEqual({ en: "Hi", "zh-CN": "你好" });
    expect(withMailText({ en: "Hi", "zh-CN": "你好" }, "zh-CN", "")).toEqual({ en: "Hi" });
  });

  it("offers `changed` on the triggers page and `hours_since` on the automations page, each page every other field", () => {
    expect(TRIGGER_CONDITION_FIELDS).toContain("changed");
    expect(TRIGGER_CONDITION_FIELDS).not.toContain("hours_since");
    expect(AUTOMATION_CONDITION_FIELDS[0]).toBe("hours_since");
    expect(AUTOMATION_CONDITION_FIELDS).not.toContain("changed");
    const common = (fields: readonly ConditionField[]) => fields.filter((f) => f !== "changed" && f !== "hours_since" && f !== ("rating" as ConditionField));
    expect(common(TRIGGER_CONDITION_FIELDS)).toEqual(common(AUTOMATION_CONDITION_FIELDS));
    expect(newCondition("hours_since")).toEqual({ field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null });
  });

  it("builds every `changed` condition the contract takes from its selects: any (left out), none (null) or a value, for either end", () => {
    const selected = fc.oneof(fc.constant(""), fc.constant(NONE_VALUE), fc.constantFrom("open", "pending", "grp_1", "usr_2", "vip", "退款"));
    fc.assert(
      fc.property(fc.constantFrom(...CHANGED_FIELDS), selected, selected, (field, from, to) => {
        const c = withChange(withChange(withChangedField(field), "from", from), "to", to);
        expect(Condition.safeParse(c).success).toBe(true);
        // the selects show what they set
        expect(changeSelectValue(c.from)).toBe(from);
        expect(changeSelectValue(c.to)).toBe(to);
        expect("from" in c).toBe(from !== "");
        expect(c.to).toBe(to === "" ? undefined : to === NONE_VALUE ? null : to);
        // another field starts over: from and to belonged to the old one
        expect(withChangedField(field)).toEqual({ field: "changed", changed: field });
      }),
    );
  });

  it("an `hours_since` condition takes every moment, both operators and calendar or business hours", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIME_SINCE_LIST), fc.constantFrom("gt", "lt") as fc.Arbitrary<"gt" | "lt">, fc.double({ min: 0, max: 24 * 365, noNaN: true }), fc.constantFrom(null, "cal_1"), (since, op, value, calendarId) => {
        expect(Condition.safeParse({ ...newCondition("hours_since"), since, op, value, calendarId }).success).toBe(true);
      }),
    );
  });

  it("a follow-up task is due after business days or business hours, never both", () => {
    const start = newAction("create_follow_up");
    if (start.type !== "create_follow_up") throw new Error("not a follow-up");
    fc.assert(
      fc.property(fc.constantFrom("days", "hours") as fc.Arbitrary<"days" | "hours">, fc.integer({ min: 1, max: 365 }), fc.constantFrom("days", "hours") as fc.Arbitrary<"days" | "hours">, (unit, value, next) => {
        const due = withDue(start, unit, value);
        expect(dueOf(due)).toEqual({ unit, value });
        expect(Action.safeParse(due).success).toBe(true);
        const switched = withDue(due, next, dueOf(due).value);
        expect(dueOf(switched)).toEqual({ unit: next, value });
        expect("dueInBusinessDays" in switched && "dueInBusinessHours" in switched).toBe(false);
      }),
    );
    expect(dueOf(withDue(start, "hours", undefined))).toEqual({ unit: "days", value: undefined });
  });
});
