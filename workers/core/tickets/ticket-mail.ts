import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import { customerEmails, messages, outboundMessages, supportAddresses } from "../../../schema";
import { builtInAddress } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { threadHeaders } from "../mail/reply-email";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";
import type { Ticket } from "./ticket-store";

/**
 * What any email to a ticket's requester needs: the workspace, the address to send from (the
 * one the customer wrote to, so their answer comes back the same way), the requester's
 * address (null if they have none), and the threading headers that keep it in their thread.
 */
export async function ticketMailContext(scope: TenantScope, mail: MailSettings, ticket: Ticket) {
  const { db, tenantId } = scope;
  const [tenant, channel, to, inbound, outbound] = await Promise.all([
    getTenant(scope),
    ticket.supportAddressId ? db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, tenantId), eq(supportAddresses.id, ticket.supportAddressId)) }) : undefined,
    db.query.customerEmails.findFirst({
      where: and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, ticket.requesterId)),
      orderBy: [desc(customerEmails.isPrimary), asc(customerEmails.createdAt)],
    }),
    db
      .select({ id: messages.emailMessageId, at: messages.createdAt, kind: messages.kind })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticket.id), isNotNull(messages.emailMessageId))),
    db
      .select({ id: outboundMessages.emailMessageId, at: outboundMessages.createdAt })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.tenantId, tenantId), eq(outboundMessages.ticketId, ticket.id))),
  ]);
  const thread = [
    ...inbound.map((m) => ({ emailMessageId: m.id!, fromCustomer: m.kind === "customer", at: m.at.getTime() })),
    ...outbound.map((m) => ({ emailMessageId: m.id, fromCustomer: false, at: m.at.getTime() })),
  ].sort((a, b) => a.at - b.at);
  const { inReplyTo, references } = threadHeaders(thread);
  return {
    tenant,
    fromAddress: channel?.address ?? builtInAddress(tenant.slug, mail.mailDomain),
    toAddress: to?.email ?? null,
    inReplyTo,
    references: references.join(" ") || null,
  };
}
