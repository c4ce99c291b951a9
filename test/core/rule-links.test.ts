import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AssignmentRead } from "../../workers/core/assignment/assignment-store";
import { ticketAfter, tickAssigner } from "../../workers/core/automations/automation-links";
import { withMacroActions } from "../../workers/core/rules/rule-macros";
import type { Action } from "../../workers/core/rules/rule-schema";

/** The pure parts of rules' linked actions (docs/rules.md): macros expanded in place, the tick's assignment state, the ticket after a change. */

const NOW = new Date("2026-12-07T02:00:00Z");
const agentId = (i: number) => `usr_${String(i).padStart(2, "0")}`;

function read(agents: number, cap: number | null, method: "round_robin" | "least_open", waiting: string[] = []) {
  const group = { id: "grp_1", method, cap, skills: "none" as const, cursor: null, calendarId: null, waiting: 0 };
  return {
    assignGroup: [group],
    assignAgents: Array.from({ length: agents }, (_, i) => ({ groupId: "grp_1", userId: agentId(i), available: true, skillTags: [], skillLanguages: [], openCount: 0 })),
    linkWaiting: [{ groupId: "grp_1", first: waiting[0] ?? null, second: waiting[1] ?? null }],
    slaCalendars: [],
  } satisfies Partial<AssignmentRead> & Record<string, unknown>;
}
const ticket = (i: number) => ({ id: `tkt_${String(i).padStart(4, "0")}`, groupId: "grp_1", assigneeId: null, status: "open" as const, priority: "normal" as const, automatic: false, tags: [], createdAt: NOW });
const requester = { tier: "standard" as const, language: null };

describe("an automation's assignments through one tick", () => {
  it("round-robin: every agent within one ticket of every other, whatever the numbers (each decision sees the ones before it)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 80 }), (agents, tickets) => {
        const assign = tickAssigner(read(agents, null, "round_robin") as never);
        const got = new Map<string, number>();
        for (let i = 0; i < tickets; i++) {
          const outcome = assign(ticket(i), requester, NOW);
          expect("assign" in outcome).toBe(true);
          if ("assign" in outcome) got.set(outcome.assign.userId, (got.get(outcome.assign.userId) ?? 0) + 1);
        }
        const counts = Array.from({ length: agents }, (_, i) => got.get(agentId(i)) ?? 0);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("least open with a cap: nobody goes over it; past agents × cap the tickets wait (a note says so)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 60 }), (agents, cap, tickets) => {
        const assign = tickAssigner(read(agents, cap, "least_open") as never);
        const outcomes = Array.from({ length: tickets }, (_, i) => assign(ticket(i), requester, NOW));
        const assigned = outcomes.filter((o) => "assign" in o);
        expect(assigned).toHaveLength(Math.min(tickets, agents * cap));
        const per = new Map<string, number>();
        for (const o of assigned) if ("assign" in o) per.set(o.assign.userId, (per.get(o.assign.userId) ?? 0) + 1);
        for (const n of per.values()) expect(n).toBeLessThanOrEqual(cap);
        for (const o of outcomes.filter((o) => !("assign" in o))) expect("note" in o && o.note).toContain("waits");
      }),
    );
  });

  it("queue order: a ticket behind another waiting one waits; the first waiting one itself is assigned", () => {
    const assign = tickAssigner(read(2, null, "round_robin", ["tkt_0000", "tkt_0001"]) as never);
    expect("assign" in assign(ticket(5), requester, NOW)).toBe(false);
    expect("assign" in assign(ticket(0), requester, NOW)).toBe(false);
    const alone = tickAssigner(read(2, null, "round_robin", ["tkt_0000"]) as never);
    expect("assign" in alone(ticket(0), requester, NOW)).toBe(true);
    // Once assigned it no longer waits: the next one is not behind it.
    expect("assign" in alone(ticket(1), requester, NOW)).toBe(true);
  });
});

describe("macros in a rule's actions", () => {
  const fieldAction = fc.constantFrom<Action>({ type: "set_priority", value: "high" }, { type: "add_tags", tags: ["x"] }, { type: "set_type", value: "problem" });
  it("each found apply_macro is followed by its macro's actions, in place; the rest stays in order", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fieldAction, fc.constantFrom<Action>({ type: "apply_macro", macroId: "mac_a" }, { type: "apply_macro", macroId: "mac_gone" })), { maxLength: 8 }), fc.array(fieldAction, { maxLength: 4 }), (actions, macroActions) => {
        const out = withMacroActions(actions, [{ id: "mac_a", actions: macroActions }]);
        const expected = actions.flatMap((a) => (a.type === "apply_macro" && a.macroId === "mac_a" ? [a, ...macroActions] : [a]));
        expect(out).toEqual(expected);
      }),
    );
  });
});

describe("the ticket after an automation's change", () => {
  it("takes the change's fields and tags, and lists only what changed", () => {
    const row = { ...ticket(1), assigneeId: "usr_09", subject: "S", type: "question", tags: ["a", "b"] };
    const { after, changes } = ticketAfter(row, { assigneeId: null, priority: "urgent", addTags: ["c"], removeTags: ["a"] });
    expect(after).toMatchObject({ assigneeId: null, priority: "urgent", tags: ["b", "c"], status: "open" });
    expect(changes).toEqual([
      { field: "priority", from: "normal", to: "urgent" },
      { field: "assigneeId", from: "usr_09", to: null },
      { field: "tags", from: '["a","b"]', to: '["b","c"]' },
    ]);
  });
});
