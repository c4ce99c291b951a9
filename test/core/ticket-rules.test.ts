import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type TicketStatus } from "../../schema";
import { AppError } from "../../workers/core/errors";
import {
  statusAfterCustomerMessage,
  fieldValue,
  normalizeTags,
  planTicketUpdate,
  statusAfterReply,
  type TicketFields,
  type TicketPatch,
  type TicketTimestamps,
} from "../../workers/core/tickets/ticket-rules";

const NOW = new Date("2026-11-20T10:00:00.000Z");
const EARLIER = new Date("2026-11-01T08:00:00.000Z");
const FIELDS = ["subject", "status", "priority", "type", "requesterId", "assigneeId", "groupId", "tags", "automatic"] as const;
const OPEN_STATUSES = TICKET_STATUSES.filter((s) => s !== "closed");

type Current = TicketFields & TicketTimestamps;

const ticket = (overrides: Partial<Current> = {}): Current => ({
  subject: "Refund for order 1234",
  status: "open",
  priority: "normal",
  type: "question",
  requesterId: "cus_1",
  assigneeId: null,
  groupId: null,
  tags: [],
  automatic: false,
  solvedAt: null,
  closedAt: null,
  ...overrides,
});

// Generators ------------------------------------------------------------------------------------

const tagArb = fc.oneof(fc.constantFrom("vip", "Refund", " billing ", "late delivery", "VIP", "退款", ""), fc.string({ maxLength: 8 }));
const tagsArb = fc.array(tagArb, { maxLength: 6 });
const userArb = fc.option(fc.constantFrom("usr_a", "usr_b", "usr_c"), { nil: null });
const groupArb = fc.option(fc.constantFrom("grp_a", "grp_b"), { nil: null });

/** A ticket as it can be stored: solvedAt is set exactly when it is solved or closed. */
const currentArb = (statuses: readonly TicketStatus[] = OPEN_STATUSES) =>
  fc
    .record({
      subject: fc.constantFrom("Help", "Refund", "退款"),
      status: fc.constantFrom(...statuses),
      priority: fc.constantFrom(...TICKET_PRIORITIES),
      type: fc.constantFrom(...TICKET_TYPES),
      requesterId: fc.constantFrom("cus_1", "cus_2"),
      assigneeId: userArb,
      groupId: groupArb,
      tags: tagsArb.map(normalizeTags),
      automatic: fc.boolean(),
    })
    .map(
      (f): Current => ({
        ...f,
        solvedAt: f.status === "solved" || f.status === "closed" ? EARLIER : null,
        closedAt: f.status === "closed" ? EARLIER : null,
      }),
    );

const patchArb: fc.Arbitrary<TicketPatch> = fc.record(
  {
    subject: fc.constantFrom("Help", "Refund", "退款", "New subject"),
    status: fc.constantFrom(...TICKET_STATUSES),
    priority: fc.constantFrom(...TICKET_PRIORITIES),
    type: fc.constantFrom(...TICKET_TYPES),
    requesterId: fc.constantFrom("cus_1", "cus_2"),
    assigneeId: userArb,
    groupId: groupArb,
    tags: tagsArb,
  },
  { requiredKeys: [] },
);

/** The same values as the ticket, for a random subset of fields (tags in another order / case). */
const samePatchArb = (current: Current) =>
  fc.subarray([...FIELDS]).chain((fields) =>
    fc.boolean().map((shuffleTags) => {
      const patch: Record<string, unknown> = {};
      for (const f of fields) patch[f] = current[f];
      if (fields.includes("tags") && shuffleTags) patch.tags = [...current.tags].reverse().map((t) => ` ${t.toUpperCase()} `);
      return patch as TicketPatch;
    }),
  );

const isValidTransition = (from: TicketStatus, to: TicketStatus) => from === to || (to !== "new" && (to !== "closed" || from === "solved"));

function errorOf(run: () => unknown): AppError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
}

// normalizeTags ----------------------------------------------------------------------------------

describe("normalizeTags", () => {
  it("trims, lower-cases, joins inner spaces with _, drops blanks and duplicates, sorts", () => {
    expect(normalizeTags(["  Late Delivery ", "vip", "VIP", "", "   ", "refund", "退款", "a\tb"])).toEqual(["a_b", "late_delivery", "refund", "vip", "退款"]);
    expect(normalizeTags([])).toEqual([]);
  });

  it("is idempotent, sorted, duplicate-free and keeps every non-blank tag (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 6 }), tagArb)), (tags) => {
        const once = normalizeTags(tags);
        expect(normalizeTags(once)).toEqual(once);
        for (let i = 1; i < once.length; i++) expect(once[i - 1]! < once[i]!).toBe(true); // sorted and no duplicates
        for (const tag of once) {
          expect(tag).not.toBe("");
          expect(tag).not.toMatch(/\s/);
          expect(tag).toBe(tag.toLowerCase());
        }
        for (const tag of tags) if (tag.trim()) expect(once).toContain(normalizeTags([tag])[0]);
      }),
    );
  });

  it("does not depend on the order or repetition of the input (property)", () => {
    fc.assert(
      fc.property(fc.array(tagArb), fc.array(tagArb), (a, b) => {
        expect(normalizeTags([...a, ...b, ...a])).toEqual(normalizeTags([...b, ...a]));
      }),
    );
  });
});

// planTicketUpdate -------------------------------------------------------------------------------

describe("planTicketUpdate: what counts as a change", () => {
  it("an empty patch changes nothing (property)", () => {
    fc.assert(
      fc.property(currentArb(), (current) => {
        const { changes, timestamps, next } = planTicketUpdate(current, {}, NOW);
        expect(changes).toEqual([]);
        expect(timestamps).toEqual({});
        expect(next.status).toBe(current.status);
      }),
    );
  });

  it("a patch that repeats the ticket's current values changes nothing (property)", () => {
    fc.assert(
      fc.property(
        currentArb().chain((current) => fc.tuple(fc.constant(current), samePatchArb(current))),
        ([current, patch]) => {
          const { changes, timestamps } = planTicketUpdate(current, patch, NOW);
          expect(changes).toEqual([]);
          expect(timestamps).toEqual({});
        },
      ),
    );
  });

  it("re-sending the current assignee of a new ticket is not an assignment: the ticket stays new", () => {
    // A ticket can be created as `new` with an assignee (POST /tickets takes both). A later
    // update that repeats that assignee, e.g. along with a priority change, assigns nobody.
    const current = ticket({ status: "new", assigneeId: "usr_a" });
    const { next, changes } = planTicketUpdate(current, { assigneeId: "usr_a", priority: "high" }, NOW);
    expect(next.status).toBe("new");
    expect(changes).toEqual([{ field: "priority", from: "normal", to: "high" }]);
  });

  it("reports exactly the fields whose stored value differs, each with from !== to (property)", () => {
    fc.assert(
      fc.property(currentArb(), patchArb, (current, patch) => {
        let plan: ReturnType<typeof planTicketUpdate>;
        try {
          plan = planTicketUpdate(current, patch, NOW);
        } catch (error) {
          expect((error as AppError).code).toBe("invalid_status_transition");
          return;
        }
        const { next, changes } = plan;
        for (const change of changes) {
          expect(change.from).not.toBe(change.to);
          expect(change.from).toBe(fieldValue(current, change.field));
          expect(change.to).toBe(fieldValue(next, change.field));
        }
        const changed = FIELDS.filter((f) => fieldValue(current, f) !== fieldValue(next, f));
        expect(changes.map((c) => c.field).sort()).toEqual([...changed].sort());
        // Each field ends up as the patch says (tags normalised), except the automatic new -> open.
        for (const f of FIELDS) {
          if (f === "status") continue;
          const expected = patch[f] !== undefined ? patch[f] : current[f];
          expect(fieldValue(next, f)).toBe(fieldValue({ ...current, [f]: expected }, f));
        }
        expect(next.tags).toEqual(normalizeTags(next.tags));
      }),
    );
  });

  it("records tag changes as normalised JSON arrays", () => {
    const { next, changes } = planTicketUpdate(ticket({ tags: ["vip"] }), { tags: ["Late Delivery", "vip", "VIP"] }, NOW);
    expect(next.tags).toEqual(["late_delivery", "vip"]);
    expect(changes).toEqual([{ field: "tags", from: '["vip"]', to: '["late_delivery","vip"]' }]);
  });

  it("records an unassignment as a change to null", () => {
    const { changes } = planTicketUpdate(ticket({ assigneeId: "usr_a" }), { assigneeId: null }, NOW);
    expect(changes).toEqual([{ field: "assigneeId", from: "usr_a", to: null }]);
  });
});

describe("planTicketUpdate: status rules", () => {
  it("refuses any update of a closed ticket with 409 ticket_closed, even an empty one (property)", () => {
    fc.assert(
      fc.property(currentArb(["closed"]), patchArb, (current, patch) => {
        const error = errorOf(() => planTicketUpdate(current, patch, NOW));
        expect(error?.code).toBe("ticket_closed");
        expect(error?.status).toBe(409);
      }),
    );
  });

  it("never lets a ticket go back to new", () => {
    for (const from of OPEN_STATUSES.filter((s) => s !== "new")) {
      const error = errorOf(() => planTicketUpdate(ticket({ status: from, solvedAt: from === "solved" ? EARLIER : null }), { status: "new" }, NOW));
      expect(error?.code, from).toBe("invalid_status_transition");
      expect(error?.status, from).toBe(422);
    }
  });

  it("closes only a solved ticket", () => {
    for (const from of OPEN_STATUSES) {
      const run = () => planTicketUpdate(ticket({ status: from, solvedAt: from === "solved" ? EARLIER : null }), { status: "closed" }, NOW);
      if (from === "solved") expect(run().next.status).toBe("closed");
      else expect(errorOf(run)?.code, from).toBe("invalid_status_transition");
    }
  });

  it("accepts exactly the allowed transitions (property over all pairs)", () => {
    fc.assert(
      fc.property(currentArb(), fc.constantFrom(...TICKET_STATUSES), (current, to) => {
        const error = errorOf(() => planTicketUpdate(current, { status: to }, NOW));
        if (isValidTransition(current.status, to)) expect(error).toBeUndefined();
        else expect(error?.code).toBe("invalid_status_transition");
      }),
    );
  });

  it("assigning a new ticket opens it", () => {
    const { next, changes } = planTicketUpdate(ticket({ status: "new" }), { assigneeId: "usr_a" }, NOW);
    expect(next.status).toBe("open");
    expect(changes).toContainEqual({ field: "status", from: "new", to: "open" });
    expect(changes).toContainEqual({ field: "assigneeId", from: null, to: "usr_a" });
  });

  it("assigning a new ticket with an explicit status keeps that status", () => {
    expect(planTicketUpdate(ticket({ status: "new" }), { assigneeId: "usr_a", status: "pending" }, NOW).next.status).toBe("pending");
    expect(planTicketUpdate(ticket({ status: "new" }), { assigneeId: "usr_a", status: "new" }, NOW).next.status).toBe("new");
  });

  it("assigning a ticket that is not new leaves its status alone", () => {
    for (const status of ["open", "pending", "on_hold", "solved"] as const) {
      const current = ticket({ status, solvedAt: status === "solved" ? EARLIER : null });
      expect(planTicketUpdate(current, { assigneeId: "usr_b" }, NOW).next.status, status).toBe(status);
    }
  });

  it("unassigning a new ticket does not open it", () => {
    expect(planTicketUpdate(ticket({ status: "new", assigneeId: "usr_a" }), { assigneeId: null }, NOW).next.status).toBe("new");
  });
});

describe("planTicketUpdate: solvedAt, closedAt and statusChangedAt", () => {
  it("stamps solvedAt when solving", () => {
    for (const from of ["new", "open", "pending", "on_hold"] as const)
      expect(planTicketUpdate(ticket({ status: from }), { status: "solved" }, NOW).timestamps, from).toEqual({ solvedAt: NOW, statusChangedAt: NOW });
  });

  it("clears solvedAt when a solved ticket is reopened", () => {
    for (const to of ["open", "pending", "on_hold"] as const)
      expect(planTicketUpdate(ticket({ status: "solved", solvedAt: EARLIER }), { status: to }, NOW).timestamps, to).toEqual({ solvedAt: null, statusChangedAt: NOW });
  });

  it("closing stamps closedAt and keeps solvedAt", () => {
    expect(planTicketUpdate(ticket({ status: "solved", solvedAt: EARLIER }), { status: "closed" }, NOW).timestamps).toEqual({ closedAt: NOW, statusChangedAt: NOW });
  });

  it("timestamps follow the status in every allowed update (property)", () => {
    fc.assert(
      fc.property(currentArb(), patchArb, (current, patch) => {
        fc.pre(patch.status === undefined || isValidTransition(current.status, patch.status));
        const { next, timestamps } = planTicketUpdate(current, patch, NOW);
        const after = { ...current, ...timestamps };
        // A solved or closed ticket has a solve time; any other has none.
        if (next.status === "solved" || next.status === "closed") expect(after.solvedAt).toBeInstanceOf(Date);
        else expect(after.solvedAt).toBeNull();
        if (next.status === "closed") expect(after.closedAt).toEqual(NOW);
        if (next.status === current.status) expect(timestamps).toEqual({});
        // Any change of status is stamped: automations count "hours since pending" from it.
        else expect(timestamps.statusChangedAt).toEqual(NOW);
        if (next.status === "solved" && current.status !== "solved") expect(after.solvedAt).toEqual(NOW);
        if (current.status === "solved" && next.status === "closed") expect(after.solvedAt).toEqual(current.solvedAt);
      }),
    );
  });

  it("does not modify the ticket it was given", () => {
    const current = ticket({ status: "new", tags: ["b", "a"] });
    const copy = structuredClone(current);
    planTicketUpdate(current, { assigneeId: "usr_a", tags: ["c"], status: "solved" }, NOW);
    expect(current).toEqual(copy);
  });
});

describe("statusAfterReply", () => {
  it("keeps the status the agent chose", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_STATUSES), (current, requested) => {
        expect(statusAfterReply(current, requested)).toBe(requested);
      }),
    );
  });

  it("otherwise opens a new ticket and leaves any other status as it is", () => {
    expect(statusAfterReply("new")).toBe("open");
    for (const status of TICKET_STATUSES.filter((s) => s !== "new")) expect(statusAfterReply(status)).toBe(status);
  });
});

describe("statusAfterCustomerMessage", () => {
  it("reopens what waits for the customer or was solved, and leaves the rest", () => {
    expect(["new", "open", "pending", "on_hold", "solved"].map((s) => [s, statusAfterCustomerMessage(s as TicketStatus)])).toEqual([
      ["new", "new"],
      ["open", "open"],
      ["pending", "open"],
      ["on_hold", "on_hold"],
      ["solved", "open"],
    ]);
  });
});
