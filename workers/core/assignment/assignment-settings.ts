import { and, eq } from "drizzle-orm";
import { businessCalendars, groups, users, type AssignmentMethod, type SkillMode } from "../../../schema";
import { readAll } from "../db";
import { forbidden, invalidField, notFound } from "../errors";
import type { TenantScope } from "../tenancy/scope";
import { normalizeTags } from "../tickets/ticket-rules";

/** A group's automatic assignment, as admins set it (docs/assignment.md). */
export interface GroupAssignmentSettings {
  method: AssignmentMethod;
  cap: number | null;
  skills: SkillMode;
  calendarId: string | null;
  returnToPoolMinutes: number | null;
}

const settingsColumns = { method: groups.assignmentMethod, cap: groups.assignmentCap, skills: groups.assignmentSkills, calendarId: groups.calendarId, returnToPoolMinutes: groups.returnToPoolMinutes };
const thisGroup = (scope: TenantScope, id: string) => and(eq(groups.tenantId, scope.tenantId), eq(groups.id, id));

export async function getGroupAssignment(scope: TenantScope, groupId: string): Promise<GroupAssignmentSettings> {
  const [row] = await scope.db.select(settingsColumns).from(groups).where(thisGroup(scope, groupId));
  if (!row) throw notFound("Group");
  return row;
}

/** Sets a group's assignment; the calendar must be one of the workspace's (422 `calendar_not_found`). One read batch, one write. */
export async function setGroupAssignment(scope: TenantScope, groupId: string, settings: GroupAssignmentSettings, now = new Date()): Promise<GroupAssignmentSettings> {
  const { db, tenantId } = scope;
  const read = await readAll(db, {
    group: db.select({ id: groups.id }).from(groups).where(thisGroup(scope, groupId)),
    ...(settings.calendarId !== null ? { calendar: db.select({ id: businessCalendars.id }).from(businessCalendars).where(and(eq(businessCalendars.tenantId, tenantId), eq(businessCalendars.id, settings.calendarId))) } : {}),
  });
  if (!read.group.length) throw notFound("Group");
  if (settings.calendarId !== null && !read.calendar?.length) throw invalidField("calendarId", "calendar_not_found", "No business calendar with this id");
  await db
    .update(groups)
    .set({ assignmentMethod: settings.method, assignmentCap: settings.cap, assignmentSkills: settings.skills, calendarId: settings.calendarId, returnToPoolMinutes: settings.returnToPoolMinutes, updatedAt: now })
    .where(thisGroup(scope, groupId));
  return settings;
}

/** An agent's availability for automatic assignment. */
export interface Availability {
  available: boolean;
  /** When it last changed (null: never). */
  since: Date | null;
}

const thisUser = (scope: TenantScope, id: string) => and(eq(users.tenantId, scope.tenantId), eq(users.id, id));

/** Whether `actor` may change `userId`'s availability or see it: themselves, or an admin. */
export function assertSelfOrAdmin(actor: { userId: string; admin: boolean }, userId: string) {
  if (actor.userId !== userId && !actor.admin) throw forbidden("Only admins may change another agent's availability or skills");
}

export async function getAvailability(scope: TenantScope, userId: string): Promise<Availability> {
  const [row] = await scope.db.select({ available: users.available, since: users.availableChangedAt }).from(users).where(thisUser(scope, userId));
  if (!row) throw notFound("User");
  return row;
}

/** Turns an agent's availability on or off (`current`: as the caller read it); `since` moves only when it changes. */
export async function setAvailability(scope: TenantScope, userId: string, available: boolean, current: Availability, now = new Date()): Promise<Availability> {
  if (current.available === available) return current;
  await scope.db.update(users).set({ available, availableChangedAt: now }).where(thisUser(scope, userId));
  return { available, since: now };
}

/** What an agent handles: tags and customer languages (a group assigning by skills matches them). */
export interface Skills {
  tags: string[];
  languages: string[];
}

export async function getSkills(scope: TenantScope, userId: string): Promise<Skills> {
  const [row] = await scope.db.select({ tags: users.skillTags, languages: users.skillLanguages }).from(users).where(thisUser(scope, userId));
  if (!row) throw notFound("User");
  return row;
}

export async function setSkills(scope: TenantScope, userId: string, skills: Skills, now = new Date()): Promise<Skills> {
  await getSkills(scope, userId);
  // Stored as tickets store tags, so that they compare equal.
  const stored = { tags: normalizeTags(skills.tags), languages: [...new Set(skills.languages)].sort() };
  await scope.db.update(users).set({ skillTags: stored.tags, skillLanguages: stored.languages, updatedAt: now }).where(thisUser(scope, userId));
  return stored;
}
