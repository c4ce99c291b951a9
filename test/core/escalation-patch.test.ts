import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SLA_METRIC_NAMES, TICKET_PRIORITIES, TICKET_STATUSES } from "../../schema";
import { escalationActor, escalationPatch, type Escalation } from "../../workers/core/sla/sla-alerts";

const rank = (p: string) => TICKET_PRIORITIES.indexOf(p as (typeof TICKET_PRIORITIES)[number]);
const group = fc.option(fc.constantFrom("grp_a", "grp_b"), { nil: null });

const escalation: fc.Arbitrary<Escalation> = fc.record({
  ticket: fc.record({
    id: fc.constant("tkt_1"),
    number: fc.nat(),
    subject: fc.constant("Lid cracked"),
    status: fc.constantFrom(...TICKET_STATUSES),
    priority: fc.constantFrom(...TICKET_PRIORITIES),
    assigneeId: fc.option(fc.constant("usr_1"), { nil: null }),
    groupId: group,
  }),
  escalatePriority: fc.option(fc.constantFrom(...TICKET_PRIORITIES), { nil: null }),
  escalateGroupId: group,
  assigneeStays: fc.boolean(),
  metric: fc.constantFrom(...SLA_METRIC_NAMES),
});

describe("escalationPatch", () => {
  it("raises the priority, never lowers it; moves the group, unassigning only an assignee who is not in it; null when nothing changes or the ticket is closed", () => {
    fc.assert(
      fc.property(escalation, (e) => {
        const patch = escalationPatch(e);
        const raises = e.escalatePriority !== null && rank(e.escalatePriority) > rank(e.ticket.priority);
        const moves = e.escalateGroupId !== null && e.escalateGroupId !== e.ticket.groupId;
        if (e.ticket.status === "closed" || (!raises && !moves)) {
          expect(patch).toBeNull();
          return;
        }
        expect(patch).toEqual({
          ...(raises ? { priority: e.escalatePriority } : {}),
          ...(moves ? { groupId: e.escalateGroupId } : {}),
          ...(moves && e.ticket.assigneeId && !e.assigneeStays ? { assigneeId: null } : {}),
        });
        if (patch!.priority) expect(rank(patch!.priority)).toBeGreaterThan(rank(e.ticket.priority));
      }),
    );
  });

  it("acts as the system with the breached metric as the reason its changes carry", () => {
    fc.assert(
      fc.property(escalation, (e) => {
        expect(escalationActor(e)).toEqual({ type: "system", id: null, reason: `sla_breach:${e.metric}` });
      }),
    );
  });
});
