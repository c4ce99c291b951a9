import { and, asc, eq } from "drizzle-orm";
import { users, type Role } from "../../../schema";
import { revokeUserSessions } from "../auth/sessions";
import { hashPassword, verifyPassword } from "../auth/password";
import { clear, hit, PASSWORD_CHECK_FAILURES_PER_USER, refuseWhileLocked } from "../auth/rate-limit";
import { AppError, forbidden, notFound } from "../errors";
import type { TenantScope } from "./scope";

export type User = typeof users.$inferSelect;

export async function getUser(scope: TenantScope, id: string): Promise<User> {
  const user = await scope.db.query.users.findFirst({ where: and(eq(users.tenantId, scope.tenantId), eq(users.id, id)) });
  if (!user) throw notFound("User");
  return user;
}

export function listUsers(scope: TenantScope) {
  return scope.db.query.users.findMany({ where: eq(users.tenantId, scope.tenantId), orderBy: [asc(users.name), asc(users.id)] });
}

/**
 * An admin changes a user. The owner cannot be demoted or deactivated, and nobody is made
 * owner this way. Deactivating or changing the role ends the user's sessions.
 */
export async function updateUser(scope: TenantScope, id: string, patch: { name?: string; role?: Exclude<Role, "owner">; active?: boolean }, now = new Date()) {
  const user = await getUser(scope, id);
  if (user.role === "owner" && (patch.role || patch.active === false))
    throw forbidden("The workspace owner cannot be demoted or deactivated");
  const [updated] = await scope.db
    .update(users)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(users.tenantId, scope.tenantId), eq(users.id, id)))
    .returning();
  if ((patch.role && patch.role !== user.role) || patch.active === false) await revokeUserSessions(scope, id, now);
  return updated!;
}

/** A user changes their own name or password; a new password needs the current one and ends other sessions. */
export async function updateOwnProfile(
  scope: TenantScope,
  id: string,
  patch: { name?: string; currentPassword?: string; newPassword?: string },
  now = new Date(),
) {
  const user = await getUser(scope, id);
  const set: Partial<User> = { updatedAt: now };
  if (patch.name) set.name = patch.name;
  if (patch.newPassword) {
    // Limited like sign-in, so a borrowed session cannot be used to guess the password.
    const subject = `${scope.tenantId}\n${id}`;
    await refuseWhileLocked(scope.db, PASSWORD_CHECK_FAILURES_PER_USER, subject, "password_check_locked", (minutes) => `Too many wrong current passwords; try again in ${minutes} minutes`, now.getTime());
    if (!patch.currentPassword || !(await verifyPassword(patch.currentPassword, user.passwordHash))) {
      await hit(scope.db, PASSWORD_CHECK_FAILURES_PER_USER, subject, now.getTime());
      throw new AppError(422, "wrong_password", "The current password is wrong", {
        errors: [{ field: "currentPassword", code: "wrong_password", message: "The current password is wrong" }],
      });
    }
    await clear(scope.db, PASSWORD_CHECK_FAILURES_PER_USER, subject);
    set.passwordHash = await hashPassword(patch.newPassword);
  }
  const [updated] = await scope.db.update(users).set(set).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, id))).returning();
  return { user: updated!, passwordChanged: Boolean(patch.newPassword) };
}
