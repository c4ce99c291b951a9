import { and, asc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import { businessCalendars, groups, slaPolicies, tenants, TICKET_PRIORITIES, type TicketPriority, type TicketStatus } from "../../../schema";
import { runBatch } from "../db";
import { conflict, invalidField, notFound } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import { TIER_2_NAMES } from "../tenancy/default-groups";
import type { TenantScope } from "../tenancy/scope";
import { DEFAULT_PAUSED_STATUSES, type PolicyConditions, type SlaMetric, type SlaPolicy, type SlaTarget } from "./policy-match";
import { bottomPosition } from "./policy-order";

export type PolicyRow = typeof slaPolicies.$inferSelect;

export interface PolicyInput {
  name: string;
  active: boolean;
  conditions: PolicyConditions;
  targets: Partial<Record<TicketPriority, Partial<Record<SlaMetric, SlaTarget>>>>;
  pausedStatuses: TicketStatus[];
  /** Per metric, overriding the metric's default (`metric-pauses.ts`). */
  pausedStatusesByMetric: Partial<Record<SlaMetric, TicketStatus[]>>;
  /** A reopen resumes the resolution clocks instead of starting new ones. */
  reopenResumes: boolean;
  calendarId: string | null;
  warnBeforeMinutes: number;
  escalatePriority: TicketPriority | null;
  escalateGroupId: string | null;
}


/** The row as the pure matcher sees it. */
export const asPolicy = (row: PolicyRow): SlaPolicy => ({
  id: row.id,
  name: row.name,
  position: row.position,
  active: row.active,
  conditions: row.conditions as PolicyConditions,
  targets: row.targets,
  pausedStatuses: row.pausedStatuses,
  pausedStatusesByMetric: row.pausedStatusesByMetric,
  reopenResumes: row.reopenResumes,
});

export function listPolicies(scope: TenantScope) {
  return scope.db.query.slaPolicies.findMany({ where: eq(slaPolicies.tenantId, scope.tenantId), orderBy: [asc(slaPolicies.position), asc(slaPolicies.id)] });
}

export async function getPolicy(scope: TenantScope, id: string): Promise<PolicyRow> {
  const row = await scope.db.query.slaPolicies.findFirst({ where: and(eq(slaPolicies.tenantId, scope.tenantId), eq(slaPolicies.id, id)) });
  if (!row) throw notFound("SLA policy");
  return row;
}

/**
 * A new policy goes first, or "at the bottom": last among the specific policies, just above the
 * first active catch-all (a policy below a catch-all would never apply; see policy-order.ts).
 * Open tickets are recomputed.
 */
export async function createPolicy(scope: TenantScope, input: PolicyInput, placement: "top" | "bottom" = "bottom", now = new Date()) {
  await checkReferences(scope, input);
  const { db, tenantId } = scope;
  const id = newId("sla", now.getTime());
  const existing = await db
    .select({ id: slaPolicies.id, position: slaPolicies.position, active: slaPolicies.active, conditions: slaPolicies.conditions })
    .from(slaPolicies)
    .where(eq(slaPolicies.tenantId, tenantId));
  const position = placement === "top" ? 0 : bottomPosition(existing.map((p) => ({ ...p, conditions: p.conditions as PolicyConditions })), input.conditions);
  await runBatch(db, [
    db
      .update(slaPolicies)
      .set({ position: sql`${slaPolicies.position} + 1` })
      .where(and(eq(slaPolicies.tenantId, tenantId), gte(slaPolicies.position, position))),
    db.insert(slaPolicies).values({ id, tenantId, ...input, position, createdAt: now, updatedAt: now }),
    requestSlaRecompute(scope),
  ]);
  return getPolicy(scope, id);
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the policy changed since. */
export async function updatePolicy(scope: TenantScope, id: string, patch: Partial<PolicyInput>, now = new Date(), version?: Date) {
  await getPolicy(scope, id);
  await checkReferences(scope, patch);
  await writeUnlessChanged(scope, { table: slaPolicies, id, what: "policy" }, version, [
    scope.db.update(slaPolicies).set({ ...patch, updatedAt: now }).where(and(eq(slaPolicies.tenantId, scope.tenantId), eq(slaPolicies.id, id))),
    requestSlaRecompute(scope),
  ]);
  return getPolicy(scope, id);
}

export async function deletePolicy(scope: TenantScope, id: string) {
  const row = await getPolicy(scope, id);
  await runBatch(scope.db, [
    scope.db.delete(slaPolicies).where(and(eq(slaPolicies.tenantId, scope.tenantId), eq(slaPolicies.id, id))),
    scope.db.update(slaPolicies).set({ position: sql`${slaPolicies.position} - 1` }).where(and(eq(slaPolicies.tenantId, scope.tenantId), gt(slaPolicies.position, row.position))),
    requestSlaRecompute(scope),
  ]);
}

/** Sets the order: `ids` must name every policy of the workspace exactly once. */
export async function reorderPolicies(scope: TenantScope, ids: string[]) {
  const current = await listPolicies(scope);
  const known = new Set(current.map((p) => p.id));
  if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id)))
    throw invalidField("ids", "order_mismatch", "Name every SLA policy of the workspace exactly once");
  await runBatch(scope.db, [
    ...ids.map((id, position) => scope.db.update(slaPolicies).set({ position }).where(and(eq(slaPolicies.tenantId, scope.tenantId), eq(slaPolicies.id, id)))),
    requestSlaRecompute(scope),
  ]);
  return listPolicies(scope);
}

/**
 * Marks the workspace's open tickets for recomputation (a policy or calendar changed): the cron
 * works through them in bounded batches from the start, resumably.
 */
export function requestSlaRecompute(scope: TenantScope) {
  return scope.db.update(tenants).set({ slaRecomputeCursor: "" }).where(eq(tenants.id, scope.tenantId));
}

const hours = (h: number, businessHours: boolean): SlaTarget => ({ minutes: h * 60, businessHours });
const everyPriority = (targets: Partial<Record<SlaMetric, SlaTarget>>) => Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, targets]));

/** One-click starting points, from common service charters. */
export const PRESETS = {
  email_24h: {
    placement: "bottom",
    policy: (): Omit<PolicyInput, "escalateGroupId"> => ({
      name: "Every email answered within 24 hours",
      active: true,
      conditions: { channels: ["email"] },
      targets: everyPriority({ first_reply: hours(24, false), next_reply: hours(24, false) }),
      pausedStatuses: [...DEFAULT_PAUSED_STATUSES],
      pausedStatusesByMetric: {},
      reopenResumes: false,
      calendarId: null,
      warnBeforeMinutes: 120,
      escalatePriority: null,
    }),
  },
  complaint_48h: {
    placement: "top",
    policy: (): Omit<PolicyInput, "escalateGroupId"> => ({
      name: "Complaints answered in 24 hours, closed in 48",
      active: true,
      conditions: { types: ["complaint"] },
      targets: everyPriority({ first_reply: hours(24, false), resolution: hours(48, false) }),
      pausedStatuses: [...DEFAULT_PAUSED_STATUSES],
      pausedStatusesByMetric: {},
      reopenResumes: false,
      calendarId: null,
      warnBeforeMinutes: 240,
      escalatePriority: "high",
    }),
  },
  vip_1h: {
    placement: "top",
    policy: (): Omit<PolicyInput, "escalateGroupId"> => ({
      name: "VIP customers: first reply within 1 business hour",
      active: true,
      conditions: { customerTiers: ["vip"] },
      targets: everyPriority({ first_reply: hours(1, true), next_reply: hours(4, true) }),
      pausedStatuses: [...DEFAULT_PAUSED_STATUSES],
      pausedStatusesByMetric: {},
      reopenResumes: false,
      calendarId: null,
      warnBeforeMinutes: 15,
      escalatePriority: "urgent",
    }),
  },
  tier_escalation: {
    placement: "bottom",
    policy: (): Omit<PolicyInput, "escalateGroupId"> => ({
      name: "Standard: tier 1, escalated to tier 2 on breach",
      active: true,
      conditions: {},
      targets: {
        low: { first_reply: hours(16, true), resolution: hours(40, true) },
        normal: { first_reply: hours(8, true), resolution: hours(24, true) },
        high: { first_reply: hours(4, true), resolution: hours(16, true) },
        urgent: { first_reply: hours(1, true), resolution: hours(8, true) },
      },
      pausedStatuses: [...DEFAULT_PAUSED_STATUSES],
      pausedStatusesByMetric: {},
      reopenResumes: false,
      calendarId: null,
      warnBeforeMinutes: 60,
      escalatePriority: null,
    }),
  },
} as const;
export type PresetName = keyof typeof PRESETS;

/** Adds a preset where it belongs in the order (specific ones first); tier escalation targets the second-line default group ("Tier 2", or its name in another sign-up language). */
export async function applyPreset(scope: TenantScope, name: PresetName, now = new Date()) {
  const preset = PRESETS[name];
  let escalateGroupId: string | null = null;
  if (name === "tier_escalation") {
    const tier2 = await scope.db.query.groups.findFirst({ where: and(eq(groups.tenantId, scope.tenantId), inArray(groups.name, [...TIER_2_NAMES])), columns: { id: true } });
    if (!tier2) throw conflict("group_missing", `Create a group named "${TIER_2_NAMES[0]}" first: breached tickets are moved there`);
    escalateGroupId = tier2.id;
  }
  return createPolicy(scope, { ...preset.policy(), escalateGroupId }, preset.placement, now);
}

async function checkReferences(scope: TenantScope, input: Partial<PolicyInput>) {
  if (input.calendarId) {
    const found = await scope.db.query.businessCalendars.findFirst({ where: and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.id, input.calendarId)), columns: { id: true } });
    if (!found) throw invalidField("calendarId", "calendar_not_found", "No business calendar with this id");
  }
  if (input.escalateGroupId) {
    const found = await scope.db.query.groups.findFirst({ where: and(eq(groups.tenantId, scope.tenantId), eq(groups.id, input.escalateGroupId)), columns: { id: true } });
    if (!found) throw invalidField("escalateGroupId", "group_not_found", "No group with this id");
  }
  const groupIds = [...new Set(input.conditions?.groupIds ?? [])];
  if (groupIds.length) {
    const found = await scope.db.query.groups.findMany({ where: and(eq(groups.tenantId, scope.tenantId), inArray(groups.id, groupIds)), columns: { id: true } });
    const missing = groupIds.filter((id) => !found.some((g) => g.id === id));
    if (missing.length) throw invalidField("conditions.groupIds", "group_not_found", `No group with the id ${missing.join(", ")}`);
  }
}
