import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { customers, groupMembers, notifications, tickets, users, type NotificationKind } from "../../../schema";
import { inChunks, type ReadResults, type Statement } from "../db";
import { newId } from "../ids";
import { settingsRead } from "../settings-cache";
import type { LiveEvent } from "../live/live-events";
import type { Actor, TenantScope } from "../tenancy/scope";
import { recipientsFor, type DirectoryEntry, type NotifyChange } from "./recipients";

/**
 * The read a write adds to its own read batch (`readAll`) so that it can decide who to tell:
 * the workspace's active agents with the groups each is in.
 */
export const notifyReads = (scope: TenantScope) => ({ notifyDirectory: settingsRead(scope, "notifyDirectory", () => directoryQuery(scope)) });

/**
 * `notifyReads` narrowed to whom a change to a stored ticket can tell (`changeNotice`): the
 * assignee and the members of the group the patch names — the same notices, read by key (the
 * cron's grouped writes, so that 25 escalations do not each read the whole workspace's agents).
 */
export const notifyReadsFor = (scope: TenantScope, patch: { assigneeId?: string | null; groupId?: string | null }) => ({
  notifyDirectory: directoryQuery(
    scope,
    or(
      patch.assigneeId ? eq(users.id, patch.assigneeId) : undefined,
      patch.groupId
        ? inArray(users.id, scope.db.select({ id: groupMembers.userId }).from(groupMembers).where(and(eq(groupMembers.tenantId, scope.tenantId), eq(groupMembers.groupId, patch.groupId))))
        : undefined,
    ) ?? sql`0`,
  ),
});

/** A directory entry's columns: an active agent with the groups they are in (a JSON array). */
export const directoryColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  // Written out with table names: Drizzle leaves a one-table select's columns unqualified.
  groupIds: sql<string>`(select json_group_array(gm.group_id) from group_members gm where gm.tenant_id = "users"."tenant_id" and gm.user_id = "users"."id")`,
};

/** The workspace's active agents (`only`: those of them), by name. */
export const activeAgents = (scope: TenantScope, only?: SQL) => and(eq(users.tenantId, scope.tenantId), eq(users.active, true), only);

function directoryQuery(scope: TenantScope, only?: SQL) {
  return scope.db.select(directoryColumns).from(users).where(activeAgents(scope, only)).orderBy(users.name, users.id);
}

export type NotifyRead = ReadResults<ReturnType<typeof notifyReads>>;

/** What a new ticket tells: its assignee, or — nobody assigned — its group's members, or everyone when it has no group. */
export function assignmentNotice(read: NotifyRead, ticket: { assigneeId: string | null; groupId: string | null }): NotifyChange {
  if (ticket.assigneeId) return { kind: "assigned", assigneeId: ticket.assigneeId };
  return { kind: "new_ticket", groupMemberIds: ticket.groupId ? groupMembersOf(read, ticket.groupId) : null };
}

/**
 * What a change to a stored ticket tells (an agent's, or the cron's escalation — the same rule):
 * a new assignee is told; a ticket moved into a group with nobody assigned is new to that group,
 * whose members are told (`new_ticket`, as Zendesk's "notify group of assignment"). Anything
 * else — a priority raised, the assignee removed, a move out of every group, a status — tells nobody.
 */
export function changeNotice(read: NotifyRead, after: { assigneeId: string | null; groupId: string | null }, changes: readonly { field: string }[]): NotifyChange | null {
  const changed = (field: string) => changes.some((c) => c.field === field);
  if (changed("assigneeId") && after.assigneeId) return { kind: "assigned", assigneeId: after.assigneeId };
  if (changed("groupId") && after.groupId && !after.assigneeId) return { kind: "new_ticket", groupMemberIds: groupMembersOf(read, after.groupId) };
  return null;
}

/** Whether a patch may need the directory to decide its notice (`changeNotice`): it names an assignee or a group. */
export const patchMayNotify = (patch: { assigneeId?: string | null; groupId?: string | null }) => Boolean(patch.assigneeId) || Boolean(patch.groupId);

/** An active agent's name, from the directory (a write by them reads it anyway). */
export const nameInDirectory = (read: NotifyRead, userId: string) => read.notifyDirectory.find((u) => u.id === userId)?.name;

const groupMembersOf = (read: NotifyRead, groupId: string) => read.notifyDirectory.filter((u) => (JSON.parse(u.groupIds) as string[]).includes(groupId)).map((u) => u.id);

const COLUMNS_PER_ROW = 14;

/**
 * The notices `changes` give, as statements for the change's own batch (after the ticket's
 * rows: the ticket's number and subject and the actor's name are copied in by subqueries), and
 * the live event that rings the recipients' bells once the batch has committed.
 */
/**
 * `once`: for a change that may be made twice (the cron's alerts), each notice's id derived from
 * it (a second insert does nothing); `emailed`: its email has gone already (an SLA alert's).
 */
export function noticeStatements(scope: TenantScope, read: NotifyRead, changes: readonly (NotifyChange | null)[], ticketId: string, actor: Actor, now: Date, options: { once?: (userId: string) => string; emailed?: boolean } = {}) {
  const directory: DirectoryEntry[] = read.notifyDirectory;
  const { db, tenantId } = scope;
  const ofTicket = and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId));
  const actorName =
    actor.type === "agent" && actor.id
      ? sql`(select ${users.name} from ${users} where ${users.tenantId} = ${tenantId} and ${users.id} = ${actor.id})`
      : actor.type === "customer" && actor.id
        ? sql`(select ${customers.name} from ${customers} where ${customers.tenantId} = ${tenantId} and ${customers.id} = ${actor.id})`
        : null;
  const rows = changes.flatMap((change) =>
    change
      ? recipientsFor(change, directory, actor.type === "agent" ? actor.id : null).map((userId) => ({
          id: options.once?.(userId) ?? newId("ntf", now.getTime()),
          tenantId,
          userId,
          kind: change.kind,
          ticketId,
          ticketNumber: sql`(select ${tickets.number} from ${tickets} where ${ofTicket})`,
          ticketSubject: sql`(select ${tickets.subject} from ${tickets} where ${ofTicket})`,
          actorType: actor.type,
          actorId: actor.id,
          // A rule's notice names the rule (the actor is the system) and carries its words.
          actorName: change.kind === "rule" ? change.ruleName : actorName,
          text: change.kind === "rule" ? change.text : null,
          createdAt: now,
          emailedAt: options.emailed ? now : null,
        }))
      : [],
  );
  const statements: Statement[] = inChunks(rows, Math.floor(100 / COLUMNS_PER_ROW)).map((chunk) => db.insert(notifications).values(chunk).onConflictDoNothing());
  const byKind = new Map<NotificationKind, string[]>();
  for (const row of rows) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row.userId]);
  const live: LiveEvent[] = [...byKind].map(([kind, userIds]) => ({ type: "notification", userIds, kind, ticketId, at: now.getTime() }));
  return { statements, live };
}
