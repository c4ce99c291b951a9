import { eq } from "drizzle-orm";
import { groups, tenants, users } from "../../../schema";
import { hashPassword } from "../auth/password";
import { counter, hitStatement, limitState, refuseOverLimit, SIGNUPS_PER_CLIENT } from "../auth/rate-limit";
import { newSession } from "../auth/sessions";
import { isUniqueViolation, type Db } from "../db";
import { conflict, invalidField } from "../errors";
import { newId } from "../ids";
import { builtInAddressInsert } from "../mail/support-addresses";
import { RESERVED_SLUGS } from "./reserved-slugs";

/** Groups every new workspace starts with, for the usual tier-1 → tier-2 escalation. */
export const DEFAULT_GROUPS = [
  { name: "Tier 1", description: "First line: takes every new ticket" },
  { name: "Tier 2", description: "Specialists: tickets tier 1 escalates" },
];

export interface SignupInput {
  tenantName: string;
  slug: string;
  name: string;
  email: string;
  password: string;
}

/** Where a sign-up comes from and what the deployment needs to answer it. */
export interface SignupContext {
  /** The client's address as the edge saw it; used only for rate limiting. */
  client: string;
  mailDomain: string;
  /** Signs the owner's first session. */
  secret: string;
}

/**
 * A new workspace with its owner, default groups, built-in support address and the owner's
 * first session. Two round trips: one batch counts the sign-up against the client's limit and
 * looks for the slug; a second writes everything, atomically (no row is read back: the inserts
 * return theirs).
 */
export async function signUp(db: Db, input: SignupInput, context: SignupContext, now = new Date()) {
  const [[attempt], [taken]] = await db.batch([
    hitStatement(db, await counter(SIGNUPS_PER_CLIENT, context.client), now.getTime()),
    db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug)).limit(1),
  ]);
  refuseOverLimit(limitState(SIGNUPS_PER_CLIENT, attempt, now.getTime()), "Too many sign-ups from this client; try again later");
  if (RESERVED_SLUGS.has(input.slug)) throw invalidField("slug", "slug_reserved", `The address "${input.slug}" is reserved; choose another`);
  if (taken) throw conflict("slug_taken", `The address "${input.slug}" is already taken`);
  const tenantId = newId("ten", now.getTime());
  const userId = newId("usr", now.getTime());
  const passwordHash = await hashPassword(input.password);
  const session = await newSession({ db, tenantId }, context.secret, userId, now);
  try {
    const [[tenant], [owner]] = await db.batch([
      db.insert(tenants).values({ id: tenantId, name: input.tenantName, slug: input.slug, createdAt: now }).returning(),
      db
        .insert(users)
        .values({ id: userId, tenantId, email: input.email, name: input.name, role: "owner", passwordHash, createdAt: now, updatedAt: now })
        .returning(),
      db.insert(groups).values(DEFAULT_GROUPS.map((g) => ({ ...g, id: newId("grp", now.getTime()), tenantId, createdAt: now, updatedAt: now }))),
      builtInAddressInsert(db, { id: tenantId, slug: input.slug, name: input.tenantName }, context.mailDomain, now),
      session.insert,
    ]);
    return { tenant: tenant!, owner: owner!, session: { token: session.token, expiresAt: session.expiresAt } };
  } catch (error) {
    // Two sign-ups racing for one slug: the unique index decides.
    if (isUniqueViolation(error, "tenants.slug")) throw conflict("slug_taken", `The address "${input.slug}" is already taken`);
    throw error;
  }
}
