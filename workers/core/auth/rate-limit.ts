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
  const key = await limitKey(limit, subject);
  const windowOpenedAfter = now - limit.windowSeconds * 1000;
  const [row] = await db
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
  return state(limit, row!.count, row!.windowStart.getTime(), now);
}

/** Counts one hit and refuses it (429 `rate_limited`, with Retry-After) once over the limit. */
export async function enforce(db: Db, limit: Limit, subject: string, message: string, now = Date.now()): Promise<void> {
  const state = await hit(db, limit, subject, now);
  if (state.remaining < 0) throw new AppError(429, "rate_limited", message, { retryAfterSeconds: state.retryAfterSeconds });
}

/**
 * Lockout for a secret check that counts its failures with `hit`: refuses (429 `code`, with
 * Retry-After) while `subject` has no failures left in this window, even before the secret is
 * looked at, so guessing cannot continue.
 */
export async function refuseWhileLocked(db: Db, limit: Limit, subject: string, code: string, message: (minutes: number) => string, now = Date.now()): Promise<void> {
  const failures = await peek(db, limit, subject, now);
  if (failures.remaining <= 0) throw new AppError(429, code, message(Math.ceil(failures.retryAfterSeconds / 60)), { retryAfterSeconds: failures.retryAfterSeconds });
}

/** The current state without counting a hit. */
export async function peek(db: Db, limit: Limit, subject: string, now = Date.now()): Promise<LimitState> {
  const row = await db.query.rateLimits.findFirst({ where: eq(rateLimits.key, await limitKey(limit, subject)) });
  if (!row || row.windowStart.getTime() <= now - limit.windowSeconds * 1000) return state(limit, 0, now, now);
  return state(limit, row.count, row.windowStart.getTime(), now);
}

export async function clear(db: Db, limit: Limit, subject: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, await limitKey(limit, subject)));
}

/** Forgets windows that closed long ago (run from cron). */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${now - 24 * 60 * 60 * 1000}`);
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
