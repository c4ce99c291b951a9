import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The module's views come with the app's wording, which reads the saved language at load.
vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
let takeable: typeof import("../../web/src/pages/agent/takeable-tickets");
beforeAll(async () => void (takeable = await import("../../web/src/pages/agent/takeable-tickets")));

// Where an agent with nothing assigned is pointed (the empty "My open" view, docs/web.md).

const users = ["usr_me", "usr_b", "usr_c"];
const groups = fc.uniqueArray(fc.record({ id: fc.constantFrom("grp_1", "grp_2", "grp_3"), memberIds: fc.subarray(users) }), { selector: (g) => g.id });

describe("takeableTargets", () => {
  it("the groups I am in, in order; in none (or with no groups at all), every unassigned ticket", () => {
    fc.assert(
      fc.property(groups, (list) => {
        const targets = takeable.takeableTargets("usr_me", list);
        const mine = list.filter((g) => g.memberIds.includes("usr_me")).map((g) => g.id);
        expect(targets.map((t) => t.groupId)).toEqual(mine.length ? mine : [null]);
      }),
    );
  });

  it("each target counts what its link opens: the Unassigned view's tickets, in its group", () => {
    fc.assert(
      fc.property(groups, (list) => {
        for (const target of takeable.takeableTargets("usr_me", list)) {
          const query = takeable.takeableQuery(target, "usr_me");
          expect(query.assigneeId).toBe("none");
          expect(query.groupId).toBe(target.groupId ?? undefined);
          const url = new URL(takeable.takeableUrl(target), "https://kefu.test");
          expect(url.pathname).toBe("/tickets");
          expect(url.searchParams.get("view")).toBe("unassigned");
          expect(url.searchParams.get("groupId")).toBe(target.groupId);
        }
      }),
    );
  });
});
