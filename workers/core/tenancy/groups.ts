import { and, asc, eq, inArray } from "drizzle-orm";
import { groupMembers, groups, supportAddresses, tickets, users } from "../../../schema";
import { conflict, invalidField, notFound } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import type { TenantScope } from "./scope";

export type Group = typeof groups.$inferSelect & { memberIds: string[] };

export async function getGroup(scope: TenantScope, id: string): Promise<Group> {
  const group = await scope.db.query.groups.findFirst({ where: and(eq(groups.tenantId, scope.tenantId), eq(groups.id, id)) });
  if (!group) throw notFound("Group");
  return { ...group, memberIds: (await membersOf(scope, [id])).get(id) ?? [] };
}

export async function listGroups(scope: TenantScope): Promise<Group[]> {
  const rows = await scope.db.query.groups.findMany({ where: eq(groups.tenantId, scope.tenantId), orderBy: [asc(groups.name)] });
  const members = await membersOf(scope, rows.map((g) => g.id));
  return rows.map((g) => ({ ...g, memberIds: members.get(g.id) ?? [] }));
}

export async function createGroup(scope: TenantScope, input: { name: string; description: string; leadUserId?: string | null }, now = new Date()) {
  await assertNameFree(scope, input.name);
  if (input.leadUserId) await assertLead(scope, input.leadUserId);
  const id = newId("grp", now.getTime());
  await scope.db.insert(groups).values({ id, tenantId: scope.tenantId, ...input, createdAt: now, updatedAt: now });
  return getGroup(scope, id);
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the group changed since. */
export async function updateGroup(scope: TenantScope, id: string, patch: { name?: string; description?: string; leadUserId?: string | null }, now = new Date(), version?: Date) {
  await getGroup(scope, id);
  if (patch.name) await assertNameFree(scope, patch.name, id);
  if (patch.leadUserId) await assertLead(scope, patch.leadUserId);
  await writeUnlessChanged(scope, { table: groups, id, what: "group" }, version, [
    scope.db.update(groups).set({ ...patch, updatedAt: now }).where(and(eq(groups.tenantId, scope.tenantId), eq(groups.id, id))),
  ]);
  return getGroup(scope, id);
}

/** A group that still holds tickets cannot be deleted: move them first. */
export async function deleteGroup(scope: TenantScope, id: string) {
  await getGroup(scope, id);
  const inUse = await scope.db.query.tickets.findFirst({ where: and(eq(tickets.tenantId, scope.tenantId), eq(tickets.groupId, id)), columns: { id: true } });
  if (inUse) throw conflict("group_in_use", "Tickets are still in this group; move them to another group first");
  await scope.db.batch([
    // Support addresses that routed new tickets here route them to no group from now on.
    scope.db.update(supportAddresses).set({ defaultGroupId: null }).where(and(eq(supportAddresses.tenantId, scope.tenantId), eq(supportAddresses.defaultGroupId, id))),
    scope.db.delete(groups).where(and(eq(groups.tenantId, scope.tenantId), eq(groups.id, id))),
  ]);
}

export async function addGroupMember(scope: TenantScope, groupId: string, userId: string) {
  await getGroup(scope, groupId);
  const user = await scope.db.query.users.findFirst({ where: and(eq(users.tenantId, scope.tenantId), eq(users.id, userId)), columns: { id: true } });
  if (!user) throw invalidField("userId", "user_not_found", "No user with this id");
  await scope.db.insert(groupMembers).values({ tenantId: scope.tenantId, groupId, userId }).onConflictDoNothing();
  return getGroup(scope, groupId);
}

export async function removeGroupMember(scope: TenantScope, groupId: string, userId: string) {
  await getGroup(scope, groupId);
  const [removed] = await scope.db
    .delete(groupMembers)
    .where(and(eq(groupMembers.tenantId, scope.tenantId), eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .returning();
  if (!removed) throw notFound("Group member");
  return getGroup(scope, groupId);
}

async function membersOf(scope: TenantScope, groupIds: string[]) {
  const byGroup = new Map<string, string[]>();
  if (groupIds.length === 0) return byGroup;
  const rows = await scope.db.query.groupMembers.findMany({ where: and(eq(groupMembers.tenantId, scope.tenantId), inArray(groupMembers.groupId, groupIds)) });
  for (const row of rows) byGroup.set(row.groupId, [...(byGroup.get(row.groupId) ?? []), row.userId]);
  return byGroup;
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string) {
  const same = await scope.db.query.groups.findFirst({ where: and(eq(groups.tenantId, scope.tenantId), eq(groups.name, name)), columns: { id: true } });
  if (same && same.id !== exceptId) throw conflict("name_taken", `A group named "${name}" already exists`);
}

/**
 * A group's lead (told by a rule's notice to `group_lead`, docs/notifications.md) is an active agent
 * of the same workspace; not necessarily a member. Anyone else — another workspace's agent too — is
 * a 422 on `leadUserId`.
 */
async function assertLead(scope: TenantScope, userId: string) {
  const user = await scope.db.query.users.findFirst({ where: and(eq(users.tenantId, scope.tenantId), eq(users.id, userId), eq(users.active, true)), columns: { id: true } });
  if (!user) throw invalidField("leadUserId", "lead_not_found", "No active agent with this id in this workspace");
}
