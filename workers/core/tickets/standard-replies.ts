import { and, asc, eq } from "drizzle-orm";
import { standardReplies } from "../../../schema";
import { getCustomer } from "../customers/customer-store";
import { AppError, conflict, notFound } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";
import { getUser } from "../tenancy/users";
import { promisedFirstReply } from "../sla/promised-reply";
import { formatTicketRef } from "./ticket-ref";
import { getTicket } from "./ticket-store";
import { firstName, PLACEHOLDERS, renderTemplate, unknownPlaceholders } from "./templates";

export type StandardReply = typeof standardReplies.$inferSelect;

export async function getStandardReply(scope: TenantScope, id: string): Promise<StandardReply> {
  const reply = await scope.db.query.standardReplies.findFirst({ where: and(eq(standardReplies.tenantId, scope.tenantId), eq(standardReplies.id, id)) });
  if (!reply) throw notFound("Standard reply");
  return reply;
}

export function listStandardReplies(scope: TenantScope) {
  return scope.db.query.standardReplies.findMany({ where: eq(standardReplies.tenantId, scope.tenantId), orderBy: [asc(standardReplies.title)] });
}

export async function createStandardReply(scope: TenantScope, input: { title: string; body: string }, now = new Date()) {
  checkPlaceholders(input.body);
  await assertTitleFree(scope, input.title);
  const [row] = await scope.db
    .insert(standardReplies)
    .values({ id: newId("srp", now.getTime()), tenantId: scope.tenantId, ...input, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the reply changed since. */
export async function updateStandardReply(scope: TenantScope, id: string, patch: { title?: string; body?: string }, now = new Date(), version?: Date) {
  await getStandardReply(scope, id);
  if (patch.body !== undefined) checkPlaceholders(patch.body);
  if (patch.title) await assertTitleFree(scope, patch.title, id);
  const [[row]] = await writeUnlessChanged(scope, { table: standardReplies, id, what: "standard reply" }, version, [
    scope.db.update(standardReplies).set({ ...patch, updatedAt: now }).where(and(eq(standardReplies.tenantId, scope.tenantId), eq(standardReplies.id, id))).returning(),
  ]);
  return row!;
}

export async function deleteStandardReply(scope: TenantScope, id: string) {
  await getStandardReply(scope, id);
  await scope.db.delete(standardReplies).where(and(eq(standardReplies.tenantId, scope.tenantId), eq(standardReplies.id, id)));
}

/** The reply's text with its placeholders filled for one ticket and the agent using it. */
export async function renderStandardReply(scope: TenantScope, id: string, ticketId: string, agentId: string) {
  const reply = await getStandardReply(scope, id);
  const ticket = await getTicket(scope, ticketId);
  const [customer, agent, tenant] = await Promise.all([getCustomer(scope, ticket.requesterId), getUser(scope, agentId), getTenant(scope)]);
  return renderTemplate(reply.body, {
    "customer.name": customer.name,
    "customer.first_name": firstName(customer.name),
    "customer.email": customer.emails[0] ?? "",
    "ticket.number": formatTicketRef(ticket.number),
    "ticket.subject": ticket.subject,
    "agent.name": agent.name,
    "workspace.name": tenant.name,
    "sla.first_reply_due": await promisedFirstReply(scope, ticket.id),
  });
}

function checkPlaceholders(body: string) {
  const unknown = unknownPlaceholders(body);
  if (unknown.length)
    throw new AppError(422, "unknown_placeholder", `Unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}; known: ${PLACEHOLDERS.join(", ")}`, {
      errors: [{ field: "body", code: "unknown_placeholder", message: `Unknown: ${unknown.join(", ")}` }],
    });
}

async function assertTitleFree(scope: TenantScope, title: string, exceptId?: string) {
  const same = await scope.db.query.standardReplies.findFirst({ where: and(eq(standardReplies.tenantId, scope.tenantId), eq(standardReplies.title, title)), columns: { id: true } });
  if (same && same.id !== exceptId) throw conflict("title_taken", `A standard reply titled "${title}" already exists`);
}
