import { and, eq } from "drizzle-orm";
import { tenants, users } from "../../../schema";
import { clearStatement } from "../auth/rate-limit";
import { newSession } from "../auth/sessions";
import { verifyChallenge } from "../auth/two-factor-challenge";
import type { Db } from "../db";
import { accountError } from "../errors";
import { claimStatement, factorFailures, readCode, recoveryCodeReplacement, refuseFactorLocked, refuseWrongCode } from "./second-factor";

const expired = () => accountError(401, "two_factor_challenge_expired", "This sign-in took too long or is no longer valid; sign in again");

/**
 * The second step of a sign-in: the challenge from the first step and a code. `verify`: a TOTP
 * code or a recovery code; `enrol` (the workspace requires two-factor and the user had none):
 * a code from the new authenticator, which turns two-factor on and returns the recovery codes.
 *
 * Three round trips: the user, the workspace and the lockout read together; the code claimed
 * (a conditional update, so a code accepted once is refused after); the session (with, for an
 * enrolment, the recovery codes) written.
 */
export async function completeTwoFactorSignIn(db: Db, secret: string, input: { challenge: string; code: string }, now = new Date()) {
  const claims = await verifyChallenge(secret, input.challenge, now);
  if (!claims) throw expired();
  const scope = { db, tenantId: claims.tenantId };
  const { failures, read } = await factorFailures(scope, claims.userId);
  const [[user], [tenant], [window]] = await db.batch([
    db.select().from(users).where(and(eq(users.tenantId, claims.tenantId), eq(users.id, claims.userId))).limit(1),
    db.select().from(tenants).where(eq(tenants.id, claims.tenantId)).limit(1),
    read,
  ]);
  const enrolling = claims.kind === "enrol";
  // The account changed since the first step (deactivated, two-factor turned on or off): start again.
  if (!user || !tenant || !user.active || !user.totpSecret || Boolean(user.totpEnabledAt) === enrolling) throw expired();
  const failed = refuseFactorLocked(window, now);
  const claim = await readCode(input.code, { secret: user.totpSecret, lastStep: user.totpLastStep, recovery: !enrolling }, now);
  if (!claim) return refuseWrongCode(scope, failures, now);
  const [claimed] = await db.batch([claimStatement(scope, user, claim, now, enrolling)]);
  if (claimed.length === 0) return refuseWrongCode(scope, failures, now);
  const session = await newSession(scope, secret, user.id, now);
  const replacement = enrolling ? await recoveryCodeReplacement(scope, user.id, now) : null;
  await db.batch([session.insert, ...(replacement?.statements ?? []), ...(failed.count > 0 ? [clearStatement(db, failures)] : [])]);
  return {
    user: { ...user, totpEnabledAt: user.totpEnabledAt ?? now },
    tenant,
    session: { token: session.token, expiresAt: session.expiresAt },
    recoveryCodes: replacement?.codes ?? null,
  };
}
