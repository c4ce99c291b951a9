import { eq } from "drizzle-orm";
import { groups, tenants, users, type UserLanguage } from "../../../schema";
import { hashPassword } from "../auth/password";
import { counter, hitStatement, limitState, refuseOverLimit, SIGNUPS_PER_CLIENT } from "../auth/rate-limit";
import { newSession } from "../auth/sessions";
import { isUniqueViolation, type Db } from "../db";
import { AppError, invalidField } from "../errors";
import { newId } from "../ids";
import { builtInAddressInsert } from "../mail/support-addresses";
import { defaultGroups } from "./default-groups";
import { RESERVED_SLUGS } from "./reserved-slugs";

export interface SignupInput {
  tenantName: string;
  slug: string;
  name: string;
  email: string;
  password: string;
  /**
   * The language the owner signed up in: the default groups are named in it, and it is the
   * workspace's default mail language. Default English.
   * (The owner's own language stays unchosen — the app follows the browser and the switch.)
   */
  language?: UserLanguage;
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
  if (taken) throw slugTaken(input.slug);
  const tenantId = newId("ten", now.getTime());
  const userId = newId("usr", now.getTime());
  const passwordHash = await hashPassword(input.password);
  const session = await newSession({ db, tenantId }, context.secret, userId, now);
  try {
    const [[tenant], [owner]] = await db.batch([
      db.insert(tenants).values({ id: tenantId, name: input.tenantName, slug: input.slug, defaultLanguage: input.language ?? "en", createdAt: now }).returning(),
      db
        .insert(users)
        .values({ id: userId, tenantId, email: input.email, name: input.name, role: "owner", passwordHash, createdAt: now, updatedAt: now })
        .returning(),
      db.insert(groups).values(defaultGroups(input.language ?? "en").map((g) => ({ ...g, id: newId("grp", now.getTime()), tenantId, createdAt: now, updatedAt: now }))),
      builtInAddressInsert(db, { id: tenantId, slug: input.slug, name: input.tenantName }, context.mailDomain, now),
      session.insert,
    ]);
    return { tenant: tenant!, owner: owner!, session: { token: session.token, expiresAt: session.expiresAt } };
  } catch (error) {
    // Two sign-ups racing for one slug: the unique index decides.
    if (isUniqueViolation(error, "tenants.slug")) throw slugTaken(input.slug);
    throw error;
  }
}

/** 409, reported at the slug field (the sign-up form shows it there). */
function slugTaken(slug: string) {
  const message = `The address "${slug}" is already taken`;
  return new AppError(409, "slug_taken", message, { errors: [{ field: "slug", code: "slug_taken", message }] });
}
