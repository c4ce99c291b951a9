import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Action, Condition } from "../../workers/core/rules/rule-schema";
import { ACTION_TYPES, BUILT_FIELDS, FIELD_SHAPES, newAction, newCondition, withMailText, withOp, wordsOf, wordsText, type BuiltField } from "../../web/src/pages/admin/trigger-builder";

/** A value the contract takes for each field, as the page's input for it would give. */
const FILLED: Record<BuiltField, Record<string, unknown>> = {
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
};
const ALL_OPS = ["is", "is_not", "contains_any", "contains_all", "contains_none", "within", "outside", "gt", "lt"] as const;

describe("the triggers page's condition and action builder", () => {
  it("offers, for every field, exactly the operators the rules contract takes, with a value of the shape it takes", () => {
    for (const field of BUILT_FIELDS) {
      const start = newCondition(field, "cal_1");
      expect(start.field).toBe(field);
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
});
