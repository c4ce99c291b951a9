import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_PRIORITIES, TICKET_TYPES } from "../../schema";
import { previousValues } from "../../workers/core/tickets/bulk-rules";
import { normalizeTags, planTicketUpdate, resolveChange, type TicketFields, type TicketTimestamps } from "../../workers/core/tickets/ticket-rules";

const tag = fc.constantFrom("vip", "refund", "Broken Item", "broken_item", "late", " Late ", "中文");
const tags = fc.array(tag, { maxLength: 5 });
const status = fc.constantFrom("new" as const, "open" as const, "pending" as const, "on_hold" as const, "solved" as const);
const agent = fc.constantFrom(null, "usr_a", "usr_b");
const ticket = fc.record({
  subject: fc.constant("Lid cracked"),
  status,
  priority: fc.constantFrom(...TICKET_PRIORITIES),
  type: fc.constantFrom(...TICKET_TYPES),
  requesterId: fc.constant("cus_1"),
  assigneeId: agent,
  groupId: fc.constantFrom(null, "grp_1"),
  tags: tags.map(normalizeTags),
  automatic: fc.boolean(),
  solvedAt: fc.constant(null),
  closedAt: fc.constant(null),
}) satisfies fc.Arbitrary<TicketFields & TicketTimestamps>;
const change = fc.record(
  {
    status: fc.constantFrom("open" as const, "pending" as const, "on_hold" as const, "solved" as const),
    priority: fc.constantFrom(...TICKET_PRIORITIES),
    type: fc.constantFrom(...TICKET_TYPES),
    assigneeId: agent,
    groupId: fc.constantFrom(null, "grp_1", "grp_2"),
    addTags: tags,
    removeTags: tags,
  },
  { requiredKeys: [] },
);
const now = new Date("2026-12-05T12:00:00Z");

describe("bulk change rules", () => {
  it("adding and removing tags: the removed are gone, the added are there unless removed, the others stay", () => {
    fc.assert(
      fc.property(tags, tags, tags, (current, add, remove) => {
        const result = resolveChange({ addTags: add, removeTags: remove }, { tags: normalizeTags(current) }).tags ?? normalizeTags(current);
        const removed = normalizeTags(remove);
        expect(result).toEqual(normalizeTags(result));
        for (const t of removed) expect(result).not.toContain(t);
        for (const t of normalizeTags([...current, ...add])) expect(result.includes(t)).toBe(!removed.includes(t));
      }),
    );
  });

  it("a change without tags to add or remove is its own patch", () => {
    expect(resolveChange({ priority: "high" }, { tags: ["vip"] })).toEqual({ priority: "high" });
  });

  it("the previous values put back every field a change changed (a ticket an assignment opened stays open)", () => {
    fc.assert(
      fc.property(ticket, change, (current, bulk) => {
        const { next, changes } = planTicketUpdate(current, resolveChange(bulk, current), now);
        const back = planTicketUpdate({ ...current, ...next }, previousValues(changes, next.status), now).next;
        expect(triaged(back)).toEqual(triaged(current));
        expect(back.status).toBe(current.status === "new" ? next.status : current.status);
      }),
    );
  });
});

const triaged = ({ priority, type, assigneeId, groupId, tags }: TicketFields) => ({ priority, type, assigneeId, groupId, tags });
