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

export async function renameTenant(scope: TenantScope, name: string): Promise<Tenant> {
  const [tenant] = await scope.db.update(tenants).set({ name }).where(eq(tenants.id, scope.tenantId)).returning();
  if (!tenant) throw notFound("Workspace");
  return tenant;
}
