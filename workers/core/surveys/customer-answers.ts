import { and, desc, eq, isNotNull } from "drizzle-orm";
import { customers, surveys, tickets } from "../../../schema";
import { readAll } from "../db";
import { notFound } from "../errors";
import type { TenantScope } from "../tenancy/scope";

/**
 * What a customer answered to satisfaction surveys, newest answer first, each with the ticket it
 * was about — the customer and their answers read in one round trip (the customer's absence, in
 * this workspace, is a 404). Surveys belong to the customer asked (a merge moves them along).
 */
export async function listCustomerAnswers(scope: TenantScope, customerId: string, limit: number) {
  const { customer, answers } = await readAll(scope.db, {
    customer: scope.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, scope.tenantId), eq(customers.id, customerId))),
    answers: customerAnswersQuery(scope, customerId, limit),
  });
  if (customer.length === 0) throw notFound("Customer");
  return answers;
}

/** The read of a customer's latest `limit` answers, each with its ticket, for a caller's batch. */
export const customerAnswersQuery = (scope: TenantScope, customerId: string, limit: number) =>
  scope.db
    .select({ survey: surveys, ticketNumber: tickets.number, ticketSubject: tickets.subject })
    .from(surveys)
    .innerJoin(tickets, and(eq(tickets.tenantId, surveys.tenantId), eq(tickets.id, surveys.ticketId)))
    .where(and(eq(surveys.tenantId, scope.tenantId), eq(surveys.customerId, customerId), isNotNull(surveys.answeredAt)))
    .orderBy(desc(surveys.answeredAt), desc(surveys.id))
    .limit(limit);
