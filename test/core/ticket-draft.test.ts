import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedFields, collidingFields, DRAFT_FIELDS, draftOf, ifMatchOf, patchOf, rebaseDraft, type Ticket } from "../../web/src/pages/agent/ticket-draft";
import { etagOf } from "../../workers/api/schemas/versioning";

/** Tickets that differ in the properties an agent edits (the rest is fixed). */
const ticketArb = fc
  .record({
    status: fc.constantFrom("new", "open", "pending", "on_hold", "solved", "closed"),
    priority: fc.constantFrom("low", "normal", "high", "urgent"),
    type: fc.constantFrom("question", "incident", "problem", "task", "complaint"),
    assigneeId: fc.constantFrom(null, "usr_a", "usr_b"),
    groupId: fc.constantFrom(null, "grp_1", "grp_2"),
    tags: fc.constantFrom([], ["vip"], ["vip", "refund"], ["refund"]),
    updatedAt: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  })
  .map((p) => ({ id: "tkt_1", number: 1, ref: "#1", subject: "Tea", requesterId: "cus_1", channel: "email", createdAt: p.updatedAt, ...p }) as unknown as Ticket);

describe("the agent's unsaved property edits", () => {
  it("a form nobody touched sends nothing, and the fields someone changed are exactly the ones that differ", () => {
    fc.assert(
      fc.property(ticketArb, ticketArb, (a, b) => {
        expect(patchOf(a, draftOf(a))).toEqual({});
        expect(changedFields(a, a)).toEqual([]);
        const changed = changedFields(a, b);
        for (const field of DRAFT_FIELDS) expect(changed.includes(field)).toBe(JSON.stringify(draftOf(a)[field]) !== JSON.stringify(draftOf(b)[field]));
      }),
    );
  });

  it("after a reload the agent's own edits stay and everything else is the new ticket's", () => {
    fc.assert(
      fc.property(ticketArb, ticketArb, ticketArb, (before, after, edited) => {
        const draft = draftOf(edited); // what the agent typed, starting from `before`
        const rebased = rebaseDraft(before, after, draft);
        const mine = patchOf(before, draft);
        for (const field of DRAFT_FIELDS) expect(rebased[field]).toBe(field in mine ? draft[field] : draftOf(after)[field]);
        // Nothing edited: the new ticket as it is. Nothing changed underneath: the draft as it is.
        expect(rebaseDraft(before, after, draftOf(before))).toEqual(draftOf(after));
        expect(rebaseDraft(before, before, draft)).toEqual(draft);
      }),
    );
  });

  it("a collision is an edited field someone else set to another value; the same value or an untouched field is none", () => {
    fc.assert(
      fc.property(ticketArb, ticketArb, ticketArb, (base, now, edited) => {
        const draft = draftOf(edited);
        const mine = patchOf(base, draft);
        const theirs = changedFields(base, now);
        const expected = theirs.filter((field) => field in mine && JSON.stringify(draftOf(now)[field]) !== JSON.stringify(draft[field]));
        expect(collidingFields(base, now, draft)).toEqual(expected);
        expect(collidingFields(base, now, draftOf(now))).toEqual([]); // they saved what I typed
        expect(collidingFields(base, now, draftOf(base))).toEqual([]); // I typed nothing
      }),
    );
  });

  it("the patch carries each edited field in the API's shape (null for no assignee or group, tags as a list)", () => {
    fc.assert(
      fc.property(ticketArb, ticketArb, (base, edited) => {
        const patch = patchOf(base, draftOf(edited));
        for (const field of changedFields(base, edited)) expect(patch[field]).toEqual(edited[field]);
        expect(Object.keys(patch).sort()).toEqual(changedFields(base, edited).sort());
      }),
    );
  });

  it("the If-Match the app sends is the ETag the API gives the ticket", () => {
    fc.assert(
      fc.property(ticketArb, (ticket) => {
        expect(ifMatchOf(ticket)).toBe(etagOf({ updatedAt: new Date(ticket.updatedAt) }));
      }),
    );
  });
});
