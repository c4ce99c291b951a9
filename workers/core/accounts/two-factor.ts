import { and, eq } from "drizzle-orm";
import { recoveryCodes, tenants, users } from "../../../schema";
import { clearStatement } from "../auth/rate-limit";
import { newTotpSecret, otpauthUri } from "../auth/totp";
import { accountError, forbidden, notFound } from "../errors";
import type { TenantScope } from "../tenancy/scope";
import { claimStatement, factorFailures, readCode, recoveryCodeReplacement, refuseFactorLocked, refuseWrongCode } from "./second-factor";

/**
 * Optional two-factor sign-in (TOTP), managed by each user for themselves: start an enrolment
 * (a new secret, not yet in force), confirm it with a code from the authenticator (then it is on,
 * with ten recovery codes), or turn it off with a code. An owner may require it for everyone.
 */

/** The secret and its otpauth:// URI for a new authenticator; two-factor stays off until confirmed. */
export async function startEnrolment(scope: TenantScope, userId: string, now = new Date()) {
  const { db, tenantId } = scope;
  const [[user], [tenant]] = await db.batch([
    db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).limit(1),
    db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1),
  ]);
  if (!user || !tenant) throw notFound("User");
  if (user.totpEnabledAt) throw accountError(409, "two_factor_already_enabled", "Two-factor sign-in is already on; turn it off first to use another authenticator");
  const secret = newTotpSecret();
  await db.update(users).set({ totpSecret: secret, totpLastStep: null, updatedAt: now }).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return enrolment(tenant.name, user.email, secret);
}

export const enrolment = (workspaceName: string, email: string, secret: string) => ({ secret, otpauthUri: otpauthUri(`Kefu ${workspaceName}`, email, secret) });

/** Confirms an enrolment with a code from the new authenticator: two-factor is on; the recovery codes, once. */
export async function confirmEnrolment(scope: TenantScope, userId: string, code: string, now = new Date()) {
  const { db, tenantId } = scope;
  const { failures, read } = await factorFailures(scope, userId);
  const [[user], [window]] = await db.batch([db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).limit(1), read]);
  if (!user) throw notFound("User");
  if (user.totpEnabledAt) throw accountError(409, "two_factor_already_enabled", "Two-factor sign-in is already on");
  if (!user.totpSecret) throw accountError(409, "two_factor_not_started", "Start the enrolment first: there is no new authenticator to confirm");
  const failed = refuseFactorLocked(window, now);
  const claim = await readCode(code, { secret: user.totpSecret, lastStep: null, recovery: false }, now);
  if (!claim) return refuseWrongCode(scope, failures, now);
  const replacement = await recoveryCodeReplacement(scope, userId, now);
  const [claimed] = await db.batch([claimStatement(scope, user, claim, now, true), ...replacement.statements, ...(failed.count > 0 ? [clearStatement(db, failures)] : [])]);
  if (claimed.length === 0) throw accountError(409, "two_factor_already_enabled", "Two-factor sign-in was turned on meanwhile");
  return { recoveryCodes: replacement.codes };
}

/** Turns two-factor sign-in off, with a current code or a recovery code; refused while the workspace requires it. */
export async function disableTwoFactor(scope: TenantScope, userId: string, code: string, now = new Date()) {
  const { db, tenantId } = scope;
  const { failures, read } = await factorFailures(scope, userId);
  const [[user], [tenant], [window]] = await db.batch([
    db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).limit(1),
    db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1),
    read,
  ]);
  if (!user || !tenant) throw notFound("User");
  if (!user.totpEnabledAt) {
    // Nothing in force: a pending enrolment is simply dropped.
    await db.update(users).set({ totpSecret: null, totpLastStep: null, updatedAt: now }).where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
    return;
  }
  if (tenant.requireTwoFactor) throw accountError(409, "two_factor_required_by_workspace", "Your workspace requires two-factor sign-in; it cannot be turned off");
  const failed = refuseFactorLocked(window, now);
  const claim = await readCode(code, { secret: user.totpSecret, lastStep: user.totpLastStep, recovery: true }, now);
  if (!claim) return refuseWrongCode(scope, failures, now);
  const [claimed] = await db.batch([claimStatement(scope, user, claim, now)]);
  if (claimed.length === 0) return refuseWrongCode(scope, failures, now);
  await db.batch([
    db.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now }).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))),
    db.delete(recoveryCodes).where(and(eq(recoveryCodes.tenantId, tenantId), eq(recoveryCodes.userId, userId))),
    ...(failed.count > 0 ? [clearStatement(db, failures)] : []),
  ]);
}

/**
 * Whether the caller may require (or stop requiring) two-factor sign-in for the workspace: only
 * the owner, and to require it the owner's own must be on (so they cannot lock themselves out).
 * The change itself is written with the workspace's other settings (`updateTenant`). Users
 * without it are asked to enrol at their next sign-in; sessions already open stay open.
 */
export async function checkTwoFactorRequirement(scope: TenantScope, callerId: string, required: boolean) {
  const { db, tenantId } = scope;
  const caller = await db.query.users.findFirst({ where: and(eq(users.tenantId, tenantId), eq(users.id, callerId)) });
  if (!caller) throw notFound("User");
  if (caller.role !== "owner") throw forbidden("Only the workspace owner may require two-factor sign-in");
  if (required && !caller.totpEnabledAt)
    throw accountError(409, "two_factor_enable_first", "Turn on two-factor sign-in for yourself before requiring it", "body.requireTwoFactor");
}
