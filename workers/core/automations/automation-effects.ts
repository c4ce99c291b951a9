import { type CustomerTier, type TicketChannel, type TicketPriority, type TicketStatus, type TicketType } from "../../../schema";
import type { Statement } from "../db";
import { newId } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound } from "../mail/outbox";
import { ruleNotice, type RuleNoticeRead } from "../notifications/rule-notice";
import type { RuleEffect } from "../rules/rule-actions";
import { effectStatementsOf, ruleNote } from "../rules/rule-effect-notes";
import { rulePlaceholders } from "../rules/rule-placeholders";
import type { BusinessCalendar } from "../sla/business-calendar";
import type { SlaContext } from "../sla/ticket-sla";
import type { Actor, TenantScope } from "../tenancy/scope";
import type { TicketMailContext } from "../tickets/ticket-mail";
import { renderTemplate } from "../tickets/templates";
import { followUpTask } from "../rules/follow-up-task";

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
  /** The automation's name (its notices name it). */
  ruleName: string;
  /** Whom a notify action can tell: read only when the automation notifies. */
  notifyDirectory: RuleNoticeRead | null;
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
        return effectStatementsOf(ctx.scope, followUpTask(effect, { ...ticket, requesterName: ticket.requester.name }, ctx));
      case "notify":
        return notifyStatements(effect, ticket, ctx);
      default:
        return noteStatements(ctx, ticket.id, `The action ${effect.type} is not available in automations yet; nothing was done for it.`);
    }
  });
}

/** An internal note by the automation (no author), with its history row naming the automation. */
const noteStatements = (ctx: EffectContext, ticketId: string, body: string): Statement[] => effectStatementsOf(ctx.scope, ruleNote(ctx.scope, ticketId, ctx.actor.reason, body, ctx.now));

/** A notify action: the `rule` notices (rule-notice.ts) and a note saying who was told, or why nobody was. */
function notifyStatements(effect: Extract<RuleEffect, { type: "notify" }>, ticket: FiredTicket, ctx: EffectContext): Statement[] {
  const notice = ruleNotice(ctx.scope, ctx.notifyDirectory ?? { ruleNotifyDirectory: [] }, effect, ticket, ctx.ruleName, ctx.actor, ctx.now);
  return [...notice.statements, ...noteStatements(ctx, ticket.id, notice.note)];
}

function requesterEmail(effect: Extract<RuleEffect, { type: "email_requester" }>, ticket: FiredTicket, ctx: EffectContext): Statement[] {
  const mail = ctx.mailContext;
  if (!mail?.toAddress) return noteStatements(ctx, ticket.id, "The requester has no email address; the automation's email was not sent.");
  const values = rulePlaceholders({ customerName: ticket.requester.name, customerEmail: mail.toAddress, ticketNumber: ticket.number, ticketSubject: ticket.subject, agentName: "", workspaceName: mail.tenant.name });
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
