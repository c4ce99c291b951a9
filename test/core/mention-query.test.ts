import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mentionedUsers } from "../../workers/core/notifications/recipients";
import { applyMention, mentionChoices, mentionQuery } from "../../web/src/notifications/mention-query";

const users = [
  { id: "usr_a", name: "Ada Agent", email: "ada@example.com" },
  { id: "usr_b", name: "王波", email: "bo@example.com" },
  { id: "usr_c", name: "Li Wei", email: "li@example.com" },
];

describe("mention autocomplete", () => {
  it("finds the mention the caret is in, and nothing in an address or after a space", () => {
    expect(mentionQuery("hi @Ad", 6)).toEqual({ start: 3, query: "Ad" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("mail ada@example", 16)).toBeNull();
    expect(mentionQuery("hi @Ada Agent", 13)).toBeNull();
    expect(mentionChoices(users, "b").map((u) => u.id)).toEqual(["usr_b"]);
    expect(mentionChoices(users, "wei").map((u) => u.id)).toEqual(["usr_c"]);
  });

  it("a picked agent is a mention the server finds", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(...users), fc.string({ maxLength: 3 }).filter((s) => !/[\s@]/.test(s)), (before, after, who, typed) => {
        const head = `${before}${before && !/\s$/.test(before) ? " " : ""}@${typed}`;
        const text = head + (after && !/^\s/.test(after) ? ` ${after}` : after);
        const mention = mentionQuery(text, head.length)!;
        expect(mention).not.toBeNull();
        const applied = applyMention(text, mention, head.length, who.name);
        expect(applied.text.slice(0, applied.caret).endsWith(`@${who.name} `)).toBe(true);
        expect(mentionedUsers(applied.text, users)).toContain(who.id);
      }),
    );
  });
});
