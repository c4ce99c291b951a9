import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { customerEmails, customers, messages, outboundMessages, supportAddresses, tenants, tickets } from "../../../schema";
import { readAll, type ReadResults } from "../db";
import { builtInAddress } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { mailLanguage, type MailLanguage } from "../mail/mail-language";
import { threadHeaders, type ThreadMessage } from "../mail/reply-email";
import { settingsRead } from "../settings-cache";
import type { TenantScope } from "../tenancy/scope";

/**
 * The reads behind any email to a ticket's requester, for a caller's batch (`readAll`): the
 * workspace, the address the customer wrote to, the requester's address and the thread's
 * message ids, and what decides the mail's language (the requester's stored language, the ticket's
 * subject and first customer message, the workspace default). Everything is found through the ticket's id, so they go in the same round trip
 * as the ticket itself.
 */
export function ticketMailReads(scope: TenantScope, ticketId: string) {
  const { db, tenantId } = scope;
  const ofTicket = <C extends typeof tickets.supportAddressId | typeof tickets.requesterId>(column: C) =>
    db.select({ value: column }).from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  return {
    mailTenant: settingsRead(scope, "mailTenant", () => db.select({ name: tenants.name, slug: tenants.slug, defaultLanguage: tenants.defaultLanguage }).from(tenants).where(eq(tenants.id, tenantId))),
    mailRequester: db
      .select({ language: customers.language })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, ofTicket(tickets.requesterId)))),
    mailWritten: db
      .select({ subject: tickets.subject, text: sql<string | null>`substr(${messages.bodyText}, 1, 2000)` })
      .from(tickets)
      .leftJoin(messages, and(eq(messages.tenantId, tickets.tenantId), eq(messages.ticketId, tickets.id), eq(messages.kind, "customer")))
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)))
      .orderBy(asc(messages.createdAt))
      .limit(1),
    mailChannel: db
      .select({ address: supportAddresses.address })
      .from(supportAddresses)
      .where(and(eq(supportAddresses.tenantId, tenantId), eq(supportAddresses.id, ofTicket(tickets.supportAddressId)))),
    mailTo: db
      .select({ email: customerEmails.email })
      .from(customerEmails)
      .where(and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, ofTicket(tickets.requesterId))))
      .orderBy(desc(customerEmails.isPrimary), asc(customerEmails.createdAt))
      .limit(1),
    mailInbound: db
      .select({ id: messages.emailMessageId, at: messages.createdAt, kind: messages.kind })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticketId), isNotNull(messages.emailMessageId)))
      // In thread order: SQLite then reads this ticket's messages through (tenant_id, ticket_id,
      // created_at), not every emailed message of the workspace through (tenant_id, email_message_id).
      .orderBy(asc(messages.createdAt)),
    mailOutbound: db
      .select({ id: outboundMessages.emailMessageId, at: outboundMessages.createdAt })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.tenantId, tenantId), eq(outboundMessages.ticketId, ticketId))),
  };
}

type MailReads = ReturnType<typeof ticketMailReads>;

export interface TicketMailContext {
  tenant: { name: string; slug: string };
  /** The language of system mail to the requester (mail-language.ts: stored, else detected, else the workspace's). */
  language: MailLanguage;
  /** The address to send from: the one the customer wrote to, so their answer comes back the same way. */
  fromAddress: string;
  /** The requester's address; null if they have none. */
  toAddress: string | null;
  inReplyTo: string | null;
  references: string | null;
}

/** What any email to a ticket's requester needs, from the results of `ticketMailReads`. */
export function ticketMailContextFrom(r: ReadResults<MailReads>, mail: MailSettings): TicketMailContext {
  const { defaultLanguage, ...tenant } = r.mailTenant[0]!;
  const written = r.mailWritten[0];
  const { inReplyTo, references } = threadHeaders(conversationThread(r.mailInbound, r.mailOutbound));
  return {
    tenant,
    language: mailLanguage({ stored: r.mailRequester[0]?.language, text: `${written?.subject ?? ""}\n${written?.text ?? ""}` }, defaultLanguage),
    fromAddress: r.mailChannel[0]?.address ?? builtInAddress(tenant.slug, mail.mailDomain),
    toAddress: r.mailTo[0]?.email ?? null,
    inReplyTo,
    references: references.join(" ") || null,
  };
}

/** A ticket's thread as read — its messages with a Message-ID and its outbound mail — in the order written. */
export function conversationThread(inbound: readonly { id: string | null; at: Date; kind: string }[], outbound: readonly { id: string; at: Date }[]): ThreadMessage[] {
  return [
    ...inbound.map((m) => ({ emailMessageId: m.id!, fromCustomer: m.kind === "customer", at: m.at.getTime() })),
    ...outbound.map((m) => ({ emailMessageId: m.id, fromCustomer: false, at: m.at.getTime() })),
  ]
    .sort((a, b) => a.at - b.at)
    .map(({ emailMessageId, fromCustomer }) => ({ emailMessageId, fromCustomer }));
}

/** The same in its own round trip. */
export async function ticketMailContext(scope: TenantScope, mail: MailSettings, ticketId: string): Promise<TicketMailContext> {
  return ticketMailContextFrom(await readAll(scope.db, ticketMailReads(scope, ticketId)), mail);
}
