import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { highlightParts, searchWords } from "../../web/src/pages/agent/search-highlight";

describe("marking a search's words in a result", () => {
  it("cuts the text into parts that put back together are the text, each match one of the words", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "A", "茶", "叶", " ", "é") }), fc.array(fc.string({ unit: fc.constantFrom("a", "b", "B", "茶", "叶"), minLength: 1, maxLength: 3 }), { maxLength: 3 }), (text, words) => {
        const parts = highlightParts(text, words);
        expect(parts.map((p) => p.text).join("")).toBe(text);
        for (const part of parts.filter((p) => p.match)) expect(words.some((w) => part.text.toLowerCase().includes(w.toLowerCase()))).toBe(true);
        // Every occurrence of a word is marked (in full, or overlapping a longer word's mark).
        for (const word of words) {
          let at = text.toLowerCase().indexOf(word.toLowerCase());
          const marked = parts.flatMap((p) => [...p.text].map(() => p.match));
          while (at !== -1) {
            expect(marked.slice(at, at + word.length).some(Boolean)).toBe(true);
            at = text.toLowerCase().indexOf(word.toLowerCase(), at + 1);
          }
        }
      }),
    );
  });

  it("marks case-insensitively, longer words first, Chinese too", () => {
    expect(highlightParts("Broken Teapot lid", ["teapot", "tea"])).toEqual([
      { text: "Broken ", match: false },
      { text: "Teapot", match: true },
      { text: " lid", match: false },
    ]);
    expect(highlightParts("我想申请退款", ["退款"])).toEqual([
      { text: "我想申请", match: false },
      { text: "退款", match: true },
    ]);
    expect(highlightParts("no match", [])).toEqual([{ text: "no match", match: false }]);
  });

  it("reads the search box as the API does", () => {
    expect(searchWords('  "Li Wei"  #1042 退款  ')).toEqual(["Li", "Wei", "1042", "退款"]);
    expect(searchWords("#tag")).toEqual(["#tag"]);
  });
});
