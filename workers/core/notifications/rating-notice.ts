import { and, eq, isNotNull, sql } from "drizzle-orm";
import { customers, notifications, tickets, users } from "../../../schema";
import type { Db } from "../db";
import { sha256Hex } from "../ids";

/**
 * The statement that tells a ticket's assignee (an active agent) about a bad satisfaction
 * rating, for the answer's own batch: who that is is decided by the database as it writes, so
 * the answer costs no read. Once per survey (the id comes from it; a second answer adds nothing).
 * Returned as `{ statement }`.
 */
export async function badRatingNotice(db: Db, link: { tenantId: string; ticketId: string; surveyId: string }, now: Date) {
  const id = `ntf_${(await sha256Hex(`${link.tenantId}/survey/${link.surveyId}/bad`)).slice(0, 26)}`;
  // Wrapped: an async function returning the (thenable) statement would run it.
  const statement = db
    .insert(notifications)
    .select(
      db
        .select({
          id: sql<string>`${id}`.as("id"),
          tenantId: tickets.tenantId,
          userId: sql<string>`${tickets.assigneeId}`.as("user_id"),
          kind: sql<"bad_rating">`'bad_rating'`.as("kind"),
          ticketId: tickets.id,
          ticketNumber: tickets.number,
          ticketSubject: tickets.subject,
          actorType: sql<"customer">`'customer'`.as("actor_type"),
          actorId: tickets.requesterId,
          actorName: sql<string | null>`(select ${customers.name} from ${customers} where ${customers.tenantId} = ${link.tenantId} and ${customers.id} = ${tickets.requesterId})`.as("actor_name"),
          text: sql<string | null>`null`.as("text"),
          createdAt: sql<Date>`${now.getTime()}`.as("created_at"),
          readAt: sql<Date | null>`null`.as("read_at"),
          emailedAt: sql<Date | null>`null`.as("emailed_at"),
        })
        .from(tickets)
        .innerJoin(users, and(eq(users.tenantId, tickets.tenantId), eq(users.id, tickets.assigneeId), eq(users.active, true)))
        .where(and(eq(tickets.tenantId, link.tenantId), eq(tickets.id, link.ticketId), isNotNull(tickets.assigneeId))),
    )
    .onConflictDoNothing();
  return { statement };
}
