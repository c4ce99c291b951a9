import { and, eq, isNull, lt, or } from "drizzle-orm";
import { recoveryCodes, users } from "../../../schema";
import { counter, hitStatement, limitState, peekStatement, refuseLocked, TWO_FACTOR_FAILURES_PER_USER, type Counter, type LimitState } from "../auth/rate-limit";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from "../auth/recovery-codes";
import { matchTotp } from "../auth/totp";
import { accountError } from "../errors";
import type { TenantScope } from "../tenancy/scope";
import type { User } from "../tenancy/users";

/**
 * Checking a second factor, shared by two-factor sign-in, enrolment and turning it off. A code
 * is either a TOTP code (matched in memory against the secret, then its step claimed on the
 * user row) or a recovery code (claimed on its own row). A claim is a conditional update: of two
 * requests with one code, only one gets the row back — a code works once, however fast it is
 * replayed. Wrong codes count against the user's lockout.
 */
export type CodeClaim = { kind: "totp"; step: number } | { kind: "recovery"; hash: string };

/** The user's lockout window: its counter (to hit or clear) and the statement reading it. */
export async function factorFailures(scope: TenantScope, userId: string) {
  const failures = await counter(TWO_FACTOR_FAILURES_PER_USER, `${scope.tenantId}\n${userId}`);
  return { failures, read: peekStatement(scope.db, failures) };
}

/** Refuses (429 `two_factor_locked`) while the window read has no failures left. */
export function refuseFactorLocked(window: { count: number; windowStart: Date } | undefined, now: Date): LimitState {
  const state = limitState(TWO_FACTOR_FAILURES_PER_USER, window, now.getTime());
  refuseLocked(state, "two_factor_locked", (minutes) => `Too many wrong codes; try again in ${minutes} minutes`);
  return state;
}

/**
 * What a typed code could be: a TOTP code of the window (`secret` given; never a step at or
 * before `lastStep`), a recovery code (when `recovery`), or null.
 */
export async function readCode(code: string, factor: { secret: string | null; lastStep: number | null; recovery: boolean }, now: Date): Promise<CodeClaim | null> {
  if (factor.secret && /^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
    const step = await matchTotp(factor.secret, code, now, factor.lastStep);
    return step === null ? null : { kind: "totp", step };
  }
  const recovery = factor.recovery ? normalizeRecoveryCode(code) : null;
  return recovery ? { kind: "recovery", hash: await hashRecoveryCode(recovery) } : null;
}

/**
 * The statement claiming a code (for its own round trip: its rows say whether this request got
 * it). `enable`: the claim also turns two-factor sign-in on (an enrolment's confirming code).
 */
export function claimStatement(scope: TenantScope, user: User, claim: CodeClaim, now: Date, enable = false) {
  const { db, tenantId } = scope;
  if (claim.kind === "recovery")
    return db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.tenantId, tenantId), eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, claim.hash), isNull(recoveryCodes.usedAt)))
      .returning({ userId: recoveryCodes.userId });
  return db
    .update(users)
    .set({ totpLastStep: claim.step, ...(enable ? { totpEnabledAt: now } : {}) })
    .where(
      and(
        eq(users.tenantId, tenantId),
        eq(users.id, user.id),
        eq(users.totpSecret, user.totpSecret!),
        enable ? isNull(users.totpEnabledAt) : undefined,
        or(isNull(users.totpLastStep), lt(users.totpLastStep, claim.step)),
      ),
    )
    .returning({ userId: users.id });
}

/** Counts a wrong code and refuses it (422 `two_factor_code_wrong` on `field`). */
export async function refuseWrongCode(scope: TenantScope, failures: Counter, now: Date, field = "code"): Promise<never> {
  await hitStatement(scope.db, failures, now.getTime());
  throw wrongCode(field);
}

export const wrongCode = (field = "code") => accountError(422, "two_factor_code_wrong", "The code is wrong or was already used", `body.${field}`);

/** New recovery codes: the codes to show once, and the statements replacing the user's old ones. */
export async function recoveryCodeReplacement(scope: TenantScope, userId: string, now: Date) {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashRecoveryCode(normalizeRecoveryCode(code)!)));
  const { db, tenantId } = scope;
  return {
    codes,
    statements: [
      db.delete(recoveryCodes).where(and(eq(recoveryCodes.tenantId, tenantId), eq(recoveryCodes.userId, userId))),
      db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ tenantId, userId, codeHash, createdAt: now }))),
    ] as const,
  };
}
