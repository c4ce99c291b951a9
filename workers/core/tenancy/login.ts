import { and, eq } from "drizzle-orm";
import { tenants, users } from "../../../schema";
import { hashPassword, verifyPassword } from "../auth/password";
import { clear, hit, LOGIN_ATTEMPTS_PER_CLIENT, LOGIN_FAILURES_PER_ADDRESS, refuseWhileLocked } from "../auth/rate-limit";
import type { Db } from "../db";
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
 * Checks a password sign-in. Limits: attempts per client, and failures per address (the
 * address is locked for the rest of its window after five failures, even with the right
 * password, so guessing cannot continue).
 */
export async function checkLogin(db: Db, input: LoginInput, now = Date.now()) {
  const client = await hit(db, LOGIN_ATTEMPTS_PER_CLIENT, input.client, now);
  if (client.remaining < 0)
    throw new AppError(429, "rate_limited", "Too many sign-in attempts from this client; try again later", {
      retryAfterSeconds: client.retryAfterSeconds,
    });
  const address = `${input.tenant}\n${input.email}`;
  await refuseWhileLocked(db, LOGIN_FAILURES_PER_ADDRESS, address, "login_locked", (minutes) => `Too many failed sign-ins for this address; it is locked for ${minutes} more minutes`, now);

  const [row] = await db
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(tenants.slug, input.tenant), eq(users.email, input.email)));
  const valid = row ? await verifyPassword(input.password, row.user.passwordHash) : await verifyPassword(input.password, await (decoyHash ??= hashPassword("decoy")));
  if (!row || !valid || !row.user.active) {
    await hit(db, LOGIN_FAILURES_PER_ADDRESS, address, now);
    throw new AppError(401, "invalid_credentials", "Workspace, e-mail address or password is wrong");
  }
  await clear(db, LOGIN_FAILURES_PER_ADDRESS, address);
  return row;
}
