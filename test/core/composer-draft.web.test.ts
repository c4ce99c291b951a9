import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { draftKey, insertAt } from "../../web/src/pages/agent/composer-draft";

describe("the composer's draft", () => {
  it("inserts a standard reply where the cursor is, replacing a selection, and puts the cursor after it", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.nat(), fc.nat(), (value, text, a, b) => {
        const [start, end] = [Math.min(a, b) % (value.length + 1), Math.max(a, b) % (value.length + 1)].sort((x, y) => x - y) as [number, number];
        const result = insertAt(value, text, start, end);
        expect(result.value.startsWith(value.slice(0, start))).toBe(true);
        expect(result.value.endsWith(value.slice(end))).toBe(true);
        expect(result.value.slice(0, result.cursor).endsWith(text)).toBe(true);
        expect(result.value.length).toBe(value.length - (end - start) + text.length + (result.cursor - start - text.length));
      }),
    );
    expect(insertAt("Hello,\nThanks", "See our FAQ.", 6, 6)).toEqual({ value: "Hello,\nSee our FAQ.\nThanks", cursor: 19 });
    expect(insertAt("", "Hi", 0, 0)).toEqual({ value: "Hi", cursor: 2 });
  });

  it("keeps one draft per person and ticket", () => {
    expect(draftKey("usr_a", "tkt_1")).not.toBe(draftKey("usr_b", "tkt_1"));
    expect(draftKey("usr_a", "tkt_1")).not.toBe(draftKey("usr_a", "tkt_2"));
  });
});
