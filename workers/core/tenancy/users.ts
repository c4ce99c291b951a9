import { and, asc, eq } from "drizzle-orm";
import { tenants, users, type Role, type UserLanguage } from "../../../schema";
import { newSession, revokeUserSessions, userSessionsRevocation } from "../auth/sessions";
import { hashPassword, verifyPassword } from "../auth/password";
import { clearStatement, counter, hitStatement, limitState, PASSWORD_CHECK_FAILURES_PER_USER, peekStatement, refuseLocked } from "../auth/rate-limit";
import { accountError, AppError, forbidden, notFound } from "../errors";
import { isTimeZone } from "../reports/report-range";
import type { TenantScope } from "./scope";
import { writeUnlessChanged } from "../row-version";
import type { Tenant } from "./tenant";

export type User = typeof users.$inferSelect;

export async function getUser(scope: TenantScope, id: string): Promise<User> {
  const user = await scope.db.query.users.findFirst({ where: and(eq(users.tenantId, scope.tenantId), eq(users.id, id)) });
  if (!user) throw notFound("User");
  return user;
}

/** A user and their workspace, in one round trip. */
export async function getUserWithTenant(scope: TenantScope, id: string): Promise<{ user: User; tenant: Tenant }> {
  const [[user], [tenant]] = await scope.db.batch([
    scope.db.select().from(users).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, id))).limit(1),
    scope.db.select().from(tenants).where(eq(tenants.id, scope.tenantId)).limit(1),
  ]);
  if (!user) throw notFound("User");
  if (!tenant) throw notFound("Workspace");
  return { user, tenant };
}

export function listUsers(scope: TenantScope) {
  return scope.db.query.users.findMany({ where: eq(users.tenantId, scope.tenantId), orderBy: [asc(users.name), asc(users.id)] });
}

/**
 * An admin changes a user. The owner cannot be demoted or deactivated, and nobody is made
 * owner this way. Deactivating or changing the role ends the user's sessions.
 */
/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the user changed since. */
export async function updateUser(scope: TenantScope, id: string, patch: { name?: string; role?: Exclude<Role, "owner">; active?: boolean }, now = new Date(), version?: Date) {
  const user = await getUser(scope, id);
  if (user.role === "owner" && (patch.role || patch.active === false))
    throw forbidden("The workspace owner cannot be demoted or deactivated");
  const [[updated]] = await writeUnlessChanged(scope, { table: users, id, what: "user" }, version, [
    scope.db.update(users).set({ ...patch, updatedAt: now }).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, id))).returning(),
  ]);
  if ((patch.role && patch.role !== user.role) || patch.active === false) await revokeUserSessions(scope, id, now);
  return updated!;
}

/**
 * A user changes their own profile (name, language, time zone, signature) or password. A new password needs the current one, ends every
 * session of the user and, when `signIn` is given (the change came with a session), starts a
 * fresh one for the caller. A name alone is one round trip; a password two: the user and the
 * lockout window read together, then the user, the sessions and the window written together.
 */
export async function updateOwnProfile(
  scope: TenantScope,
  id: string,
  patch: { name?: string; language?: UserLanguage | null; timeZone?: string | null; signature?: string; currentPassword?: string; newPassword?: string },
  signIn: { secret: string } | null = null,
  now = new Date(),
) {
  if (patch.timeZone && !isTimeZone(patch.timeZone)) throw accountError(422, "invalid_time_zone", `Unknown IANA time zone "${patch.timeZone}"`, "body.timeZone");
  const { currentPassword: _current, newPassword: _new, ...profile } = patch;
  const set: Partial<User> = { ...Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)), updatedAt: now };
  const update = () => scope.db.update(users).set(set).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, id))).returning();
  if (!patch.newPassword) {
    const [updated] = await update();
    if (!updated) throw notFound("User");
    return { user: updated, passwordChanged: false, session: null };
  }

  // Limited like sign-in, so a borrowed session cannot be used to guess the password.
  const failures = await counter(PASSWORD_CHECK_FAILURES_PER_USER, `${scope.tenantId}\n${id}`);
  const [[user], [window]] = await scope.db.batch([
    scope.db.select().from(users).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, id))).limit(1),
    peekStatement(scope.db, failures),
  ]);
  if (!user) throw notFound("User");
  const failed = limitState(PASSWORD_CHECK_FAILURES_PER_USER, window, now.getTime());
  refuseLocked(failed, "password_check_locked", (minutes) => `Too many wrong current passwords; try again in ${minutes} minutes`);
  if (!patch.currentPassword || !(await verifyPassword(patch.currentPassword, user.passwordHash))) {
    await hitStatement(scope.db, failures, now.getTime());
    throw new AppError(422, "wrong_password", "The current password is wrong", {
      errors: [{ field: "currentPassword", code: "wrong_password", message: "The current password is wrong" }],
    });
  }
  set.passwordHash = await hashPassword(patch.newPassword);
  const session = signIn && (await newSession(scope, signIn.secret, id, now));
  // Every session ends before the caller's fresh one starts (statements run in order).
  const [[updated]] = await scope.db.batch([
    update(),
    userSessionsRevocation(scope, id, now),
    ...(session ? [session.insert] : []),
    ...(failed.count > 0 ? [clearStatement(scope.db, failures)] : []),
  ]);
  return { user: updated!, passwordChanged: true, session: session && { token: session.token, expiresAt: session.expiresAt } };
}
