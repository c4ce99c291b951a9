import { type CustomerTier, type TicketChannel, type TicketPriority, type TicketStatus, type TicketType } from "../../../schema";
import type { Statement } from "../db";
import type { LiveEvent } from "../live/live-events";
import { newId } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound } from "../mail/outbox";
import { ruleNotice, type RuleNoticeRead } from "../notifications/rule-notice";
import type { RuleEffect } from "../rules/rule-actions";
import { effectStatementsOf, ruleNote } from "../rules/rule-effect-notes";
import { rulePlaceholders } from "../rules/rule-placeholders";
import { renderTemplate } from "../tickets/templates";
import { followUpTask, type FollowUpContext } from "../rules/follow-up-task";
import { linkStatements, type FiringLinks } from "./automation-links";
import { automationMailEffect, type AutomationMail } from "./automation-mail";

/** The ticket an automation fired on, as its own field changes leave it (the cron's row with the firing's planned change applied). */
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
  requester: { name: string; tier: CustomerTier; emails?: readonly string[] };
}

/** What the effects of one firing need beyond the ticket: the workspace's calendars and SLA settings, and (for mail) the mail context. */
export interface EffectContext extends FollowUpContext {
  mail: Pick<MailSettings, "mailDomain">;
  /** Read only when the automation sends mail (automation-mail.ts). */
  mailContext: AutomationMail | null;
  /** The automation's name (its notices name it). */
  ruleName: string;
  /** Whom a notify action can tell: read only when the automation notifies. */
  notifyDirectory: RuleNoticeRead | null;
  /** The macros, webhooks and assignment its linked actions need (automation-links.ts; null: it has none). */
  links: FiringLinks | null;
  /** Collects the effects' live events (the bells their notices ring), published once the firing has committed. */
  live?: LiveEvent[];
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
      case "email_agent":
      case "email_group":
        return automationMailEffect(effect, ticket, ctx);
      case "create_follow_up":
        return effectStatementsOf(ctx.scope, followUpTask(effect, { ...ticket, assigneeId: assignedBy(ctx.links) ?? ticket.assigneeId, requesterName: ticket.requester.name }, ctx));
      case "notify":
        return notifyStatements(effect, ticket, ctx);
      case "apply_macro":
      case "call_webhook":
      case "assign_by_group_method":
        return ctx.links ? linkStatements(effect, ctx.links, ctx, (body) => noteStatements(ctx, ticket.id, body)) : [];
      default:
        // Every action is carried out; an action added to the contract later is noted until it is.
        return noteStatements(ctx, ticket.id, `The action ${(effect as { type: string }).type} is not available in automations yet; nothing was done for it.`);
    }
  });
}

/** The agent the same firing assigns by the group's method (a follow-up task is theirs, as a trigger's is), else null. */
const assignedBy = (links: FiringLinks | null): string | null => (links?.assignment && "assign" in links.assignment ? links.assignment.assign.userId : null);

/** An internal note by the automation (no author), with its history row naming the automation. */
const noteStatements = (ctx: EffectContext, ticketId: string, body: string): Statement[] => effectStatementsOf(ctx.scope, ruleNote(ctx.scope, ticketId, ctx.actor.reason, body, ctx.now));

/** A notify action: the `rule` notices (rule-notice.ts) and a note saying who was told, or why nobody was. */
function notifyStatements(effect: Extract<RuleEffect, { type: "notify" }>, ticket: FiredTicket, ctx: EffectContext): Statement[] {
  const notice = ruleNotice(ctx.scope, ctx.notifyDirectory ?? { ruleNotifyDirectory: [] }, effect, ticket, ctx.ruleName, ctx.actor, ctx.now);
  ctx.live?.push(...notice.live);
  return [...notice.statements, ...noteStatements(ctx, ticket.id, notice.note)];
}
