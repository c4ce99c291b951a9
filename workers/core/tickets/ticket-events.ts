import { and, asc, eq } from "drizzle-orm";
import { ticketEvents } from "../../../schema";
import { inChunks } from "../db";
import type { Actor, TenantScope } from "../tenancy/scope";
import type { FieldChange } from "./ticket-rules";

export type EventRow = typeof ticketEvents.$inferSelect;
export type NewEvent = typeof ticketEvents.$inferInsert;

/** Statements appending `rows` to the history (8 rows × 12 columns per insert), for the caller's atomic batch. */
export function insertEvents(scope: TenantScope, rows: NewEvent[]) {
  return inChunks(rows, 8).map((chunk) => scope.db.insert(ticketEvents).values(chunk));
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
    // Why the system or an agent made it (an escalation: `sla_breach:<metric>`; a macro: `macro:<id>:<title>`), for the history to say.
    reason: actor.type === "customer" ? null : (actor.reason ?? null),
  };
}

export function listEvents(scope: TenantScope, ticketId: string) {
  return scope.db.query.ticketEvents.findMany({
    where: and(eq(ticketEvents.tenantId, scope.tenantId), eq(ticketEvents.ticketId, ticketId)),
    orderBy: [asc(ticketEvents.id)],
  });
}
