import type { Read, Statement } from "../db";
import type { MailSettings } from "../mail/mailer";
import { effectStatementsOf } from "../rules/rule-effect-notes";
import { mailPeopleFrom, ruleMailEffect, ruleMailSender, type MailEffect, type RuleMailInput } from "../rules/rule-mail";
import { automationMailReads, type RuleMailRead } from "../rules/rule-mail-reads";
import { rulePlaceholders } from "../rules/rule-placeholders";
import type { Action } from "../rules/rule-schema";
import type { TenantScope } from "../tenancy/scope";
import { ticketMailContextFrom, ticketMailReads } from "../tickets/ticket-mail";

/**
 * An automation's mail (rule-mail.ts, as triggers'): what the cron reads for a firing that mails —
 * the sender and the agents named (`automationMailReads`) and, for mail to the requester, the
 * ticket's mail context (`ticketMailReads`: address, language, thread) — and the effect's rows.
 */
export type AutomationMail = Pick<RuleMailInput, "sender" | "requester" | "people" | "groups">;

/** The reads for one firing that mails (7 more statements when it mails the requester). */
export function automationMailStatements(scope: TenantScope, ticketId: string, actions: readonly Action[]): Record<string, Read> {
  return { ...automationMailReads(scope, actions), ...(actions.some((a) => a.type === "email_requester") ? ticketMailReads(scope, ticketId) : {}) };
}

/** The firing's mail context from those reads' results. */
export function automationMailFrom(read: Record<string, unknown>, ticket: { supportAddressId: string | null }, mail: Pick<MailSettings, "mailDomain">): AutomationMail {
  const mailRead = read as RuleMailRead;
  const context = "mailTenant" in read ? ticketMailContextFrom(read as never, mail as MailSettings) : null;
  const sender = ruleMailSender(mailRead, ticket.supportAddressId, mail.mailDomain);
  return {
    sender,
    requester: context
      ? { email: context.toAddress, language: context.language, inReplyTo: context.inReplyTo, references: context.references }
      : { email: null, language: sender?.workspaceLanguage ?? "en", inReplyTo: null, references: null },
    people: mailPeopleFrom(mailRead),
    groups: mailRead.ruleMailGroups,
  };
}

/** One mail action of an automation: its outbox rows and its note (the automation as the reason). */
export function automationMailEffect(
  effect: MailEffect,
  ticket: { id: string; number: number; subject: string; requester: { name: string; emails?: readonly string[] } },
  ctx: { scope: TenantScope; actor: { reason: string }; now: Date; ruleName: string; mailContext: AutomationMail | null },
): Statement[] {
  const mail = ctx.mailContext ?? { sender: null, requester: { email: null, language: "en", inReplyTo: null, references: null }, people: [], groups: [] };
  const values = rulePlaceholders({
    customerName: ticket.requester.name,
    customerEmail: mail.requester.email ?? ticket.requester.emails?.[0] ?? "",
    ticketNumber: ticket.number,
    ticketSubject: ticket.subject,
    agentName: ctx.ruleName,
    workspaceName: mail.sender?.workspaceName ?? "",
  });
  return effectStatementsOf(ctx.scope, ruleMailEffect(effect, { ...mail, scope: ctx.scope, ticketId: ticket.id, reason: ctx.actor.reason, now: ctx.now, values }));
}
