import { eq } from "drizzle-orm";
import { groups, tenants, users } from "../../../schema";
import { hashPassword } from "../auth/password";
import { isUniqueViolation, type Db } from "../db";
import { conflict, invalidField } from "../errors";
import { newId } from "../ids";
import { ensureBuiltInAddress } from "../mail/support-addresses";
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

export async function signUp(db: Db, input: SignupInput, mailDomain: string, now = new Date()) {
  if (RESERVED_SLUGS.has(input.slug)) throw invalidField("slug", "slug_reserved", `The address "${input.slug}" is reserved; choose another`);
  if (await db.query.tenants.findFirst({ where: eq(tenants.slug, input.slug), columns: { id: true } }))
    throw conflict("slug_taken", `The address "${input.slug}" is already taken`);
  const tenantId = newId("ten", now.getTime());
  const userId = newId("usr", now.getTime());
  const passwordHash = await hashPassword(input.password);
  try {
    const [[tenant], [owner]] = await db.batch([
      db.insert(tenants).values({ id: tenantId, name: input.tenantName, slug: input.slug, createdAt: now }).returning(),
      db
        .insert(users)
        .values({ id: userId, tenantId, email: input.email, name: input.name, role: "owner", passwordHash, createdAt: now, updatedAt: now })
        .returning(),
      db.insert(groups).values(DEFAULT_GROUPS.map((g) => ({ ...g, id: newId("grp", now.getTime()), tenantId, createdAt: now, updatedAt: now }))),
    ]);
    await ensureBuiltInAddress(db, tenant!, mailDomain, now);
    return { tenant: tenant!, owner: owner! };
  } catch (error) {
    // Two sign-ups racing for one slug: the unique index decides.
    if (isUniqueViolation(error, "tenants.slug")) throw conflict("slug_taken", `The address "${input.slug}" is already taken`);
    throw error;
  }
}
