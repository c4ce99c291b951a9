import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanDisplayName } from "../../workers/core/mail/parse-mail";
import { normalizeMessageId } from "../../workers/core/mail/threading";
import { isWhiteSpace, trimEndWhere, trimStartWhere } from "../../workers/core/trim-runs";

// Short strings over the characters that matter, so runs, interior runs and empty results are common.
const text = fc.array(fc.constantFrom(" ", "\t", "\n", "\u00a0", ".", "<", ">", "a", "é", "x"), { maxLength: 16 }).map((chars) => chars.join(""));

describe("trimming a run off a string's end or start", () => {
  it("removes what the regexes /[…]+$/ and /^[…]+/ remove, and nothing else", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(trimEndWhere(s, (c) => c === " " || c === "\t")).toBe(s.replace(/[ \t]+$/, ""));
        expect(trimEndWhere(s, (c) => c === "." || isWhiteSpace(c))).toBe(s.replace(/[.\s]+$/, ""));
        expect(trimStartWhere(s, (c) => c === "<" || c === ">" || isWhiteSpace(c))).toBe(s.replace(/^[\s<>]+/, ""));
      }),
    );
  });

  it("a display name loses the brackets and white space at its ends; a Message-ID its brackets and white space", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(cleanDisplayName(s)).toBe(s.replace(/^[\s<>]+|[\s<>]+$/g, ""));
        const id = s.trim().replace(/^<+/, "").replace(/>+$/, "").trim();
        expect(normalizeMessageId(s)).toBe(id === "" ? null : id);
      }),
    );
    expect(normalizeMessageId(null)).toBeNull();
    expect(normalizeMessageId(" <<a@b>> ")).toBe("a@b");
  });

  it("keeps a long run that is not at the end (the input that made the regexes quadratic)", () => {
    const hostile = `${" ".repeat(50_000)}x`;
    expect(trimEndWhere(hostile, (c) => c === " ")).toBe(hostile);
    expect(cleanDisplayName(`${"<".repeat(50_000)}Li Wei${" ".repeat(50_000)}x`)).toBe(`Li Wei${" ".repeat(50_000)}x`);
  });
});
