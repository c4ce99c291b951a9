import { eq, sql } from "drizzle-orm";
import { rateLimits } from "../../../schema";
import type { Db } from "../db";
import { AppError } from "../errors";
import { sha256Hex } from "../ids";

/** A fixed-window limit: at most `limit` hits per `windowSeconds`. */
export interface Limit {
  name: string;
  limit: number;
  windowSeconds: number;
}

export const LOGIN_FAILURES_PER_ADDRESS: Limit = { name: "login-address", limit: 5, windowSeconds: 15 * 60 };
/** Wrong current passwords when changing one's own password (PATCH /me), per user. */
export const PASSWORD_CHECK_FAILURES_PER_USER: Limit = { name: "password-check-user", limit: 5, windowSeconds: 15 * 60 };
export const LOGIN_ATTEMPTS_PER_CLIENT: Limit = { name: "login-client", limit: 30, windowSeconds: 15 * 60 };
export const SIGNUPS_PER_CLIENT: Limit = { name: "signup-client", limit: 10, windowSeconds: 60 * 60 };
export const API_TOKENS_PER_USER: Limit = { name: "api-token-user", limit: 20, windowSeconds: 60 * 60 };
/** Password reset requests: per client address, and per workspace and address (whether or not it has an account). */
export const PASSWORD_RESETS_PER_CLIENT: Limit = { name: "reset-client", limit: 10, windowSeconds: 60 * 60 };
export const PASSWORD_RESETS_PER_ADDRESS: Limit = { name: "reset-address", limit: 3, windowSeconds: 60 * 60 };
/** Wrong two-factor codes (sign-in, enrolment, turning it off), per user; locks like sign-in. */
export const TWO_FACTOR_FAILURES_PER_USER: Limit = { name: "two-factor-user", limit: 5, windowSeconds: 15 * 60 };
/** Survey pages take answers and opt-outs without a session: per client address. */
export const SURVEY_POSTS_PER_CLIENT: Limit = { name: "survey-client", limit: 30, windowSeconds: 10 * 60 };

export interface LimitState {
  count: number;
  /** Hits left in this window; negative once a hit went over the limit. */
  remaining: number;
  retryAfterSeconds: number;
}

/** Counts one hit against `subject`; `remaining < 0` means this hit went over the limit. */
export async function hit(db: Db, limit: Limit, subject: string, now = Date.now()): Promise<LimitState> {
  const [row] = await hitStatement(db, await counter(limit, subject), now);
  return limitState(limit, row, now);
}

/** One limit's window for one subject, as stored (its key is a hash, so making one is async). */
export interface Counter {
  limit: Limit;
  key: string;
}

export async function counter(limit: Limit, subject: string): Promise<Counter> {
  return { limit, key: await limitKey(limit, subject) };
}

/**
 * The statement that counts one hit, for the caller's batch: its row (read it with
 * `limitState`) is the window after the hit.
 */
export function hitStatement(db: Db, { limit, key }: Counter, now = Date.now()) {
  const windowOpenedAfter = now - limit.windowSeconds * 1000;
  return db
    .insert(rateLimits)
    .values({ key, windowStart: new Date(now), count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${windowOpenedAfter} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowOpenedAfter} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning();
}

/** Counts one hit and refuses it (429 `rate_limited`, with Retry-After) once over the limit. */
export async function enforce(db: Db, limit: Limit, subject: string, message: string, now = Date.now()): Promise<void> {
  refuseOverLimit(await hit(db, limit, subject, now), message);
}

/** Refuses (429 `rate_limited`, with Retry-After) when the hit just counted went over the limit. */
export function refuseOverLimit(state: LimitState, message: string): void {
  if (state.remaining < 0) throw new AppError(429, "rate_limited", message, { retryAfterSeconds: state.retryAfterSeconds });
}

/**
 * Lockout for a secret check that counts its failures with `hit`: refuses (429 `code`, with
 * Retry-After) while `subject` has no failures left in this window, even before the secret is
 * looked at, so guessing cannot continue.
 */
export async function refuseWhileLocked(db: Db, limit: Limit, subject: string, code: string, message: (minutes: number) => string, now = Date.now()): Promise<void> {
  refuseLocked(await peek(db, limit, subject, now), code, message);
}

/** `refuseWhileLocked` on failures already read (with `peekStatement` in the caller's batch). */
export function refuseLocked(failures: LimitState, code: string, message: (minutes: number) => string): void {
  if (failures.remaining <= 0) throw new AppError(429, code, message(Math.ceil(failures.retryAfterSeconds / 60)), { retryAfterSeconds: failures.retryAfterSeconds });
}

/** The current state without counting a hit. */
export async function peek(db: Db, limit: Limit, subject: string, now = Date.now()): Promise<LimitState> {
  const [row] = await peekStatement(db, await counter(limit, subject));
  return limitState(limit, row, now);
}

/**
 * The statement reading a window without counting, for the caller's batch (read its row with
 * `limitState`). A plain select: drizzle's `findFirst` fails inside a D1 batch when no row matches.
 */
export function peekStatement(db: Db, { key }: Counter) {
  return db.select().from(rateLimits).where(eq(rateLimits.key, key)).limit(1);
}

export async function clear(db: Db, limit: Limit, subject: string): Promise<void> {
  await clearStatement(db, await counter(limit, subject));
}

/** The statement forgetting a window, for the caller's batch. */
export function clearStatement(db: Db, { key }: Counter) {
  return db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** The statement that forgets windows that closed long ago (run from cron, in its scan batch). */
export function pruneRateLimits(db: Db, now = Date.now()) {
  return db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${now - 24 * 60 * 60 * 1000}`);
}

/** A window's state from its row (none, or a window that has closed, counts nothing). */
export function limitState(limit: Limit, row: { count: number; windowStart: Date } | undefined, now: number): LimitState {
  if (!row || row.windowStart.getTime() <= now - limit.windowSeconds * 1000) return state(limit, 0, now, now);
  return state(limit, row.count, row.windowStart.getTime(), now);
}

function state(limit: Limit, count: number, windowStart: number, now: number): LimitState {
  return {
    count,
    remaining: limit.limit - count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + limit.windowSeconds * 1000 - now) / 1000)),
  };
}

// Keys are hashed so the table never holds e-mail addresses or client IPs in clear.
const limitKey = async (limit: Limit, subject: string) => `${limit.name}:${await sha256Hex(subject)}`;
