import type { TicketChannel, TicketPriority } from "../../../schema";
import { followUpDue } from "../automations/follow-up-due";
import type { BusinessCalendar } from "../sla/business-calendar";
import type { SlaContext } from "../sla/ticket-sla";
import type { Actor, TenantScope } from "../tenancy/scope";
import { formatTicketRef } from "../tickets/ticket-ref";
import { createTicketStatements } from "../tickets/ticket-store";
import type { RuleEffect } from "./rule-actions";
import { ruleNote, type EffectRows } from "./rule-effect-notes";

/** The ticket a follow-up task (回访) follows up, as the rule that creates it knows it. */
export interface FollowedTicket {
  id: string;
  /** null: a ticket the same write creates (its number is not known before the batch). */
  number: number | null;
  subject: string;
  priority: TicketPriority;
  channel: TicketChannel;
  requesterId: string;
  requesterName: string;
  assigneeId: string | null;
  groupId: string | null;
  supportAddressId: string | null;
}

/** What a follow-up task needs beyond the ticket: the rule as the actor (its reason), the calendars and the SLA settings for the task's clocks. */
export interface FollowUpContext {
  scope: TenantScope;
  actor: Actor & { reason: string };
  now: Date;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  defaultCalendarId: string | null;
  /** The workspace's SLA settings with the requester's tier. */
  sla: SlaContext;
}

/**
 * The follow-up task (回访) of a trigger's or an automation's `create_follow_up`: a `task` ticket
 * for the same requester, linked to the ticket (`task_of_id`), assigned to its assignee (else
 * waiting in its group), due per followUpDue, its first message an internal note saying what to
 * follow up; and a note on the ticket. The task runs no triggers (a rule's task starts no chain).
 */
export function followUpTask(effect: Extract<RuleEffect, { type: "create_follow_up" }>, ticket: FollowedTicket, ctx: FollowUpContext): EffectRows {
  const calendarId = effect.calendarId ?? ctx.defaultCalendarId;
  const calendar = calendarId ? (ctx.calendars.get(calendarId) ?? null) : null;
  const dueAt = followUpDue(ctx.now, effect, calendar);
  const ref = ticket.number === null ? "" : ` ${formatTicketRef(ticket.number)}`;
  const subject = effect.subject ?? `回访 Follow up${ref}: ${ticket.subject}`.slice(0, 200);
  const task = createTicketStatements(
    ctx.scope,
    ctx.actor,
    {
      subject,
      description: `Follow up (回访)${ref} “${ticket.subject}” with ${ticket.requesterName}${dueAt ? ` by ${dueAt.toISOString()}` : ""}.`,
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
    { kind: "note", bodyText: `Follow up (回访)${ref}: ${ticket.subject}` },
    ctx.now,
    ctx.sla,
  );
  const note = ruleNote(ctx.scope, ticket.id, ctx.actor.reason, `Follow-up task (回访) created${dueAt ? `, due ${dueAt.toISOString()}` : ""}.`, ctx.now);
  return { events: note.events, statements: [...task.statements, ...note.statements] };
}
