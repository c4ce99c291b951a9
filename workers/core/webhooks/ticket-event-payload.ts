import type { TicketPriority, TicketStatus, WebhookEvent, WebhookFormat } from "../../../schema";
import type { RatingAnswer, RuleEvent } from "../rules/rule-schema";
import { formatTicketRef } from "../tickets/ticket-ref";
import { escapeSlack, type SlackPayload } from "./webhook-payload";

/** The webhook event a ticket event is posted as (the SLA ones keep their alert names). */
export const WEBHOOK_EVENT_OF: Record<RuleEvent, WebhookEvent> = {
  ticket_created: "ticket.created",
  customer_replied: "ticket.customer_replied",
  agent_replied: "ticket.agent_replied",
  note_added: "ticket.note_added",
  ticket_updated: "ticket.updated",
  ticket_solved: "ticket.solved",
  ticket_reopened: "ticket.reopened",
  rating_received: "ticket.rating_received",
  sla_warning: "sla.warning",
  sla_breach: "sla.breach",
};

/**
 * The events whose subscribers the SLA alert itself posts (its own payload, with the deadline,
 * once per alert: sla-alerts.ts): the event hook leaves them out, so a subscriber gets one
 * payload per event. A trigger's `call_webhook` on them still posts the ticket-event payload.
 */
const POSTED_BY_ALERT: ReadonlySet<RuleEvent> = new Set(["sla_warning", "sla_breach"]);

/** The webhooks (of those read) that the event hook posts this event to: the subscribers, unless the SLA alert posts it. */
export const subscribersOf = <W extends { events: readonly WebhookEvent[] }>(webhooks: readonly W[], event: RuleEvent): W[] =>
  POSTED_BY_ALERT.has(event) ? [] : webhooks.filter((w) => w.events.includes(WEBHOOK_EVENT_OF[event]));

/** A satisfaction answer as a `rating_received` payload carries it. */
export interface EventRating {
  answer: RatingAnswer;
  comment: string | null;
}

/** Everything a ticket event's payload says (gathered by the write that raised it). */
export interface TicketEventHook {
  deliveryId: string;
  event: WebhookEvent;
  occurredAt: Date;
  workspaceId: string;
  /** The ticket's number is null when the write creates it (not known before its batch). */
  ticket: { id: string; number: number | null; subject: string; status: TicketStatus; priority: TicketPriority; assigneeId: string | null; groupId: string | null; tags: readonly string[] };
  changes: readonly { field: string; from: string | null; to: string | null }[];
  /** The trigger that called this webhook (`call_webhook`), if one did. */
  trigger: { id: string; name: string } | null;
  /** `rating_received`: the customer's answer and comment. */
  rating?: EventRating | undefined;
}

const LINES: Record<string, string> = {
  "ticket.created": "New ticket",
  "ticket.customer_replied": "Customer replied",
  "ticket.agent_replied": "Agent replied",
  "ticket.note_added": "Note added",
  "ticket.updated": "Ticket updated",
  "ticket.solved": "Ticket solved",
  "ticket.reopened": "Ticket reopened",
  "ticket.rating_received": "Rating received",
  "sla.warning": "SLA warning",
  "sla.breach": "SLA breach",
};

/** The `json` format: Kefu's payload for a ticket event. */
export function ticketEventJson(hook: TicketEventHook) {
  return {
    id: hook.deliveryId,
    event: hook.event,
    occurredAt: hook.occurredAt.toISOString(),
    test: false,
    workspace: { id: hook.workspaceId },
    ticket: { ...hook.ticket, tags: [...hook.ticket.tags], ref: hook.ticket.number === null ? null : formatTicketRef(hook.ticket.number) },
    changes: hook.changes.map((c) => ({ ...c })),
    trigger: hook.trigger,
    ...(hook.rating ? { rating: { ...hook.rating } } : {}),
  };
}

/** The `slack` format: one line, with the ticket and what changed. */
export function ticketEventSlack(hook: TicketEventHook): SlackPayload {
  const ref = hook.ticket.number === null ? "" : `${formatTicketRef(hook.ticket.number)} `;
  const head = `${LINES[hook.event] ?? hook.event}: ${escapeSlack(`${ref}${hook.ticket.subject}`)}`;
  const changed = hook.changes.map((c) => `${c.field}: ${c.from ?? "–"} → ${c.to ?? "–"}`).join(" · ");
  const context = [...(hook.rating ? [`Rating: ${hook.rating.answer}`] : []), `Status: ${hook.ticket.status}`, `Priority: ${hook.ticket.priority}`, ...(hook.trigger ? [`Trigger: ${hook.trigger.name}`] : [])].join(" · ");
  return {
    text: head,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: [head, ...[changed, hook.rating?.comment].filter((line) => !!line).map((line) => escapeSlack(line!))].join("\n") } },
      { type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(context) }] },
    ],
  };
}

export const ticketEventBody = (format: WebhookFormat, hook: TicketEventHook) => JSON.stringify(format === "slack" ? ticketEventSlack(hook) : ticketEventJson(hook));
