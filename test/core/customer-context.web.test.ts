import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "../../web/src/live/live-client";

// The module reads the app's session at load.
vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
let rules: typeof import("../../web/src/pages/agent/customer-context");
beforeAll(async () => void (rules = await import("../../web/src/pages/agent/customer-context")));

// The customer panel is read again only when a live change alters what it shows (docs/web.md, "Who is asking").
const actor = { type: "agent" as const, id: "usr_1" };
const ticket = (id: string) => ({ id, ref: "#1", subject: "s", status: "open" as const, updatedAt: "2026-01-01T00:00:00.000Z" });
const context = { customer: { id: "cus_me" }, openTickets: [ticket("tkt_a")], recentTickets: [ticket("tkt_b")] } as never;
const id = fc.constantFrom("tkt_a", "tkt_b", "tkt_open", "tkt_other");
const event: fc.Arbitrary<LiveEvent> = fc.oneof(
  fc.record({ type: fc.constant("ticket.created" as const), ticketId: id, requesterId: fc.constantFrom("cus_me", "cus_other"), status: fc.constant("new" as const), priority: fc.constant("normal" as const), assigneeId: fc.constant(null), groupId: fc.constant(null), actor: fc.constant(actor), at: fc.nat() }),
  fc.record({ type: fc.constant("ticket.updated" as const), ticketId: id, fields: fc.subarray(["status", "priority", "subject", "requesterId"] as const), changes: fc.constant({}), actor: fc.constant(actor), at: fc.nat() }),
  fc.record({ type: fc.constant("message.added" as const), ticketId: id, kind: fc.constant("note" as const), status: fc.constant("open" as const), changes: fc.constant({}), actor: fc.constant(actor), at: fc.nat() }),
  fc.record({ type: fc.constant("notification" as const), userIds: fc.constant(["usr_1"]), kind: fc.constant("assigned" as const), ticketId: id, at: fc.nat() }),
) as fc.Arbitrary<LiveEvent>;

describe("the customer panel's live refresh", () => {
  it("follows the tickets it lists, the customer's new tickets and requester changes; not edits of the open ticket", () => {
    fc.assert(
      fc.property(event, (e) => {
        const expected =
          e.type === "ticket.created" ? e.requesterId === "cus_me" : e.type === "notification" ? false : (e.type === "ticket.updated" && e.fields.includes("requesterId")) || ["tkt_a", "tkt_b"].includes(e.ticketId);
        expect(rules.aboutContext(e, context)).toBe(expected);
      }),
    );
    expect(rules.aboutContext({ type: "ticket.updated", ticketId: "tkt_open", fields: ["priority"], changes: {}, actor, at: 1 }, context)).toBe(false);
  });
});
