import { newId } from "../ids";
import { builtInAddress, newMessageId } from "../mail/addresses";
import { mailLanguage, type MailLanguage } from "../mail/mail-language";
import { queueHandedOver } from "../mail/mail-hand-over";
import type { TenantScope } from "../tenancy/scope";
import { renderTemplate, type PlaceholderValues } from "../tickets/templates";
import type { RuleEffect } from "./rule-actions";
import { ruleNote, type EffectRows } from "./rule-effect-notes";
import type { RuleMailRead } from "./rule-mail-reads";

/**
 * A rule's mail actions — `email_requester`, `email_agent`, `email_group` — for triggers and
 * automations alike (docs/rules.md "Mail from rules"): each recipient gets the template in their
 * own language with the placeholders filled; every mail is recorded in the outbox in the rule's
 * own batch (handed to the mailer right after the write commits, mail-hand-over.ts; from the cron:
 * due at once for its mail step) and named in a note on the ticket, the
 * rule as the reason; a mail that cannot be sent leaves a note saying why.
 */
export type MailEffect = Extract<RuleEffect, { type: "email_requester" | "email_agent" | "email_group" }>;
export type LocalizedText = { en: string; "zh-CN"?: string };

/** The text in the reader's language: the Chinese when they read zh-CN and the text has it (not blank), else the English. */
export function inLanguage(text: LocalizedText, language: MailLanguage): string {
  const zh = text["zh-CN"];
  return language === "zh-CN" && zh?.trim() ? zh : text.en;
}

/** What one recipient reads: the subject (one line) and body in their language, placeholders filled. */
export function renderRuleMail(effect: { subject: LocalizedText; body: LocalizedText }, language: MailLanguage, values: PlaceholderValues): { subject: string; text: string } {
  const subject = renderTemplate(inLanguage(effect.subject, language), values).replace(/\s+/g, " ").trim();
  return { subject: subject || "(no subject)", text: renderTemplate(inLanguage(effect.body, language), values) };
}

/** Where rule mail comes from: the workspace, the ticket's address (mail to the requester: their answer comes back to it) and the built-in one (notices to agents). */
export interface RuleMailSender {
  workspaceName: string;
  workspaceLanguage: MailLanguage;
  mailDomain: string;
  conversationFrom: string;
  noticeFrom: string;
}

/**
 * The sender from the reads: the ticket's address, else the built-in one (notices: the built-in one, else the ticket's). `mailDomain`: the
 * service's mail domain when the caller knows it (the cron); else it is the built-in address's
 * domain. Null when the workspace has no address and no domain is known.
 */
export function ruleMailSender(read: Pick<RuleMailRead, "ruleMailWorkspace" | "ruleMailAddresses">, supportAddressId: string | null, mailDomain?: string): RuleMailSender | null {
  const workspace = read.ruleMailWorkspace[0];
  if (!workspace) return null;
  const builtIn = read.ruleMailAddresses.find((a) => a.builtIn)?.address ?? (mailDomain ? builtInAddress(workspace.slug, mailDomain) : null);
  const own = read.ruleMailAddresses.find((a) => a.id === supportAddressId)?.address ?? builtIn;
  if (!own) return null;
  const noticeFrom = builtIn ?? own;
  return { workspaceName: workspace.name, workspaceLanguage: workspace.defaultLanguage, mailDomain: mailDomain ?? noticeFrom.split("@")[1]!, conversationFrom: own, noticeFrom };
}

/** An active agent a rule may mail, with their groups. */
export interface RuleMailPerson {
  id: string;
  name: string;
  email: string;
  language: MailLanguage | null;
  groupIds: readonly string[];
}

export const mailPeopleFrom = (read: Pick<RuleMailRead, "ruleMailPeople">): RuleMailPerson[] =>
  read.ruleMailPeople.map(({ groupIdsJson, ...p }) => ({ ...p, groupIds: JSON.parse(groupIdsJson) as string[] }));

/** The requester as their mail needs them: their address (null: none), their mail language and the thread to answer in. */
export interface RuleMailRequester {
  email: string | null;
  language: MailLanguage;
  inReplyTo: string | null;
  references: string | null;
}

export interface RuleMailInput {
  scope: TenantScope;
  ticketId: string;
  /** The history's reason: `trigger:<id>:<name>`, `automation:<id>:<name>`. */
  reason: string;
  now: Date;
  sender: RuleMailSender | null;
  requester: RuleMailRequester;
  people: readonly RuleMailPerson[];
  groups: readonly { id: string; name: string }[];
  values: PlaceholderValues;
}

/** One recipient of a mail action. */
export interface RuleMailRecipient {
  email: string;
  language: MailLanguage;
  /** Shown in the note ("the requester" for the requester). */
  label: string;
}

/**
 * Whom a mail action reaches: the requester (if they have an address); the agent, if active; every
 * active member of the group, each once. None: `missing` says why, for the note.
 */
export function mailRecipients(
  effect: MailEffect,
  requester: Pick<RuleMailRequester, "email" | "language">,
  people: readonly RuleMailPerson[],
  workspaceLanguage: MailLanguage,
  groupName: string,
): { to: RuleMailRecipient[]; missing: string | null } {
  const agent = (p: RuleMailPerson): RuleMailRecipient => ({ email: p.email, language: mailLanguage({ stored: p.language }, workspaceLanguage), label: `${p.name} (${p.email})` });
  switch (effect.type) {
    case "email_requester":
      return requester.email ? { to: [{ email: requester.email, language: requester.language, label: `the requester (${requester.email})` }], missing: null } : { to: [], missing: "the requester has no email address" };
    case "email_agent": {
      const person = people.find((p) => p.id === effect.userId);
      return person ? { to: [agent(person)], missing: null } : { to: [], missing: "the agent is deactivated or gone" };
    }
    case "email_group": {
      // One mail per address: the first member with it (a later one would otherwise overwrite its language).
      const inGroup = people.filter((p) => p.groupIds.includes(effect.groupId));
      const members = inGroup.filter((p, i) => inGroup.findIndex((q) => q.email === p.email) === i);
      return members.length ? { to: members.map(agent), missing: null } : { to: [], missing: `the group “${groupName}” has no active members` };
    }
  }
}

/**
 * One mail action's rows: an outbox row per recipient (the requester's from the ticket's address,
 * threaded into the ticket's conversation; an agent's an internal notice from the workspace's
 * built-in address, not threaded) and one note naming each mail — or a note saying why none was sent.
 */
export function ruleMailEffect(effect: MailEffect, input: RuleMailInput): EffectRows {
  const { scope, ticketId, reason, now, sender } = input;
  const note = (body: string) => ruleNote(scope, ticketId, reason, body, now);
  const groupName = effect.type === "email_group" ? (input.groups.find((g) => g.id === effect.groupId)?.name ?? effect.groupId) : "";
  if (!sender) return note("The email was not sent: the workspace has no email address yet.");
  const { to, missing } = mailRecipients(effect, input.requester, input.people, sender.workspaceLanguage, groupName);
  if (missing) return note(`The email was not sent: ${missing}.`);
  const toRequester = effect.type === "email_requester";
  const mails = to.map((recipient) => ({ recipient, ...renderRuleMail(effect, recipient.language, input.values) }));
  const statements = mails.map(({ recipient, subject, text }) =>
    queueHandedOver(
      scope,
      {
        id: newId("out", now.getTime()),
        tenantId: scope.tenantId,
        ticketId,
        messageId: null,
        purpose: toRequester ? "rule_mail" : "rule_notice",
        fromAddress: toRequester ? sender.conversationFrom : sender.noticeFrom,
        fromName: toRequester ? sender.workspaceName : `${sender.workspaceName} (Kefu)`,
        toAddress: recipient.email,
        replyTo: toRequester ? sender.conversationFrom : null,
        subject,
        bodyText: text,
        bodyHtml: null,
        emailMessageId: newMessageId(sender.mailDomain),
        inReplyTo: toRequester ? input.requester.inReplyTo : null,
        references: toRequester ? input.requester.references : null,
        headers: { "Auto-Submitted": "auto-generated" },
        createdAt: now,
      },
    ),
  );
  const lines = mails.map(({ recipient, subject }) => `${recipient.label}: ${subject}`);
  const body = effect.type === "email_group" ? `Emailed the group “${groupName}”:\n${lines.map((l) => `- ${l}`).join("\n")}` : `Emailed ${lines[0]}`;
  const written = note(body);
  return { events: written.events, statements: [...statements, ...written.statements] };
}
