import type { ThreadMessage } from "../mail/reply-email";
import type { RuleTicket } from "../rules/rule-facts";
import type { EventHookPlan, TicketEventInput } from "../rules/ticket-event-hooks";
import type { RuleEvent } from "../rules/rule-schema";
import { triggerReads } from "../rules/trigger-reads";
import type { TenantScope } from "../tenancy/scope";
import type { FieldChange } from "./ticket-rules";
import type { NewTicket, RequesterRef, Ticket } from "./ticket-store";

/** The trigger reads for a new ticket's write batch, by how its requester is named. */
export const triggerReadsForNew = (scope: TenantScope, requester: RequesterRef | { id: string }) =>
  triggerReads(scope, "id" in requester ? { requesterId: requester.id } : { requesterEmail: requester.email });

/** A new ticket as the rules see it. */
export function newRuleTicket(fields: NewTicket & { tags: string[]; automatic?: boolean }, now: Date): RuleTicket {
  return {
    subject: fields.subject,
    status: fields.status,
    priority: fields.priority,
    type: fields.type,
    requesterId: fields.requesterId,
    assigneeId: fields.assigneeId,
    groupId: fields.groupId,
    tags: fields.tags,
    automatic: fields.automatic ?? false,
    solvedAt: fields.status === "solved" ? now : null,
    closedAt: null,
    channel: fields.channel,
    supportAddressId: fields.supportAddressId ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The causing message as mail a rule's mail to the requester answers (null: it was not mailed). */
const causingMail = (message: CausingMessage | undefined): ThreadMessage | null =>
  message?.emailMessageId ? { emailMessageId: message.emailMessageId, fromCustomer: message.kind === "customer" } : null;
type CausingMessage = { emailMessageId?: string | null; kind: string };

/** `ticket_created` for a new ticket: its first message's text (and Message-ID, when mailed), its requester's address when the write creates them. */
export const createdEvent = (ticketId: string, ticket: RuleTicket, text: string, requester: RequesterRef | { id: string }, first?: CausingMessage): TicketEventInput => ({
  event: "ticket_created",
  ticketId,
  ticket,
  number: null,
  text,
  changes: [],
  requesterEmail: "email" in requester ? requester.email : null,
  requesterName: "email" in requester ? (requester.name ?? null) : null,
  mail: causingMail(first),
});

/** The event a change of a stored ticket raises: solved, reopened (out of solved), else updated. */
export function eventOfChanges(changes: readonly FieldChange[]): RuleEvent {
  const status = changes.find((c) => c.field === "status");
  if (status?.to === "solved") return "ticket_solved";
  if (status?.from === "solved" && status.to !== "closed") return "ticket_reopened";
  return "ticket_updated";
}

/** A stored ticket's event (update, reply, note): the ticket as the write leaves it; `message`: the causing message, when it was mailed. */
export const storedEvent = (event: RuleEvent, ticket: Ticket, text: string | null, changes: readonly FieldChange[], message?: CausingMessage): TicketEventInput => ({
  event,
  ticketId: ticket.id,
  ticket,
  number: ticket.number,
  text,
  changes,
  mail: causingMail(message),
});

/** The ticket as returned to the caller, with what the triggers changed. */
export function withTriggered<T extends Ticket>(ticket: T, plan: EventHookPlan | null): T {
  if (!plan || Object.keys(plan.patch).length === 0) return ticket;
  return { ...ticket, ...plan.patch, solvedAt: plan.ticket.solvedAt, closedAt: plan.ticket.closedAt };
}
