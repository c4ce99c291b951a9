import type { DeliveryOutcome, InboundStatus } from "../../../schema";
import type { AutoMailVerdict } from "./auto-mail";
import type { ThreadDecision } from "./threading";

/**
 * How the processing of an inbound message ends when it files nothing (or files it as automatic
 * mail): the delivery log's outcome, the inbound record's status and the detail both keep. Each
 * function below names one way to end; all pure.
 */
export interface Settlement {
  outcome: DeliveryOutcome;
  status: InboundStatus;
  detail: string;
}

/** The parser threw: kept for the admins, who can process it again after a fix. */
export const unparseable = (error: unknown): Settlement => ({ outcome: "quarantined", status: "quarantined", detail: `Could not parse the message: ${String(error)}` });

/** A forwarding check came back: its claim verified, unless another workspace verified the address first. */
export const forwardingChecked = (address: string, verified: boolean): Settlement => ({
  outcome: "verification",
  status: "verification",
  detail: verified ? `Forwarding to ${address} works` : `${address} could not be verified: the address is unavailable`,
});

/** The block list or the spam score said so (spam-verdict.ts). */
export const spam = (reason: string): Settlement => ({ outcome: "spam", status: "spam", detail: reason });

/** A bounce that named our sent messages: they are marked, no ticket changes. */
export const bounceMarked = (count: number): Settlement => ({ outcome: "bounce", status: "bounce", detail: `Marked ${count} sent message(s) as bounced` });

/** No sender address anywhere: kept as automatic mail if anything says it is, else quarantined. */
export const senderless = (verdict: AutoMailVerdict): Settlement =>
  verdict.automatic
    ? { outcome: "automatic", status: "automatic", detail: `Automatic mail without a sender address: ${verdict.signals.join(", ")}` }
    : { outcome: "quarantined", status: "quarantined", detail: "The message has no sender address" };

/** The detail kept with automatic mail (which rules fired); empty for a person's mail. */
export const automaticDetail = (verdict: AutoMailVerdict) => (verdict.automatic ? `Automatic mail: ${verdict.signals.join(", ")}` : "");

/** Automatic mail about a closed ticket: stored with it, the ticket untouched. */
export const aboutClosedTicket = (verdict: AutoMailVerdict): Settlement => ({ outcome: "automatic", status: "automatic", detail: `${automaticDetail(verdict)} (about closed ticket)` });

/** The outcome of mail filed on a ticket. */
export const filedOutcome = (automatic: boolean, decision: ThreadDecision): DeliveryOutcome => (automatic ? "automatic" : decision.kind === "append" ? "appended" : "ticket_created");
