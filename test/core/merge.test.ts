import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CUSTOMER_TIERS, USER_LANGUAGES } from "../../schema";
import { mergeCustomerFields } from "../../workers/core/customers/merge";

const customerArb = fc.record({
  name: fc.string({ minLength: 1 }),
  organization: fc.option(fc.string({ minLength: 1 }), { nil: null }),
  tier: fc.constantFrom(...CUSTOMER_TIERS),
  notes: fc.oneof(fc.string(), fc.constantFrom("", "  ", "Prefers WeChat", "Prefers WeChat\n")),
  surveyOptOut: fc.boolean(),
  language: fc.option(fc.constantFrom(...USER_LANGUAGES), { nil: null }),
});

describe("mergeCustomerFields", () => {
  const target = { name: "Wang Fang", organization: null, tier: "standard" as const, notes: "Called twice about refunds.", surveyOptOut: false, language: null };
  const source = { name: "fang@example.com", organization: "Acme Ltd", tier: "vip" as const, notes: "  Prefers WeChat  ", surveyOptOut: true, language: "zh-CN" as const };

  it("keeps the target's name, takes the source's organisation when the target has none, VIP wins, keeps both notes, either's survey opt-out", () => {
    expect(mergeCustomerFields(target, source)).toEqual({
      name: "Wang Fang",
      organization: "Acme Ltd",
      tier: "vip",
      notes: "Called twice about refunds.\n\nPrefers WeChat",
      surveyOptOut: true,
      language: "zh-CN",
    });
  });

  it("keeps the target's organisation when it has one", () => {
    expect(mergeCustomerFields({ ...target, organization: "Target Co" }, source).organization).toBe("Target Co");
  });

  it("does not repeat identical notes or add blank ones", () => {
    expect(mergeCustomerFields({ ...target, notes: "Same" }, { ...source, notes: " Same " }).notes).toBe("Same");
    expect(mergeCustomerFields({ ...target, notes: "" }, { ...source, notes: "   " }).notes).toBe("");
    expect(mergeCustomerFields({ ...target, notes: "" }, { ...source, notes: "Only source" }).notes).toBe("Only source");
  });

  it("follows the merge rules for any two customers (property)", () => {
    fc.assert(
      fc.property(customerArb, customerArb, (t, s) => {
        const merged = mergeCustomerFields(t, s);
        expect(merged.name).toBe(t.name);
        expect(merged.organization).toBe(t.organization ?? s.organization);
        expect(merged.tier).toBe(t.tier === "vip" || s.tier === "vip" ? "vip" : "standard");
        expect(merged.surveyOptOut).toBe(t.surveyOptOut || s.surveyOptOut);
        expect(merged.language).toBe(t.language ?? s.language);
        // Neither customer's notes are lost, and the target's come first.
        expect(merged.notes).toContain(t.notes.trim());
        expect(merged.notes).toContain(s.notes.trim());
        expect(merged.notes.startsWith(t.notes.trim())).toBe(true);
      }),
    );
  });

  it("never downgrades a VIP (property)", () => {
    fc.assert(
      fc.property(customerArb, customerArb, (t, s) => {
        fc.pre(t.tier === "vip" || s.tier === "vip");
        expect(mergeCustomerFields(t, s).tier).toBe("vip");
      }),
    );
  });
});
