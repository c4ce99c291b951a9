import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTicketRef, replySubject } from "../../workers/core/tickets/ticket-ref";

const numberArb = fc.integer({ min: 1, max: 10_000_000 });
/** Subjects built from the pieces that make reply subjects tricky. */
const trickySubjectArb = fc
  .array(
    fc.oneof(
      fc.constantFrom("Re", "RE", "re", "Fwd", "FW", "Fw", "AW", "WG", "SV", "Antw", "回复", "答复", "转发", ":", "：", " ", "  ", "\t"),
      fc.constantFrom("[#", "]", "#", "[#12]", "[#7]", "[#0012]", "[12]", "x", "Refund", "退款", "Order 5", "Re:", "Fwd:"),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));
const subjectArb = fc.oneof(trickySubjectArb, fc.string({ unit: "binary", maxLength: 30 }));

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("formatTicketRef", () => {
  it("writes a ticket number as #n", () => {
    expect(formatTicketRef(1234)).toBe("#1234");
  });
});

describe("replySubject", () => {
  it.each([
    ["Refund please", "Re: [#12] Refund please"],
    ["Re: Refund please", "Re: [#12] Refund please"],
    ["RE: re: Refund please", "Re: [#12] Refund please"],
    ["Fwd: Refund please", "Re: [#12] Refund please"],
    ["FW: Re: Refund please", "Re: [#12] Refund please"],
    ["AW: Refund please", "Re: [#12] Refund please"],
    ["回复: 退款", "Re: [#12] 退款"],
    ["回复：退款", "Re: [#12] 退款"],
    ["答复：转发：退款", "Re: [#12] 退款"],
    ["Re: [#12] Refund please", "Re: [#12] Refund please"],
    ["Re: [#12] Re: [#12] Refund please", "Re: [#12] Refund please"],
    ["[#12] Refund please", "Re: [#12] Refund please"],
    ["Refund please [#12]", "Re: [#12] Refund please"],
    ["  Refund please  ", "Re: [#12] Refund please"],
    ["", "Re: [#12]"],
    ["Re:", "Re: [#12]"],
  ])("%j becomes %j", (subject, expected) => {
    expect(replySubject(subject, 12)).toBe(expected);
  });

  it("keeps words that merely start like a prefix", () => {
    expect(replySubject("Refund", 3)).toBe("Re: [#3] Refund");
    expect(replySubject("Reorder: 5 boxes", 3)).toBe("Re: [#3] Reorder: 5 boxes");
    expect(replySubject("Invoice Re: March", 3)).toBe("Re: [#3] Invoice Re: March");
  });

  it("replaces another ticket's tag with this ticket's", () => {
    expect(replySubject("Re: [#7] Refund", 12)).toBe("Re: [#12] Refund");
  });

  it("is idempotent (property)", () => {
    fc.assert(
      fc.property(subjectArb, numberArb, (subject, n) => {
        const once = replySubject(subject, n);
        expect(replySubject(once, n)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("carries [#n] exactly once and starts with `Re: [#n]` (property)", () => {
    fc.assert(
      fc.property(subjectArb, numberArb, (subject, n) => {
        const result = replySubject(subject, n);
        expect(count(result, `[#${n}]`)).toBe(1);
        expect(result.startsWith(`Re: [#${n}]`)).toBe(true);
        expect(result).toBe(result.trim());
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the words of a subject that has no prefixes or tags (property)", () => {
    const plain = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\[\]:：]/.test(s) && s.trim() === s && s !== "");
    fc.assert(
      fc.property(plain, numberArb, (subject, n) => {
        fc.pre(!/^(re|fwd?|aw|wg|sv|antw)\s*$/i.test(subject));
        expect(replySubject(subject, n)).toBe(`Re: [#${n}] ${subject}`);
      }),
    );
  });

  it("a reply to our own reply subject, with the customer's client adding prefixes, keeps the same subject (property)", () => {
    fc.assert(
      fc.property(subjectArb, numberArb, fc.array(fc.constantFrom("Re: ", "RE: ", "Fwd: ", "AW: ", "回复：", "答复: "), { maxLength: 4 }), (subject, n, prefixes) => {
        const ours = replySubject(subject, n);
        expect(replySubject(prefixes.join("") + ours, n)).toBe(ours);
      }),
    );
  });
});
