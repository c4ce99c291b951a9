import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changeNotice, patchMayNotify, type NotifyRead } from "../../workers/core/notifications/notification-store";

// What a change to a stored ticket tells, the same for an agent's change and the cron's
// (docs/notifications.md): a new assignee; or, a ticket moved into a group with nobody assigned,
// that group's members; nothing else.

const groups = ["grp_1", "grp_2"];
const users = ["usr_a", "usr_b", "usr_c"];
const read: fc.Arbitrary<NotifyRead> = fc
  .uniqueArray(fc.record({ id: fc.constantFrom(...users), groups: fc.subarray(groups) }), { selector: (u) => u.id })
  .map((list) => ({ notifyDirectory: list.map((u) => ({ id: u.id, name: u.id, email: `${u.id}@example.com`, groupIds: JSON.stringify(u.groups) })) }));
const ticket = fc.record({ assigneeId: fc.option(fc.constantFrom(...users), { nil: null }), groupId: fc.option(fc.constantFrom(...groups), { nil: null }) });
const fields = fc.subarray(["assigneeId", "groupId", "priority", "status", "tags"]).map((list) => list.map((field) => ({ field })));

describe("changeNotice", () => {
  it("tells a new assignee; else a group the ticket moved into with nobody assigned, its members; else nobody", () => {
    fc.assert(
      fc.property(read, ticket, fields, (r, after, changes) => {
        const changed = (f: string) => changes.some((c) => c.field === f);
        const notice = changeNotice(r, after, changes);
        if (changed("assigneeId") && after.assigneeId) expect(notice).toEqual({ kind: "assigned", assigneeId: after.assigneeId });
        else if (changed("groupId") && after.groupId && !after.assigneeId) {
          const members = r.notifyDirectory.filter((u) => (JSON.parse(u.groupIds) as string[]).includes(after.groupId!)).map((u) => u.id);
          expect(notice).toEqual({ kind: "new_ticket", groupMemberIds: members });
        } else expect(notice).toBeNull();
      }),
    );
  });

  it("a patch that could give a notice is one that reads the directory for it", () => {
    const patch = fc.record({ assigneeId: fc.option(fc.constantFrom(...users), { nil: null }), groupId: fc.option(fc.constantFrom(...groups), { nil: null }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(read, ticket, patch, (r, before, p) => {
        const after = { ...before, ...p };
        const changes = (["assigneeId", "groupId"] as const).filter((f) => after[f] !== before[f]).map((field) => ({ field }));
        if (changeNotice(r, after, changes) !== null) expect(patchMayNotify(p)).toBe(true);
      }),
    );
  });
});
