import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFormat, insertPasted, shortcutFormat } from "../../web/src/pages/agent/markdown-format";
import { formatBody } from "../../workers/core/tickets/message-format";

// Text with no Markdown marks of its own, so a format's marks are the only ones.
// (Single spaces: four would start an indented code block.)
const plain = fc.stringMatching(/^[A-Za-z0-9 ,.\n\u4e00-\u4e09]{0,30}$/).map((s) => s.replace(/ {2,}/g, " "));
// Lines with no list or quote mark of their own (no digits, dots, dashes or '>').
const lines = fc.stringMatching(/^[A-Za-z ,\n\u4e00-\u4e09]{0,30}$/).map((s) => s.replace(/ {2,}/g, " "));
const words = fc.stringMatching(/^[A-Za-z0-9\u4e00-\u4e09]([A-Za-z0-9 \u4e00-\u4e09]{0,10}[A-Za-z0-9\u4e00-\u4e09])?$/);
const ends = fc.tuple(plain, plain).map(([a, b]) => [a.replace(/\S$/, "$& "), b.replace(/^\S/, " $&")] as const);

describe("the composer's formatting buttons", () => {
  it("bold, italic and code wrap the selection, render as their element, and a second press takes them off (property)", () => {
    const element = { bold: "strong", italic: "em", code: "code" } as const;
    fc.assert(
      fc.property(ends, words, fc.constantFrom("bold", "italic", "code" as const), ([before, after], selected, kind) => {
        const value = before + selected + after;
        const start = before.length;
        const end = start + selected.length;
        const once = applyFormat(value, start, end, kind);
        expect(once.value.slice(once.start, once.end)).toBe(selected);
        expect(formatBody(once.value, "markdown").html).toContain(`<${element[kind]}>${selected}</${element[kind]}>`);
        expect(applyFormat(once.value, once.start, once.end, kind)).toEqual({ value, start, end });
      }),
      { numRuns: 500 },
    );
  });

  it("lists and quotes mark every line the selection touches, and a second press takes the marks off (property)", () => {
    fc.assert(
      fc.property(lines, fc.nat(), fc.nat(), fc.constantFrom("bulleted", "numbered", "quote" as const), (value, a, b, kind) => {
        const [start, end] = [a % (value.length + 1), b % (value.length + 1)].sort((x, y) => x - y) as [number, number];
        const once = applyFormat(value, start, end, kind);
        const lines = once.value.slice(once.start, once.end).split("\n");
        const mark = { bulleted: /^- /, numbered: /^\d+\. /, quote: /^> / }[kind];
        for (const line of lines) if (line.trim() && !/^(?:- |\d+\. |> )$/.test(line)) expect(line).toMatch(mark);
        expect(once.value.slice(0, once.start)).toBe(value.slice(0, once.start));
        if (value.slice(once.start, once.end - (once.value.length - value.length)).trim()) expect(applyFormat(once.value, once.start, once.end, kind).value).toBe(value);
      }),
      { numRuns: 500 },
    );
    expect(applyFormat("Steps:\nopen\nclose", 8, 15, "numbered").value).toBe("Steps:\n1. open\n2. close");
    expect(formatBody(applyFormat("open\nclose", 0, 10, "bulleted").value, "markdown").html).toBe("<ul>\n<li>open</li>\n<li>close</li>\n</ul>\n");
  });

  it("a link takes the selection as its words and selects the address to type", () => {
    const edit = applyFormat("See the guide.", 4, 13, "link");
    expect(edit.value).toBe("See [the guide](https://).");
    expect(edit.value.slice(edit.start, edit.end)).toBe("https://");
    expect(applyFormat("https://kefu.example", 0, 20, "link").value).toBe("[https://kefu.example](https://kefu.example)");
  });

  it("pasted lines go on lines of their own, a pasted phrase where the cursor is; the cursor after it (property)", () => {
    fc.assert(
      fc.property(plain, plain, fc.nat(), fc.nat(), (value, pasted, a, b) => {
        const [start, end] = [a % (value.length + 1), b % (value.length + 1)].sort((x, y) => x - y) as [number, number];
        const edit = insertPasted(value, start, end, pasted);
        expect(edit.value.startsWith(value.slice(0, start))).toBe(true);
        expect(edit.value.endsWith(value.slice(end))).toBe(true);
        expect(edit.value.slice(0, edit.start).endsWith(pasted)).toBe(true);
        if (pasted.includes("\n") && start > 0) expect(edit.value.slice(0, edit.start - pasted.length)).toMatch(/\n\n$/);
      }),
    );
    expect(insertPasted("Thanks _sorry_", 14, 14, "**Order** shipped\n\nItem Qty").value).toBe("Thanks _sorry_\n\n**Order** shipped\n\nItem Qty");
    expect(insertPasted("See  now", 4, 4, "[page](https://x.example)").value).toBe("See [page](https://x.example) now");
  });

  it("Ctrl or ⌘ with B or I is a shortcut; other keys are not", () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }>) => shortcutFormat({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
    expect(key("b", { ctrlKey: true })).toBe("bold");
    expect(key("I", { metaKey: true })).toBe("italic");
    expect(key("b", {})).toBeNull();
    expect(key("b", { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(key("Enter", { ctrlKey: true })).toBeNull();
  });
});
