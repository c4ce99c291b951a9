import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isField, SHORTCUTS, shortcutFor, type KeyPress, type ShortcutPage } from "../../web/src/pages/agent/shortcut-keys";

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, altKey: false, metaKey: false, inField: false, ...more });
const page = fc.constantFrom<ShortcutPage>("list", "ticket");
const anyKey = fc.oneof(fc.constantFrom(...SHORTCUTS.flatMap((s) => s.keys), "Escape", "x", "J", "Tab"), fc.string({ maxLength: 3 }));

describe("shortcutFor", () => {
  it("maps the documented keys on their pages", () => {
    expect(["/", "j", "k", "o", "Enter", "?"].map((k) => shortcutFor(press(k), "list"))).toEqual(["search", "next", "previous", "open", "open", "help"]);
    expect(["r", "n", "a", "e", "?"].map((k) => shortcutFor(press(k), "ticket"))).toEqual(["reply", "note", "assignMe", "solve", "help"]);
    expect(shortcutFor(press("r"), "list")).toBeNull();
    expect(shortcutFor(press("j"), "ticket")).toBeNull();
    // Enter on a focused link or button is theirs; the letters still work there.
    expect(shortcutFor(press("Enter", { onControl: true }), "list")).toBeNull();
    expect(shortcutFor(press("o", { onControl: true }), "list")).toBe("open");
  });

  it("nothing fires while typing in a field, except Escape leaving it (property)", () => {
    fc.assert(
      fc.property(anyKey, page, (key, p) => {
        expect(shortcutFor(press(key, { inField: true }), p)).toBe(key === "Escape" ? "leave" : null);
      }),
    );
  });

  it("nothing fires with Ctrl, Alt or ⌘ held (property)", () => {
    fc.assert(
      fc.property(anyKey, page, fc.constantFrom("ctrlKey", "altKey", "metaKey"), fc.boolean(), (key, p, modifier, inField) => {
        expect(shortcutFor(press(key, { [modifier]: true, inField }), p)).toBeNull();
      }),
    );
  });

  it("a key means at most one action per page, and every action listed is reachable (property)", () => {
    fc.assert(
      fc.property(anyKey, page, (key, p) => {
        const matches = SHORTCUTS.filter((s) => s.pages.includes(p) && s.keys.includes(key));
        expect(matches.length).toBeLessThanOrEqual(1);
        expect(shortcutFor(press(key), p)).toBe(matches[0]?.action ?? null);
      }),
    );
    for (const s of SHORTCUTS) for (const p of s.pages) for (const k of s.keys) expect(shortcutFor(press(k), p)).toBe(s.action);
  });
});

describe("isField", () => {
  it("text inputs, text areas, selects and editable content take typing; buttons, checkboxes and links do not", () => {
    expect([{ tagName: "INPUT" }, { tagName: "input", type: "search" }, { tagName: "TEXTAREA" }, { tagName: "SELECT" }, { tagName: "DIV", isContentEditable: true }].map(isField)).toEqual([true, true, true, true, true]);
    expect([{ tagName: "INPUT", type: "checkbox" }, { tagName: "input", type: "radio" }, { tagName: "BUTTON" }, { tagName: "A" }, null].map(isField)).toEqual([false, false, false, false, false]);
  });
});
