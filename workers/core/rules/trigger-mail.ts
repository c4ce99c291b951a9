import { threadHeaders, type ThreadMessage } from "../mail/reply-email";
import { mailLanguage } from "../mail/mail-language";
import type { TenantScope } from "../tenancy/scope";
import { conversationThread } from "../tickets/ticket-mail";
import type { PlaceholderValues } from "../tickets/templates";
import { rulePlaceholders } from "./rule-placeholders";
import { mailPeopleFrom, ruleMailEffect, ruleMailSender, type MailEffect } from "./rule-mail";
import type { HookRead, TicketEventInput } from "./ticket-event-hooks";
import { requesterFrom } from "./trigger-reads";

/**
 * A trigger's placeholders (templates.ts): what the write knows without another read. A ticket being
 * created has no number yet, and a requester it creates the name they gave (else their address's local part);
 * the agent is the trigger; the workspace's name is known when a mail action read it.
 */
export function triggerPlaceholders(read: HookRead, input: TicketEventInput, triggerName: string, workspaceName = ""): PlaceholderValues {
  const email = requesterAddress(read, input) ?? "";
  const name = read.ruleContext[0]?.name ?? (input.requesterName || email.split("@")[0]) ?? "";
  return rulePlaceholders({ customerName: name, customerEmail: email, ticketNumber: input.number, ticketSubject: input.ticket.subject, agentName: triggerName, workspaceName });
}

/** The requester's address: the one this write's mail came from, else their primary one (read for a mail action), else any. */
const requesterAddress = (read: HookRead, input: TicketEventInput): string | null =>
  input.requesterEmail?.toLowerCase() ?? read.ruleMailTo[0]?.email ?? requesterFrom(read, null).emails[0] ?? null;

/** A trigger's mail action (rule-mail.ts), from the write's own reads: the requester's language and thread, the sender, the agents named. */
export function triggerMailEffect(scope: TenantScope, read: HookRead, input: TicketEventInput, trigger: { id: string; name: string }, reason: string, effect: MailEffect, now: Date) {
  const sender = ruleMailSender(read, input.ticket.supportAddressId);
  const requester = requesterFrom(read, input.requesterEmail ?? null);
  const written = `${input.ticket.subject}\n${read.ruleContext[0]?.firstText ?? input.text ?? ""}`;
  const thread: ThreadMessage[] = [...conversationThread(read.ruleMailInbound, read.ruleMailOutbound), ...(input.mail ? [input.mail] : [])];
  const { inReplyTo, references } = threadHeaders(thread);
  return ruleMailEffect(effect, {
    scope,
    ticketId: input.ticketId,
    reason,
    now,
    sender,
    requester: {
      email: requesterAddress(read, input),
      language: mailLanguage({ stored: requester.language, text: written }, sender?.workspaceLanguage ?? "en"),
      inReplyTo,
      references: references.join(" ") || null,
    },
    people: mailPeopleFrom(read),
    groups: read.ruleMailGroups,
    values: triggerPlaceholders(read, input, trigger.name, sender?.workspaceName ?? ""),
  });
}
