import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RULE_EVENTS } from "../../workers/core/rules/rule-schema";
import { ticketEventBody, ticketEventJson, ticketEventSlack, WEBHOOK_EVENT_OF, type TicketEventHook } from "../../workers/core/webhooks/ticket-event-payload";
import { WEBHOOK_EVENTS } from "../../schema";

const hook = (over: Partial<TicketEventHook> = {}): TicketEventHook => ({
  deliveryId: "whd_1",
  event: "ticket.updated",
  occurredAt: new Date("2026-12-05T18:00:00Z"),
  workspaceId: "ten_1",
  ticket: { id: "tkt_1", number: 12, subject: "Lid", status: "open", priority: "high", assigneeId: null, groupId: "grp_1", tags: ["refund"] },
  changes: [{ field: "priority", from: "normal", to: "high" }],
  trigger: null,
  ...over,
});

describe("ticket event webhook payloads (pure)", () => {
  it("every rule event has a webhook event a webhook may subscribe to", () => {
    for (const event of RULE_EVENTS) expect(WEBHOOK_EVENTS).toContain(WEBHOOK_EVENT_OF[event]);
  });

  it("json: the ticket with its ref (none for a ticket being created), the changes and the trigger", () => {
    expect(ticketEventJson(hook())).toMatchObject({ id: "whd_1", event: "ticket.updated", occurredAt: "2026-12-05T18:00:00.000Z", ticket: { ref: "#12", tags: ["refund"] }, changes: [{ field: "priority", to: "high" }], trigger: null });
    expect(ticketEventJson(hook({ ticket: { ...hook().ticket, number: null } })).ticket.ref).toBeNull();
  });

  it("slack: any subject stays inside its line, escaped; the body is the format asked for", () => {
    fc.assert(
      fc.property(fc.string(), (subject) => {
        const slack = ticketEventSlack(hook({ ticket: { ...hook().ticket, subject } }));
        expect(slack.text.startsWith("Ticket updated: #12 ")).toBe(true);
        expect(slack.text.slice("Ticket updated: #12 ".length)).not.toMatch(/[<>]/);
      }),
    );
    expect(JSON.parse(ticketEventBody("slack", hook({ trigger: { id: "trg_1", name: "VIP" } }))).blocks[1].elements[0].text).toBe("Status: open · Priority: high · Trigger: VIP");
    expect(JSON.parse(ticketEventBody("json", hook())).event).toBe("ticket.updated");
  });
});
