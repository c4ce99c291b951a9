import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeDigest } from "../../workers/core/notifications/digest-email";
import { ruleNoticeNote, ruleNoticeRecipients, type RuleDirectoryEntry } from "../../workers/core/notifications/rule-notice";
import { NOTIFY_TARGETS } from "../../workers/core/rules/rule-schema";

// Whom a rule's notify action tells (docs/notifications.md "Rules"): only the workspace's active
// agents (the directory), each once; a group's lead, or without an active lead, its members.

const groups = ["grp_1", "grp_2"];
const users = ["usr_a", "usr_b", "usr_c", "usr_d"];
const directory: fc.Arbitrary<RuleDirectoryEntry[]> = fc
  .uniqueArray(fc.record({ id: fc.constantFrom(...users), groupIds: fc.subarray(groups), leadOf: fc.subarray(groups) }), { selector: (u) => u.id })
  .map((list) => list.map((u) => ({ ...u, name: u.id.toUpperCase() })));
const id = (pool: string[]) => fc.option(fc.constantFrom(...pool, "gone"), { nil: null });
const ticket = fc.record({ assigneeId: id(users), groupId: id(groups) });
const target = fc.record({ to: fc.constantFrom(...NOTIFY_TARGETS), id: id([...users, ...groups]) });

describe("ruleNoticeRecipients", () => {
  it("tells only active agents, each once; nobody comes with a reason; a group's lead, else its members", () => {
    fc.assert(
      fc.property(directory, ticket, target, (dir, t, to) => {
        const choice = ruleNoticeRecipients(to, t, dir);
        const active = new Set(dir.map((e) => e.id));
        expect(choice.userIds.every((u) => active.has(u))).toBe(true);
        expect(new Set(choice.userIds).size).toBe(choice.userIds.length);
        expect(choice.userIds.length === 0).toBe(choice.nobody !== null);
        const groupId = to.id ?? t.groupId;
        const members = dir.filter((e) => groupId && e.groupIds.includes(groupId)).map((e) => e.id);
        const leads = dir.filter((e) => groupId && e.leadOf.includes(groupId)).map((e) => e.id);
        switch (to.to) {
          case "assignee":
            expect(choice.userIds).toEqual(t.assigneeId && active.has(t.assigneeId) ? [t.assigneeId] : []);
            if (!t.assigneeId) expect(choice.nobody).toBe("no_assignee");
            break;
          case "user":
            expect(choice.userIds).toEqual(to.id && active.has(to.id) ? [to.id] : []);
            break;
          case "group":
            expect(choice.userIds).toEqual(members);
            expect(choice.fellBack).toBe(false);
            break;
          case "group_lead":
            expect(choice.userIds).toEqual(leads.length ? leads : members);
            expect(choice.fellBack).toBe(leads.length === 0 && groupId !== null);
            break;
        }
        if (!groupId && (to.to === "group" || to.to === "group_lead")) expect(choice.nobody).toBe("no_group");
      }),
    );
  });

  it("the history's line names who was told, says when the members stood in for a lead, and why nobody was", () => {
    const dir: RuleDirectoryEntry[] = [
      { id: "usr_a", name: "Ann", groupIds: ["grp_1"], leadOf: [] },
      { id: "usr_b", name: "Ben", groupIds: ["grp_1"], leadOf: [] },
    ];
    const members = ruleNoticeRecipients({ to: "group_lead", id: null }, { assigneeId: null, groupId: "grp_1" }, dir);
    expect(ruleNoticeNote(members, dir, "VIP waiting")).toBe("Notified Ann, Ben (the group has no lead: its members): VIP waiting");
    const nobody = ruleNoticeRecipients({ to: "assignee", id: null }, { assigneeId: null, groupId: "grp_1" }, dir);
    expect(ruleNoticeNote(nobody, dir, "Look")).toBe("Nobody was notified: the ticket has no assignee. (Look)");
  });
});

describe("a rule's notice in the digest", () => {
  it("names the rule and carries its words, in English and Chinese", () => {
    const items = [{ kind: "rule" as const, ticketId: "tkt_1", ticketNumber: 7, ticketSubject: "Lid cracked", actorName: "VIP watch", text: "Waiting 30 minutes" }];
    const en = composeDigest({ language: "en", recipientName: "Bo", workspaceName: "Acme", appUrl: "https://app.example", items });
    expect(en.subject).toBe("[Acme] Rule “VIP watch” on #7: Waiting 30 minutes");
    const zh = composeDigest({ language: "zh-CN", recipientName: "Bo", workspaceName: "Acme", appUrl: "https://app.example", items });
    expect(zh.text).toContain("规则“VIP watch”提醒 #7：Waiting 30 minutes: Lid cracked");
  });
});
