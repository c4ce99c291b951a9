import { eq } from "drizzle-orm";
import { tenants } from "../../../schema";
import type { Db } from "../db";

/**
 * The workspace that owns a receiving address: `<slug>@<mail domain>`, also with a
 * `+tag` (`<slug>+1234@…`). This lookup is how inbound mail gets its tenant.
 */
export async function tenantForAddress(db: Db, address: string, mailDomain: string) {
  const [local, domain] = address.toLowerCase().split("@");
  if (!local || domain !== mailDomain.toLowerCase()) return null;
  const slug = local.split("+")[0]!;
  return (await db.query.tenants.findFirst({ where: eq(tenants.slug, slug) })) ?? null;
}
