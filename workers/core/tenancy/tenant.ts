import { eq } from "drizzle-orm";
import { tenants } from "../../../schema";
import { notFound } from "../errors";
import type { TenantScope } from "./scope";

export type Tenant = typeof tenants.$inferSelect;

export async function getTenant(scope: TenantScope): Promise<Tenant> {
  const tenant = await scope.db.query.tenants.findFirst({ where: eq(tenants.id, scope.tenantId) });
  if (!tenant) throw notFound("Workspace");
  return tenant;
}

/** The workspace's name and its simple settings; only what is given changes. */
export async function updateTenant(scope: TenantScope, patch: { name?: string; assignOnReply?: boolean }): Promise<Tenant> {
  if (patch.name === undefined && patch.assignOnReply === undefined) return getTenant(scope);
  const [tenant] = await scope.db.update(tenants).set(patch).where(eq(tenants.id, scope.tenantId)).returning();
  if (!tenant) throw notFound("Workspace");
  return tenant;
}
