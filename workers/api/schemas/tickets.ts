import { z } from "@hono/zod-openapi";
import { MESSAGE_KINDS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, EVENT_TYPES, ACTOR_TYPES } from "../../../schema";
import { DUE_SOON_MINUTES, SLA_FILTERS, type Ticket, type MessageRow } from "../../core/tickets/ticket-store";
import type { EventRow } from "../../core/tickets/ticket-events";
import { formatTicketRef } from "../../core/tickets/ticket-ref";
import { iso, isoOrNull, multiLineText, NullableTimestamp, singleLineText, Timestamp } from "./common";

export const Status = z.enum(TICKET_STATUSES);
export const Priority = z.enum(TICKET_PRIORITIES);
export const TicketTypeSchema = z.enum(TICKET_TYPES);
export const Tag = singleLineText(1, 50).regex(/^[^,]+$/, "Tags cannot contain commas");
export const Tags = z.array(Tag).max(20);
export const Body = multiLineText(1, 100_000);

export const TicketSchema = z
  .object({
    id: z.string().openapi({ example: "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
    number: z.number().int().openapi({ example: 1234 }),
    ref: z.string().openapi({ example: "#1234" }),
    subject: z.string(),
    status: Status,
    priority: Priority,
    type: TicketTypeSchema,
    channel: z.enum(TICKET_CHANNELS),
    requesterId: z.string(),
    assigneeId: z.string().nullable(),
    groupId: z.string().nullable(),
    tags: z.array(z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    firstResponseAt: NullableTimestamp,
    solvedAt: NullableTimestamp,
    closedAt: NullableTimestamp,
    mergedIntoId: z.string().nullable().openapi({ description: "The ticket this one was merged into (it is closed; its messages are there); null when not merged" }),
    automatic: z.boolean().openapi({ description: "Started by automatic mail (out of office, \"we got your message\"): no SLA clock, listed only with `automatic=true`" }),
    taskOfId: z.string().nullable().openapi({ description: "A follow-up task (回访, made by an automation): the ticket it follows up; null otherwise" }),
    dueAt: NullableTimestamp.openapi({ description: "A task's due date (a follow-up task's: in business days of the workspace's calendar)" }),
  })
  .openapi("Ticket");

export const TicketListItemSchema = TicketSchema.extend({
  slaDueAt: NullableTimestamp.openapi({ description: "The nearest deadline of a running SLA clock, or the earliest one missed and not met; null when none runs" }),
}).openapi("TicketListItem");

export const SlaFilterSchema = z.enum(SLA_FILTERS).optional().openapi({
  description: `breached: a deadline passed and was not met; due_soon: a running deadline within the next ${DUE_SOON_MINUTES} minutes`,
});

/** `automatic=true`: the Automatic view; otherwise (false, absent) lists leave those tickets out. */
export const AutomaticFilter = z
  .enum(["true", "false"])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === "true"))
  .openapi({ description: "true: only tickets automatic mail started (the Automatic view); absent or false: every list leaves them out" });

export const toTicket = (t: Ticket): z.infer<typeof TicketSchema> => ({
  id: t.id,
  number: t.number,
  ref: formatTicketRef(t.number),
  subject: t.subject,
  status: t.status,
  priority: t.priority,
  type: t.type,
  channel: t.channel,
  requesterId: t.requesterId,
  assigneeId: t.assigneeId,
  groupId: t.groupId,
  tags: t.tags,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
  firstResponseAt: isoOrNull(t.firstResponseAt),
  solvedAt: isoOrNull(t.solvedAt),
  closedAt: isoOrNull(t.closedAt),
  mergedIntoId: t.mergedIntoId ?? null,
  automatic: t.automatic,
  taskOfId: t.taskOfId ?? null,
  dueAt: isoOrNull(t.dueAt ?? null),
});

export const MessageSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    kind: z.enum(MESSAGE_KINDS).openapi({ description: "customer: from the requester; reply: public agent reply; note: internal note" }),
    authorUserId: z.string().nullable(),
    authorCustomerId: z.string().nullable(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable().openapi({ description: "Sanitised HTML, when the message had HTML" }),
    quotedText: z.string().nullable().openapi({ description: "The quoted earlier messages cut from the end of an inbound e-mail's text, for the UI to fold" }),
    emailMessageId: z.string().nullable(),
    automatic: z.boolean().openapi({ description: "Automatic mail (an auto-reply, out of office, a list): shown with a badge; never answered, starts no clock" }),
    createdAt: Timestamp,
  })
  .openapi("Message");

export const toMessage = (m: MessageRow): z.infer<typeof MessageSchema> => ({
  id: m.id,
  ticketId: m.ticketId,
  kind: m.kind,
  authorUserId: m.authorUserId,
  authorCustomerId: m.authorCustomerId,
  bodyText: m.bodyText,
  bodyHtml: m.bodyHtml,
  quotedText: m.quotedText,
  emailMessageId: m.emailMessageId,
  automatic: m.automatic,
  createdAt: iso(m.createdAt),
});

export const EventSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(EVENT_TYPES),
    actorType: z.enum(ACTOR_TYPES),
    actorId: z.string().nullable(),
    field: z.string().nullable(),
    oldValue: z.string().nullable(),
    newValue: z.string().nullable(),
    messageId: z.string().nullable(),
    createdAt: Timestamp,
    reason: z.string().nullable().openapi({
      description: "Why the system made this change: `sla_breach:<metric>` (an SLA metric: first_reply, next_reply, periodic_update, resolution, periodic_update_unpaused, requester_wait or total_resolution) when the escalation of that breach made it; null otherwise",
      example: "sla_breach:first_reply",
    }),
  })
  .openapi("TicketEvent");

export const toEvent = ({ tenantId: _t, ticketId: _k, createdAt, ...e }: EventRow): z.infer<typeof EventSchema> => ({ ...e, createdAt: iso(createdAt) });
