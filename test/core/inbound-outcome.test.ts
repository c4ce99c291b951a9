import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aboutClosedTicket, automaticDetail, filedOutcome, forwardingChecked, senderless, unparseable } from "../../workers/core/mail/inbound-outcome";
import type { ThreadDecision } from "../../workers/core/mail/threading";

const verdictArb = fc.record({ automatic: fc.boolean(), bounce: fc.boolean(), signals: fc.array(fc.constantFrom("auto-submitted", "precedence:bulk", "mailer-daemon"), { maxLength: 3 }) });
const decisionArb = fc.oneof(
  fc.constant<ThreadDecision>({ kind: "new" }),
  fc.constant<ThreadDecision>({ kind: "append", ticketId: "tkt_1", reopen: false }),
  fc.constant<ThreadDecision>({ kind: "follow_up", ticketId: "tkt_1" }),
);

describe("inbound outcomes", () => {
  it("mail without a sender is automatic when anything says so, else quarantined; the status follows the outcome", () => {
    fc.assert(
      fc.property(verdictArb, (verdict) => {
        const settlement = senderless(verdict);
        expect(settlement.outcome).toBe(verdict.automatic ? "automatic" : "quarantined");
        expect(settlement.status).toBe(settlement.outcome);
      }),
    );
  });

  it("filed mail is automatic when automatic, appended when appended, else a new ticket", () => {
    fc.assert(
      fc.property(fc.boolean(), decisionArb, (automatic, decision) => {
        expect(filedOutcome(automatic, decision)).toBe(automatic ? "automatic" : decision.kind === "append" ? "appended" : "ticket_created");
      }),
    );
  });

  it("says which rules fired, and why a message was kept", () => {
    expect(automaticDetail({ automatic: true, bounce: false, signals: ["auto-submitted", "precedence:bulk"] })).toBe("Automatic mail: auto-submitted, precedence:bulk");
    expect(automaticDetail({ automatic: false, bounce: false, signals: [] })).toBe("");
    expect(aboutClosedTicket({ automatic: true, bounce: false, signals: ["auto-submitted"] })).toEqual({ outcome: "automatic", status: "automatic", detail: "Automatic mail: auto-submitted (about closed ticket)" });
    expect(unparseable(new Error("bad"))).toEqual({ outcome: "quarantined", status: "quarantined", detail: "Could not parse the message: Error: bad" });
    expect(forwardingChecked("help@acme.example", false).detail).toBe("help@acme.example could not be verified: the address is unavailable");
  });
});
