import { and, eq, inArray } from "drizzle-orm";
import { tenants, users } from "../../../schema";
import { hashPassword, verifyPassword } from "../auth/password";
import {
  clearStatement,
  counter,
  hitStatement,
  limitState,
  LOGIN_ATTEMPTS_PER_CLIENT,
  LOGIN_FAILURES_PER_ADDRESS,
  peekStatement,
  refuseLocked,
  refuseOverLimit,
} from "../auth/rate-limit";
import { newSession } from "../auth/sessions";
import { newTotpSecret } from "../auth/totp";
import { signChallenge } from "../auth/two-factor-challenge";
import { enrolment } from "../accounts/two-factor";
import { runBatch, type Db } from "../db";
import { AppError } from "../errors";

export interface LoginInput {
  tenant: string;
  email: string;
  password: string;
  /** The client's address as the edge saw it; used only for rate limiting. */
  client: string;
}

// Verified against when the address is unknown, so a miss costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * A password sign-in, and the session it starts. Limits: attempts per client, and failures per
 * address (the address is locked for the rest of its window after five failures, even with the
 * right password, so guessing cannot continue).
 *
 * Two round trips whatever the outcome: one batch counts the attempt, reads the address's
 * failures and finds the account (the account is read even when a limit then refuses, so the
 * checks run in the same order as before and cost no extra trip); a second writes the outcome —
 * the failure, or the session with the failures forgotten.
 *
 * With two-factor sign-in on (or required by the workspace), the right password gives no
 * session but a challenge for the second step (`completeTwoFactorSignIn`); a user the workspace
 * requires to enrol also gets a new authenticator secret, stored as not yet confirmed.
 */
export async function logIn(db: Db, secret: string, input: LoginInput, now = new Date()) {
  const at = now.getTime();
  const [attempts, failures] = await Promise.all([counter(LOGIN_ATTEMPTS_PER_CLIENT, input.client), counter(LOGIN_FAILURES_PER_ADDRESS, `${input.tenant}\n${input.email}`)]);
  // The account and its workspace are two selects, not a join: inside a D1 batch drizzle maps
  // rows by column name, so the two tables' `id`, `name` and `created_at` would overwrite each other.
  const [[attempt], [failureWindow], [tenant], [user]] = await db.batch([
    hitStatement(db, attempts, at),
    peekStatement(db, failures),
    db.select().from(tenants).where(eq(tenants.slug, input.tenant)).limit(1),
    db
      .select()
      .from(users)
      .where(and(inArray(users.tenantId, db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.tenant))), eq(users.email, input.email)))
      .limit(1),
  ]);
  const row = tenant && user ? { tenant, user } : undefined;
  refuseOverLimit(limitState(LOGIN_ATTEMPTS_PER_CLIENT, attempt, at), "Too many sign-in attempts from this client; try again later");
  const failed = limitState(LOGIN_FAILURES_PER_ADDRESS, failureWindow, at);
  refuseLocked(failed, "login_locked", (minutes) => `Too many failed sign-ins for this address; it is locked for ${minutes} more minutes`);

  const valid = row ? await verifyPassword(input.password, row.user.passwordHash) : await verifyPassword(input.password, await (decoyHash ??= hashPassword("decoy")));
  if (!row || !valid || !row.user.active) {
    await hitStatement(db, failures, at);
    throw new AppError(401, "invalid_credentials", "Workspace, e-mail address or password is wrong");
  }
  const forgetFailures = failed.count > 0 ? [clearStatement(db, failures)] : [];
  const account = row.user;
  const workspace = row.tenant;
  if (account.totpEnabledAt || workspace.requireTwoFactor) {
    const enrolling = !account.totpEnabledAt;
    const pendingSecret = enrolling ? newTotpSecret() : null;
    const challenge = await signChallenge(secret, { tenantId: workspace.id, userId: account.id, kind: enrolling ? "enrol" : "verify" }, now);
    const storeSecret = pendingSecret ? [db.update(users).set({ totpSecret: pendingSecret, totpLastStep: null }).where(and(eq(users.tenantId, workspace.id), eq(users.id, account.id)))] : [];
    await runBatch(db, [...storeSecret, ...forgetFailures]);
    return { kind: "two_factor" as const, challenge, enrolment: pendingSecret ? enrolment(workspace.name, account.email, pendingSecret) : null };
  }
  const session = await newSession({ db, tenantId: workspace.id }, secret, account.id, now);
  await db.batch([session.insert, ...forgetFailures]);
  return { kind: "session" as const, user: account, tenant: workspace, session: { token: session.token, expiresAt: session.expiresAt } };
}
