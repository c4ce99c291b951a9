import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withAssignOnReply } from "../../workers/core/tickets/ticket-rules";

const patchArb = fc.record({ status: fc.constantFrom("open", "pending", "solved", "on_hold"), assigneeId: fc.constantFrom("usr_named", null), priority: fc.constantFrom("high", "low") }, { requiredKeys: [] });
const actorArb = fc.oneof(fc.record({ type: fc.constant("agent"), id: fc.constant("usr_me") }), fc.record({ type: fc.constantFrom("customer", "system"), id: fc.constantFrom("cus_1", null) }));
const ticketArb = fc.record({ assigneeId: fc.constantFrom(null, "usr_other"), groupId: fc.constantFrom(null, "grp_1") });
const ruleArb = fc.record({ enabled: fc.boolean(), publicReply: fc.boolean(), memberOfGroup: fc.boolean() });

describe("assignment that sticks (withAssignOnReply)", () => {
  it("assigns exactly when an agent replies publicly or solves an unassigned ticket they may take, with the rule on and no assignee named", () => {
    fc.assert(
      fc.property(patchArb, ticketArb, actorArb, ruleArb, (patch, ticket, actor, rule) => {
        const out = withAssignOnReply(patch, ticket, actor, rule);
        const expected = rule.enabled && actor.type === "agent" && ticket.assigneeId === null && !("assigneeId" in patch) && (ticket.groupId === null || rule.memberOfGroup) && (rule.publicReply || patch.status === "solved");
        expect(out).toEqual(expected ? { ...patch, assigneeId: "usr_me" } : patch);
      }),
    );
  });
});
