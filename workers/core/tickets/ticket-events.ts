import { and, asc, eq } from "drizzle-orm";
import { ticketEvents } from "../../../schema";
import type { Actor, TenantScope } from "../tenancy/scope";
import type { FieldChange } from "./ticket-rules";

export type EventRow = typeof ticketEvents.$inferSelect;
export type NewEvent = typeof ticketEvents.$inferInsert;

/** D1 binds at most 100 parameters per statement: events are inserted a few rows at a time. */
const EVENTS_PER_INSERT = 8;

/** Statements appending `rows` to the history, for the caller's atomic batch. */
export function insertEvents(scope: TenantScope, rows: NewEvent[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += EVENTS_PER_INSERT) statements.push(scope.db.insert(ticketEvents).values(rows.slice(i, i + EVENTS_PER_INSERT)));
  return statements;
}

export function fieldChangeEvent(scope: TenantScope, ticketId: string, actor: Actor, change: FieldChange, now: Date): NewEvent {
  return {
    tenantId: scope.tenantId,
    ticketId,
    type: "field_change",
    actorType: actor.type,
    actorId: actor.id,
    field: change.field,
    oldValue: change.from,
    newValue: change.to,
    createdAt: now,
  };
}

export function listEvents(scope: TenantScope, ticketId: string) {
  return scope.db.query.ticketEvents.findMany({
    where: and(eq(ticketEvents.tenantId, scope.tenantId), eq(ticketEvents.ticketId, ticketId)),
    orderBy: [asc(ticketEvents.id)],
  });
}
