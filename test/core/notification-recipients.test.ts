import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mentionedUsers, NEW_TICKET_RECIPIENTS_CAP, recipientsFor, type DirectoryEntry, type NotifyChange } from "../../workers/core/notifications/recipients";

const ids = ["usr_a", "usr_b", "usr_c", "usr_d", "usr_x"];
const entry: fc.Arbitrary<DirectoryEntry> = fc.record({
  id: fc.constantFrom(...ids.slice(0, 4)),
  name: fc.constantFrom("Anna", "Li Wei", "Li", "王芳", "Bo"),
  email: fc.constantFrom("anna@example.com", "li@example.com", "wang@example.com"),
});
const directory = fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 4 });
/** Ids anywhere, also of users who are not in the directory (another workspace, deactivated). */
const anyId = fc.constantFrom(...ids);
const maybeId = fc.option(anyId, { nil: null });
const change: fc.Arbitrary<NotifyChange> = fc.oneof(
  fc.record({ kind: fc.constant("new_ticket" as const), groupMemberIds: fc.option(fc.array(anyId), { nil: null }) }),
  fc.record({ kind: fc.constant("assigned" as const), assigneeId: anyId }),
  fc.record({ kind: fc.constantFrom("customer_replied" as const, "sla_warning" as const, "sla_breach" as const, "bad_rating" as const), assigneeId: maybeId }),
  fc.record({ kind: fc.constant("mention" as const), body: fc.array(fc.constantFrom("@Anna ", "@li wei", "@Li", "@王芳请看", "@li@example.com.", "hello ", "@", "@Annabel "), { maxLength: 6 }).map((p) => p.join("")) }),
);

describe("recipientsFor", () => {
  it("tells only agents of the directory, never the actor, each once", () => {
    fc.assert(
      fc.property(change, directory, maybeId, (c, dir, actor) => {
        const to = recipientsFor(c, dir, actor);
        expect(new Set(to).size).toBe(to.length);
        expect(to).not.toContain(actor);
        for (const id of to) expect(dir.map((e) => e.id)).toContain(id);
      }),
    );
  });

  it("an assignment tells the assignee, unless they made it or are not an agent here", () => {
    fc.assert(
      fc.property(anyId, directory, maybeId, (assigneeId, dir, actor) => {
        const expected = assigneeId !== actor && dir.some((e) => e.id === assigneeId) ? [assigneeId] : [];
        expect(recipientsFor({ kind: "assigned", assigneeId }, dir, actor)).toEqual(expected);
      }),
    );
  });

  it("a new ticket in a group tells its members; without a group every agent but the actor, capped", () => {
    const many = Array.from({ length: NEW_TICKET_RECIPIENTS_CAP + 10 }, (_, i) => ({ id: `usr_${i}`, name: `Agent ${i}`, email: `a${i}@example.com` }));
    expect(recipientsFor({ kind: "new_ticket", groupMemberIds: null }, many, "usr_0")).toHaveLength(NEW_TICKET_RECIPIENTS_CAP);
    expect(recipientsFor({ kind: "new_ticket", groupMemberIds: null }, many, "usr_0")).not.toContain("usr_0");
    expect(recipientsFor({ kind: "new_ticket", groupMemberIds: ["usr_3", "usr_4", "usr_0"] }, many, "usr_0")).toEqual(["usr_3", "usr_4"]);
  });
});

describe("mentionedUsers", () => {
  const dir: DirectoryEntry[] = [
    { id: "usr_anna", name: "Anna", email: "anna@example.com" },
    { id: "usr_li", name: "Li", email: "li@example.com" },
    { id: "usr_liwei", name: "Li Wei", email: "liwei@example.com" },
    { id: "usr_wang", name: "王芳", email: "wang@example.com" },
  ];
  it("finds names (longest first, any case), addresses and CJK names without a space after them", () => {
    expect(mentionedUsers("@li wei please look", dir)).toEqual(["usr_liwei"]);
    expect(mentionedUsers("@Li, and @ANNA.", dir)).toEqual(["usr_li", "usr_anna"]);
    expect(mentionedUsers("ask @anna@example.com.", dir)).toEqual(["usr_anna"]);
    expect(mentionedUsers("@王芳请看一下", dir)).toEqual(["usr_wang"]);
  });
  it("does not take a longer word or a plain address for a mention", () => {
    expect(mentionedUsers("@Annabel and anna@example.com", dir)).toEqual([]);
  });
  it("a mention of anyone is found whatever surrounds it", () => {
    fc.assert(
      fc.property(fc.constantFrom(...dir), fc.string(), fc.constantFrom(" ", "", "\n"), (who, before, after) => {
        expect(mentionedUsers(`${before} @${who.name}${after}`, dir)).toContain(who.id);
      }),
    );
  });
});
