import { eq } from "drizzle-orm";
import { tenants, type UserLanguage } from "../../../schema";
import { notFound } from "../errors";
import { writeUnlessChanged } from "../row-version";
import type { TenantScope } from "./scope";

export type Tenant = typeof tenants.$inferSelect;

export async function getTenant(scope: TenantScope): Promise<Tenant> {
  const tenant = await scope.db.query.tenants.findFirst({ where: eq(tenants.id, scope.tenantId) });
  if (!tenant) throw notFound("Workspace");
  return tenant;
}

/**
 * The workspace's name and its simple settings; only what is given changes. `version` (the
 * client's If-Match): refused with 409 `changed_since_read` if the settings changed since.
 */
export async function updateTenant(scope: TenantScope, patch: { name?: string; assignOnReply?: boolean; newSubjectNewTicket?: boolean; defaultLanguage?: UserLanguage; requireTwoFactor?: boolean; logoUrl?: string | null }, now = new Date(), version?: Date): Promise<Tenant> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length === 0) return getTenant(scope);
  const [[tenant]] = await writeUnlessChanged(scope, { table: tenants, id: scope.tenantId, what: "workspace" }, version, [
    scope.db.update(tenants).set({ ...set, updatedAt: now }).where(eq(tenants.id, scope.tenantId)).returning(),
  ]);
  if (!tenant) throw notFound("Workspace");
  return tenant;
}
