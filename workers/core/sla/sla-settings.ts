import { and, eq } from "drizzle-orm";
import { businessCalendars, tenants } from "../../../schema";
import { runBatch } from "../db";
import { invalidField } from "../errors";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";
import { requestSlaRecompute } from "./policy-store";

export interface SlaSettings {
  /** Business hours for policies that name no calendar (null: round the clock). */
  defaultCalendarId: string | null;
  /** Solved tickets close by themselves after this many days (null: never). */
  autoCloseDays: number | null;
}

export async function getSlaSettings(scope: TenantScope): Promise<SlaSettings> {
  const tenant = await getTenant(scope);
  return { defaultCalendarId: tenant.defaultCalendarId, autoCloseDays: tenant.autoCloseDays };
}

/** A new default calendar changes deadlines, so open tickets are recomputed. */
export async function putSlaSettings(scope: TenantScope, settings: SlaSettings): Promise<SlaSettings> {
  if (settings.defaultCalendarId) {
    const found = await scope.db.query.businessCalendars.findFirst({
      where: and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.id, settings.defaultCalendarId)),
      columns: { id: true },
    });
    if (!found) throw invalidField("defaultCalendarId", "calendar_not_found", "No business calendar with this id");
  }
  const before = await getSlaSettings(scope);
  await runBatch(scope.db, [
    scope.db.update(tenants).set(settings).where(eq(tenants.id, scope.tenantId)),
    ...(before.defaultCalendarId !== settings.defaultCalendarId ? [requestSlaRecompute(scope)] : []),
  ]);
  return getSlaSettings(scope);
}
