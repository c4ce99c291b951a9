import { and, eq, sql } from "drizzle-orm";
import { notifications, tickets } from "../../../schema";
import type { Statement } from "../db";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";

/**
 * The `assigned` notice of an automatic assignment (docs/notifications.md), for the assignment's
 * own atomic batch after its guarded update (`assignmentStatements`): written only if the ticket did
 * go to `userId` (the guard may refuse it), and once — not again when the same write already told
 * them (two assignments planned into one write, or the write's own `assigned` notice). The group
 * that assigned it stands as who did (`<group> assigned #12 to you`). Emailed by the digest as any
 * notice.
 */
export function autoAssignedNotice(scope: TenantScope, ticketId: string, userId: string, now: Date): Statement {
  const { db, tenantId } = scope;
  const at = now.getTime();
  return db.insert(notifications).select(
    db
      // Every column, in the table's order (drizzle's insert-select asks it).
      .select({
        id: sql`${newId("ntf", at)}`.as("id"),
        tenantId: sql`${tenantId}`.as("tenant_id"),
        userId: sql`${userId}`.as("user_id"),
        kind: sql`'assigned'`.as("kind"),
        ticketId: tickets.id,
        ticketNumber: tickets.number,
        ticketSubject: tickets.subject,
        actorType: sql`'system'`.as("actor_type"),
        actorId: sql`null`.as("actor_id"),
        actorName: sql`(select g.name from groups g where g.tenant_id = ${tenantId} and g.id = "tickets"."group_id")`.as("actor_name"),
        text: sql`null`.as("text"),
        createdAt: sql`${at}`.as("created_at"),
        readAt: sql`null`.as("read_at"),
        emailedAt: sql`null`.as("emailed_at"),
      })
      .from(tickets)
      .where(
        and(
          eq(tickets.tenantId, tenantId),
          eq(tickets.id, ticketId),
          eq(tickets.assigneeId, userId),
          sql`not exists (select 1 from notifications n where n.tenant_id = ${tenantId} and n.ticket_id = ${ticketId} and n.user_id = ${userId} and n.kind = 'assigned' and n.created_at = ${at})`,
        ),
      ),
  );
}
