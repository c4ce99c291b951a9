import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { customerEmails, customers, tenants, tickets, users } from "../../../schema";
import { readAll, type Statement } from "../db";
import { notFound } from "../errors";
import { promisedFirstReply } from "../sla/promised-reply";
import type { TenantScope } from "../tenancy/scope";
import { firstName, type PlaceholderValues } from "./templates";
import { formatTicketRef } from "./ticket-ref";
import { ticketFrom, ticketQuery, type Ticket } from "./ticket-store";

/**
 * What a template's placeholders are filled from for one ticket and the agent using it (a macro's
 * reply text, a standard reply): the ticket, its requester's name and first address, the agent's
 * and the workspace's names — one batch, with the caller's own reads — and, beside it, the
 * first-reply deadline the customer can be promised.
 */
export async function readForTemplate<R extends Record<string, Statement>>(scope: TenantScope, ticketId: string, agentId: string, reads: R) {
  const [read, promised] = await Promise.all([readAll(scope.db, { ...reads, ...templateReads(scope, ticketId, agentId) }), promisedFirstReply(scope, ticketId)]);
  const ticket = ticketFrom(read.ticket);
  return { read, ticket, values: templateValues(ticket, read, promised) };
}

function templateReads(scope: TenantScope, ticketId: string, agentId: string) {
  const { db, tenantId } = scope;
  const requester = db.select({ id: tickets.requesterId }).from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  return {
    ticket: ticketQuery(scope, ticketId),
    requester: db.select({ name: customers.name }).from(customers).where(and(eq(customers.tenantId, tenantId), inArray(customers.id, requester))),
    requesterEmail: db
      .select({ email: customerEmails.email })
      .from(customerEmails)
      .where(and(eq(customerEmails.tenantId, tenantId), inArray(customerEmails.customerId, requester)))
      .orderBy(desc(customerEmails.isPrimary), asc(customerEmails.createdAt), asc(customerEmails.email))
      .limit(1),
    agent: db.select({ name: users.name }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, agentId))),
    workspace: db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId)),
  };
}

type TemplateRead = Awaited<ReturnType<typeof readAll<ReturnType<typeof templateReads>>>>;

function templateValues(ticket: Ticket, read: Omit<TemplateRead, "ticket">, promised: string): PlaceholderValues {
  const [agent] = read.agent;
  if (!agent) throw notFound("User");
  const name = read.requester[0]?.name ?? "";
  return {
    "customer.name": name,
    "customer.first_name": firstName(name),
    "customer.email": read.requesterEmail[0]?.email ?? "",
    "ticket.number": formatTicketRef(ticket.number),
    "ticket.subject": ticket.subject,
    "agent.name": agent.name,
    "workspace.name": read.workspace[0]?.name ?? "",
    "sla.first_reply_due": promised,
  };
}
