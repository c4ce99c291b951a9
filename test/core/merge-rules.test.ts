import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES } from "../../schema";
import { AppError } from "../../workers/core/errors";
import { checkMerge, distinctSources, mergeableSources, mergedTags, mergeMessageText, type MergeSide } from "../../workers/core/tickets/merge-rules";
import { normalizeTags } from "../../workers/core/tickets/ticket-rules";

const codeOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

const side = fc.record({
  id: fc.constantFrom("a", "b", "c", "d"),
  number: fc.integer({ min: 1, max: 999 }),
  status: fc.constantFrom(...TICKET_STATUSES),
  mergedIntoId: fc.option(fc.constant("x"), { nil: null }),
  tags: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
}) satisfies fc.Arbitrary<MergeSide>;

describe("merge rules", () => {
  it("the merged tags are every side's tags, normalised, each once, sorted (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), fc.array(fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }), { maxLength: 4 }), (target, sources) => {
        const tags = mergedTags(target, sources);
        expect(new Set(tags)).toEqual(new Set(normalizeTags([...target, ...sources.flat()])));
        expect(tags).toEqual([...new Set(tags)].sort());
        for (const tag of normalizeTags(target)) expect(tags).toContain(tag);
      }),
    );
  });

  it("sources are kept once each, in order; the target among them is refused (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom("a", "b"), fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 6 }), (target, ids) => {
        if (ids.includes(target)) expect(codeOf(() => distinctSources(target, ids))).toBe("ticket_merge_self");
        else expect(distinctSources(target, ids)).toEqual([...new Set(ids)]);
      }),
    );
  });

  it("a merge goes ahead exactly when no side is closed or merged, the target's pointer checked first (property)", () => {
    fc.assert(
      fc.property(side, fc.array(side, { minLength: 1, maxLength: 3 }), (target, sources) => {
        const code = codeOf(() => checkMerge(target, sources));
        if (target.mergedIntoId) expect(code).toBe("ticket_merge_target_merged");
        else if (sources.some((s) => s.mergedIntoId)) expect(code).toBe("ticket_already_merged");
        else if ([target, ...sources].some((s) => s.status === "closed")) expect(code).toBe("ticket_closed");
        else expect(code).toBeNull();
      }),
    );
  });

  it("says what was merged: a note for agents, a notice for the requester in the subject's language", () => {
    expect(mergeMessageText({ number: 7, subject: "Refund" }, [{ number: 3 }, { number: 5 }], false)).toBe("Merged #3, #5 into #7: their messages, tags and CCs are now on this ticket.");
    expect(mergeMessageText({ number: 7, subject: "Refund" }, [{ number: 3 }], true)).toContain("#3 has been merged into #7");
    expect(mergeMessageText({ number: 7, subject: "茶壶退款" }, [{ number: 3 }], true)).toContain("已合并到 #7");
  });
});

describe("bulk merge sources", () => {
  it("each source either merges or is skipped with why, in order; the target's problems still throw (property)", () => {
    fc.assert(
      fc.property(side, fc.array(fc.option(side, { nil: null }), { maxLength: 5 }), (target, sources) => {
        const ids = sources.map((_, i) => `s${i}`);
        const targetCode = codeOf(() => checkMerge(target, []));
        if (targetCode) {
          expect(codeOf(() => mergeableSources(target, ids, sources))).toBe(targetCode);
          return;
        }
        const { merge, skipped } = mergeableSources(target, ids, sources);
        expect(merge).toEqual(sources.filter((s) => s && !s.mergedIntoId && s.status !== "closed"));
        expect(merge.length + skipped.length).toBe(sources.length);
        for (const skip of skipped) {
          const source = sources[Number(skip.id.slice(1))];
          if (!source) expect(skip.result).toBe("not_found");
          else expect(skip).toMatchObject({ result: "refused", code: source.mergedIntoId ? "ticket_already_merged" : "ticket_closed" });
        }
        expect(skipped.map((s) => s.id)).toEqual(ids.filter((_, i) => !merge.includes(sources[i]!)));
      }),
    );
  });
});
