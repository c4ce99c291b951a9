import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CUSTOMER_TIERS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from "../../schema";
import { conditionsHold, evaluateCondition, evaluateConditions } from "../../workers/core/rules/rule-conditions";
import type { Condition } from "../../workers/core/rules/rule-schema";
import { containsWord, normalizeText } from "../../workers/core/rules/text-match";
import { factsOf } from "./rule-fixtures";

const word = fc.constantFrom("refund", "Refund", "退款", "not working", "ＲＥＦＵＮＤ", "broken", "発送", "late");
const words = fc.array(word, { minLength: 1, maxLength: 4 });
const text = fc.array(fc.constantFrom("I want a refund", "我想申请退款谢谢", "it is not  working", "refunded", "発送はまだ", "hello", "broken-lid", ""), { maxLength: 3 }).map((parts) => parts.join(" "));
const containsOp = fc.constantFrom("contains_any" as const, "contains_all" as const, "contains_none" as const);

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field: fc.constant("channel" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.subarray([...TICKET_CHANNELS], { minLength: 1 }) }),
  fc.record({ field: fc.constant("priority" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.subarray([...TICKET_PRIORITIES], { minLength: 1 }) }),
  fc.record({ field: fc.constant("status" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.subarray([...TICKET_STATUSES], { minLength: 1 }) }),
  fc.record({ field: fc.constant("type" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.subarray([...TICKET_TYPES], { minLength: 1 }) }),
  fc.record({ field: fc.constant("requester_tier" as const), op: fc.constantFrom("is" as const, "is_not" as const), value: fc.subarray([...CUSTOMER_TIERS], { minLength: 1 }) }),
  fc.record({ field: fc.constantFrom("subject" as const, "body" as const, "text" as const), op: containsOp, value: words }),
  fc.record({ field: fc.constant("tags" as const), op: containsOp, value: fc.array(fc.constantFrom("vip", "refund", "Late"), { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constant("reply_count" as const), op: fc.constantFrom("gt" as const, "lt" as const, "is" as const), value: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ field: fc.constant("ticket_age_hours" as const), op: fc.constantFrom("gt" as const, "lt" as const), value: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ field: fc.constant("business_hours" as const), op: fc.constantFrom("within" as const, "outside" as const), calendarId: fc.constantFrom("cal_1", "cal_missing") }),
);
const facts = fc
  .record({
    text,
    subject: text,
    priority: fc.constantFrom(...TICKET_PRIORITIES),
    status: fc.constantFrom(...TICKET_STATUSES),
    tags: fc.subarray(["vip", "refund", "late"]),
    replyCount: fc.integer({ min: 0, max: 5 }),
    hour: fc.integer({ min: 0, max: 23 }),
  })
  .map(({ text, subject, priority, status, tags, replyCount, hour }) =>
    factsOf({ text, replyCount, now: new Date(Date.UTC(2026, 11, 7, hour)) }, { subject, priority, status, tags }),
  );

describe("rule conditions (pure)", () => {
  it("`all` holds exactly when every condition holds; an empty `any` holds; a non-empty `any` when one holds", () => {
    fc.assert(
      fc.property(fc.array(condition, { maxLength: 5 }), fc.array(condition, { maxLength: 5 }), facts, (all, any, f) => {
        const each = (cs: Condition[]) => cs.map((c) => evaluateCondition(c, f).matched);
        const expected = each(all).every(Boolean) && (any.length === 0 || each(any).some(Boolean));
        const result = evaluateConditions({ all, any }, f);
        expect(result.matched).toBe(expected);
        expect(conditionsHold({ all, any }, f)).toBe(expected);
        expect(result.reasons).toHaveLength(all.length + any.length);
        result.reasons.forEach((line, i) => expect(line.startsWith(each([...all, ...any])[i] ? "✓ " : "✗ ")).toBe(true));
      }),
    );
  });

  it("no conditions at all: the rule matches", () => {
    expect(evaluateConditions({ all: [], any: [] }, factsOf())).toEqual({ matched: true, reasons: [] });
  });

  it("contains_none is the negation of contains_any, and contains_all of one word is contains_any of it", () => {
    fc.assert(
      fc.property(fc.constantFrom("subject" as const, "body" as const, "text" as const, "tags" as const), words, facts, (field, value, f) => {
        const anyOf = evaluateCondition({ field, op: "contains_any", value } as Condition, f).matched;
        expect(evaluateCondition({ field, op: "contains_none", value } as Condition, f).matched).toBe(!anyOf);
        const one = value.slice(0, 1);
        expect(evaluateCondition({ field, op: "contains_all", value: one } as Condition, f).matched).toBe(evaluateCondition({ field, op: "contains_any", value: one } as Condition, f).matched);
      }),
    );
  });

  it("is_not is the negation of is", () => {
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        if (!("op" in c) || (c.op !== "is" && c.op !== "is_not") || c.field === "reply_count") return;
        const flipped = { ...c, op: c.op === "is" ? "is_not" : "is" } as Condition;
        expect(evaluateCondition(flipped, f).matched).toBe(!evaluateCondition(c, f).matched);
      }),
    );
  });

  it("matching ignores case, width and spacing: a word found in a text is found in its upper-case, full-width form", () => {
    fc.assert(
      fc.property(word, text, (w, t) => {
        const wide = t.toUpperCase().replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
        expect(containsWord(normalizeText(wide), normalizeText(w))).toBe(containsWord(normalizeText(t), normalizeText(w)));
      }),
    );
  });
});

describe("rule conditions: examples", () => {
  const has = (value: string[], text: string, field: "body" | "subject" | "text" = "body") =>
    evaluateCondition({ field, op: "contains_any", value }, factsOf({ text }, { subject: "" })).matched;

  it("Chinese without word breaks: a substring", () => {
    expect(has(["退款"], "我想申请退款谢谢")).toBe(true);
    expect(has(["退货"], "我想申请退款谢谢")).toBe(false);
    expect(has(["発送"], "発送はまだですか")).toBe(true);
  });
  it("Latin: whole words, a phrase as a unit, any case and width", () => {
    expect(has(["refund"], "I want a REFUND please")).toBe(true);
    expect(has(["refund"], "I was refunded")).toBe(false);
    expect(has(["ＲＥＦＵＮＤ"], "refund!")).toBe(true);
    expect(has(["not working"], "It is Not\n  working at all")).toBe(true);
    expect(has(["not working"], "not really working")).toBe(false);
    expect(has(["broken"], "the broken-lid")).toBe(true);
    expect(has(["refund"], "refund退款")).toBe(true);
  });
  it("text looks in the subject and the message; subject only in the subject", () => {
    const f = factsOf({ text: "hello" }, { subject: "Refund please" });
    expect(evaluateCondition({ field: "text", op: "contains_all", value: ["refund", "hello"] }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "subject", op: "contains_any", value: ["hello"] }, f).matched).toBe(false);
    expect(evaluateCondition({ field: "body", op: "contains_any", value: ["refund"] }, f).matched).toBe(false);
  });
  it("business hours within / outside by the calendar, a missing calendar matches neither", () => {
    const at = (iso: string) => factsOf({ now: new Date(iso) });
    const within = { field: "business_hours", op: "within", calendarId: "cal_1" } as const;
    const outside = { ...within, op: "outside" } as const;
    expect(evaluateCondition(within, at("2026-12-07T03:00:00Z")).matched).toBe(true); // Mon 11:00 +08
    expect(evaluateCondition(outside, at("2026-12-07T12:00:00Z")).matched).toBe(true); // Mon 20:00 +08
    expect(evaluateCondition(within, at("2026-12-06T03:00:00Z")).matched).toBe(false); // Sunday
    expect(evaluateCondition({ ...within, calendarId: "nope" }, at("2026-12-07T03:00:00Z")).matched).toBe(false);
    expect(evaluateCondition({ ...outside, calendarId: "nope" }, at("2026-12-07T03:00:00Z")).matched).toBe(false);
  });
  it("a stored calendar that is not valid matches neither within nor outside, and never throws", () => {
    const broken = factsOf({ calendars: new Map([["cal_1", { timeZone: "Mars/Olympus", weekly: [], holidays: [], workdays: [] }]]) });
    for (const op of ["within", "outside"] as const) {
      const result = evaluateCondition({ field: "business_hours", op, calendarId: "cal_1" }, broken);
      expect(result).toMatchObject({ matched: false, reason: "business hours: calendar cal_1 not found or not valid" });
    }
    const since = factsOf({ calendars: broken.calendars, since: { pending: new Date("2026-12-04T09:00:00Z") } });
    expect(evaluateCondition({ field: "hours_since", since: "pending", op: "gt", value: 0, calendarId: "cal_1" }, since).matched).toBe(false);
  });
  it("hours since: calendar or business hours; never is no match", () => {
    // Friday 17:00 +08 to Monday 11:00 +08: 66 calendar hours, 3 business hours (1 on Friday, 2 on Monday).
    const f = factsOf({ since: { pending: new Date("2026-12-04T09:00:00Z") } });
    expect(evaluateCondition({ field: "hours_since", since: "pending", op: "gt", value: 60, calendarId: null }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "hours_since", since: "pending", op: "lt", value: 4, calendarId: "cal_1" }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "hours_since", since: "pending", op: "gt", value: 2.5, calendarId: "cal_1" }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "hours_since", since: "solved", op: "lt", value: 1000, calendarId: null }, f).matched).toBe(false);
  });
  it("ticket age and reply count", () => {
    const f = factsOf();
    expect(evaluateCondition({ field: "ticket_age_hours", op: "gt", value: 4 }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "ticket_age_hours", op: "lt", value: 4 }, f).matched).toBe(false);
    expect(evaluateCondition({ field: "reply_count", op: "is", value: 2 }, f).matched).toBe(true);
  });
  it("changed from / to against the event's changes; tags by the tag added or removed", () => {
    const f = factsOf({
      event: "ticket_updated",
      changes: [
        { field: "status", from: "open", to: "pending" },
        { field: "tags", from: '["late"]', to: '["vip"]' },
      ],
    });
    expect(evaluateCondition({ field: "changed", changed: "status" }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "changed", changed: "status", to: "pending" }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "changed", changed: "status", from: "new" }, f).matched).toBe(false);
    expect(evaluateCondition({ field: "changed", changed: "priority" }, f).matched).toBe(false);
    expect(evaluateCondition({ field: "changed", changed: "tags", to: "VIP" }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "changed", changed: "tags", from: "late" }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "changed", changed: "tags", to: "late" }, f).matched).toBe(false);
  });
  it("group and assignee: null is none; email domain, organisation case-insensitive", () => {
    const f = factsOf({}, { groupId: null, assigneeId: "usr_1" });
    expect(evaluateCondition({ field: "group", op: "is", value: [null] }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "assignee", op: "is", value: [null] }, f).matched).toBe(false);
    expect(evaluateCondition({ field: "email_domain", op: "is", value: ["example.COM"] }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "email_domain", op: "is_not", value: ["@example.com"] }, f).matched).toBe(false);
    expect(evaluateCondition({ field: "organization", op: "is", value: ["ACME LTD"] }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "customer_language", op: "is", value: ["zh-CN"] }, f).matched).toBe(true);
    expect(evaluateCondition({ field: "support_address", op: "is_not", value: ["adr_1"] }, f).matched).toBe(false);
  });
  it("reasons say what was looked at", () => {
    const { reasons } = evaluateConditions({ all: [{ field: "text", op: "contains_any", value: ["退款"] }], any: [{ field: "priority", op: "is", value: ["urgent"] }] }, factsOf());
    expect(reasons).toEqual(["✓ text contains any 退款 (found 退款)", "✗ priority is urgent (is normal)"]);
  });
});
