import { ticketParticipants } from "../../../schema";
import { inChunks, type Statement } from "../db";
import type { TenantScope } from "../tenancy/scope";

/**
 * The statements that record people as copied on a ticket (those already on it stay as they
 * are), for a caller's batch: none for nobody, one per 19 people (five bound values each, under
 * D1's 100 per statement).
 */
export function participantStatements(scope: TenantScope, ticketId: string, people: readonly { email: string; name: string }[], now: Date): Statement[] {
  const rows = people.map((p) => ({ tenantId: scope.tenantId, ticketId, email: p.email, name: p.name, createdAt: now }));
  return inChunks(rows, 19).map((chunk) => scope.db.insert(ticketParticipants).values(chunk).onConflictDoNothing());
}
