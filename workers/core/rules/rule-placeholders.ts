import { firstName, type PlaceholderValues } from "../tickets/templates";

/** What a rule's note or mail knows when it fills its placeholders (templates.ts); a value not known is empty. */
export interface PlaceholderFacts {
  customerName: string;
  customerEmail: string;
  /** null: a ticket being created (no number yet). */
  ticketNumber: number | null;
  ticketSubject: string;
  /** Who "the agent" is for a rule: the rule itself (its name). */
  agentName: string;
  workspaceName: string;
}

/** The placeholder values of a trigger's or automation's note or mail. */
export function rulePlaceholders(facts: PlaceholderFacts): PlaceholderValues {
  return {
    "customer.name": facts.customerName,
    "customer.first_name": firstName(facts.customerName),
    "customer.email": facts.customerEmail,
    "ticket.number": facts.ticketNumber === null ? "" : String(facts.ticketNumber),
    "ticket.subject": facts.ticketSubject,
    "agent.name": facts.agentName,
    "workspace.name": facts.workspaceName,
    "sla.first_reply_due": "",
  };
}
