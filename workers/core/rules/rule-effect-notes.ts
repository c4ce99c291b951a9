import { messages } from "../../../schema";
import type { Statement } from "../db";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { insertEvents, type NewEvent } from "../tickets/ticket-events";

/** What an effect of a rule writes: rows for the write's batch and the ticket's history rows (written after them: they may refer to the rows). */
export interface EffectRows {
  events: NewEvent[];
  statements: Statement[];
}

/**
 * An internal note written by a rule — a trigger or an automation — on a ticket: the message (no
 * author) and its `internal_note` history row with the rule as the reason
 * (`trigger:<id>:<name>`, `automation:<id>:<name>`).
 */
export function ruleNote(scope: TenantScope, ticketId: string, reason: string, body: string, now: Date): EffectRows {
  const { tenantId } = scope;
  const id = newId("msg", now.getTime());
  const message = scope.db.insert(messages).values({ id, tenantId, ticketId, kind: "note", authorUserId: null, authorCustomerId: null, bodyText: body, createdAt: now });
  const event: NewEvent = { tenantId, ticketId, type: "internal_note", actorType: "system", actorId: null, messageId: id, createdAt: now, reason };
  return { events: [event], statements: [message] };
}

/** Effect rows as statements alone, the history rows last (for a caller that writes no history of its own). */
export const effectStatementsOf = (scope: TenantScope, rows: EffectRows): Statement[] => [...rows.statements, ...insertEvents(scope, rows.events)];
