import { messages, type CustomerTier, type TicketChannel, type TicketPriority, type TicketStatus, type TicketType } from "../../../schema";
import type { Statement } from "../db";
import { newId } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound } from "../mail/outbox";
import type { RuleEffect } from "../rules/rule-actions";
import type { BusinessCalendar } from "../sla/business-calendar";
import type { SlaContext } from "../sla/ticket-sla";
import type { Actor, TenantScope } from "../tenancy/scope";
import { formatTicketRef } from "../tickets/ticket-ref";
import { insertEvents, type NewEvent } from "../tickets/ticket-events";
import type { TicketMailContext } from "../tickets/ticket-mail";
import { createTicketStatements } from "../tickets/ticket-store";
import { firstName, renderTemplate } from "../tickets/templates";
import { followUpDue } from "./follow-up-due";

/** The ticket an automation fired on, as the cron read it. */
export interface FiredTicket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  channel: TicketChannel;
  requesterId: string;
  assigneeId: string | null;
  groupId: string | null;
  supportAddressId: string | null;
  requester: { name: string; tier: CustomerTier };
}

/** What the effects of one firing need beyond the ticket: the workspace's calendars and SLA settings, and (for mail) the mail context. */
export interface EffectContext {
  scope: TenantScope;
  actor: Actor & { reason: string };
  now: Date;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  defaultCalendarId: string | null;
  /** For a follow-up task's clocks: the workspace's SLA settings with the requester's tier. */
  sla: SlaContext;
  mail: Pick<MailSettings, "mailDomain">;
  /** Read only when the automation emails the requester. */
  mailContext: TicketMailContext | null;
}

/**
 * The statements of an automation's effects (everything but field changes), for the firing's own
 * atomic batch: notes, the requester's email (recorded in the outbox; the cron's mail step sends
 * it), the follow-up task (回访). An effect automations cannot carry out yet leaves a note saying
 * so (docs/rules.md "Automations").
 */
export function effectStatements(effects: readonly RuleEffect[], ticket: FiredTicket, ctx: EffectContext): Statement[] {
  return effects.flatMap((effect) => {
    switch (effect.type) {
      case "add_note":
        return noteStatements(ctx, ticket.id, effect.body);
      case "email_requester":
        return requesterEmail(effect, ticket, ctx);
      case "create_follow_up":
        return followUpStatements(effect, ticket, ctx);
      default:
        return noteStatements(ctx, ticket.id, `The action ${effect.type} is not available in automations yet; nothing was done for it.`);
    }
  });
}

/** An internal note by the automation (no author), with its history row naming the automation. */
function noteStatements(ctx: EffectContext, ticketId: string, body: string): Statement[] {
  const { scope, now, actor } = ctx;
  const { tenantId } = scope;
  const id = newId("msg", now.getTime());
  const event: NewEvent = { tenantId, ticketId, type: "internal_note", actorType: "system", actorId: null, messageId: id, createdAt: now, reason: actor.reason };
  return [scope.db.insert(messages).values({ id, tenantId, ticketId, kind: "note", authorUserId: null, authorCustomerId: null, bodyText: body, createdAt: now }), ...insertEvents(scope, [event])];
}

function requesterEmail(effect: Extract<RuleEffect, { type: "email_requester" }>, ticket: FiredTicket, ctx: EffectContext): Statement[] {
  const mail = ctx.mailContext;
  if (!mail?.toAddress) return noteStatements(ctx, ticket.id, "The requester has no email address; the automation's email was not sent.");
  const values = {
    "customer.name": ticket.requester.name,
    "customer.first_name": firstName(ticket.requester.name),
    "customer.email": mail.toAddress,
    "ticket.number": String(ticket.number),
    "ticket.subject": ticket.subject,
    "agent.name": "",
    "workspace.name": mail.tenant.name,
    "sla.first_reply_due": "",
  };
  const pick = (text: { en: string; "zh-CN"?: string }) => renderTemplate(text[mail.language] ?? text.en, values);
  const subject = pick(effect.subject);
  const queued = queueOutbound(ctx.scope.db, {
    id: newId("out", ctx.now.getTime()),
    tenantId: ctx.scope.tenantId,
    ticketId: ticket.id,
    messageId: null,
    purpose: "reminder",
    fromAddress: mail.fromAddress,
    fromName: mail.tenant.name,
    toAddress: mail.toAddress,
    subject,
    bodyText: pick(effect.body),
    bodyHtml: null,
    emailMessageId: newMessageId(ctx.mail.mailDomain),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    createdAt: ctx.now,
  });
  return [queued, ...noteStatements(ctx, ticket.id, `Emailed the requester (${mail.toAddress}): ${subject}`)];
}

/**
 * The follow-up task (回访): a `task` ticket for the same requester, linked to the ticket
 * (`task_of_id`), assigned to its assignee (else waiting in its group), due per followUpDue, its
 * first message an internal note saying what to follow up; and a note on the ticket.
 */
function followUpStatements(effect: Extract<RuleEffect, { type: "create_follow_up" }>, ticket: FiredTicket, ctx: EffectContext): Statement[] {
  const calendarId = effect.calendarId ?? ctx.defaultCalendarId;
  const calendar = calendarId ? (ctx.calendars.get(calendarId) ?? null) : null;
  const dueAt = followUpDue(ctx.now, effect, calendar);
  const ref = formatTicketRef(ticket.number);
  const subject = effect.subject ?? `回访 Follow up ${ref}: ${ticket.subject}`.slice(0, 200);
  const task = createTicketStatements(
    ctx.scope,
    ctx.actor,
    {
      subject,
      description: `Follow up (回访) ${ref} “${ticket.subject}” with ${ticket.requester.name}${dueAt ? ` by ${dueAt.toISOString()}` : ""}.`,
      requesterId: ticket.requesterId,
      status: "open",
      priority: ticket.priority,
      type: "task",
      channel: ticket.channel,
      assigneeId: ticket.assigneeId,
      groupId: ticket.groupId,
      tags: ["follow_up"],
      supportAddressId: ticket.supportAddressId,
      taskOfId: ticket.id,
      dueAt,
    },
    { kind: "note", bodyText: `Follow up (回访) ${ref}: ${ticket.subject}` },
    ctx.now,
    ctx.sla,
  );
  return [...task.statements, ...noteStatements(ctx, ticket.id, `Follow-up task (回访) created${dueAt ? `, due ${dueAt.toISOString()}` : ""}.`)];
}
