import { and, asc, count, eq, gt, sql } from "drizzle-orm";
import { automations } from "../../../schema";
import { readAll, runBatch } from "../db";
import { AppError, invalidField, notFound, type AutomationErrorCode, type FieldError } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import { newOrder } from "../rules/rule-order";
import type { Action, Conditions } from "../rules/rule-schema";
import { assertReferences, referenceReads } from "../rules/trigger-store";
import type { TenantScope } from "../tenancy/scope";
import { drivingCondition } from "./automation-scan";
import { notifiesGroupToChoose, presetByKey } from "./automation-presets";

export type AutomationRow = typeof automations.$inferSelect;

/** What an admin sets on an automation (position, counts and the cron's bookkeeping are the store's). */
export interface AutomationInput {
  name: string;
  description: string;
  active: boolean;
  conditions: Conditions;
  actions: Action[];
}

/** A workspace has at most this many automations (docs/rules.md "Automations"). */
export const MAX_AUTOMATIONS_PER_WORKSPACE = 100;

const ofTenant = (scope: TenantScope, id: string) => and(eq(automations.tenantId, scope.tenantId), eq(automations.id, id));

/** The workspace's automations in order: position, then id. */
export const listAutomations = (scope: TenantScope) =>
  scope.db.select().from(automations).where(eq(automations.tenantId, scope.tenantId)).orderBy(asc(automations.position), asc(automations.id));

const automationQuery = (scope: TenantScope, id: string) => scope.db.select().from(automations).where(ofTenant(scope, id));

function found(rows: AutomationRow[]): AutomationRow {
  const [row] = rows;
  if (!row) throw notFound("Automation");
  return row;
}

export async function getAutomation(scope: TenantScope, id: string): Promise<AutomationRow> {
  return found(await automationQuery(scope, id));
}

const automationError = (status: 404 | 409 | 422, code: AutomationErrorCode, message: string, errors?: FieldError[]) => new AppError(status, code, message, errors ? { errors } : {});

/** What the rules contract lets through but an automation cannot run: no time to wait for; a follow-up due both in hours and days. */
export function automationProblems(rule: Partial<Pick<AutomationInput, "conditions" | "actions">>): FieldError[] {
  const problems: FieldError[] = [];
  if (rule.conditions && !drivingCondition(rule.conditions))
    problems.push({ field: "conditions.all", code: "automation_time_condition_required", message: "Add an `hours_since` condition with `gt` to `all`: what the automation waits for" });
  (rule.actions ?? []).forEach((a, i) => {
    if (a.type === "create_follow_up" && a.dueInBusinessHours !== undefined && a.dueInBusinessDays !== undefined)
      problems.push({ field: `actions.${i}`, code: "follow_up_due_invalid", message: "Give `dueInBusinessHours` or `dueInBusinessDays`, not both" });
  });
  return problems;
}

function assertRunnable(rule: Partial<AutomationInput>) {
  const problems = automationProblems(rule);
  if (problems.length === 1) throw invalidField(problems[0]!.field, problems[0]!.code, problems[0]!.message);
  if (problems.length) throw new AppError(422, problems[0]!.code, `${problems.length} fields cannot run; see \`errors\``, { errors: problems });
}

/** Adds an automation at the end of the order; the cron checks it from its next tick. */
export async function createAutomation(scope: TenantScope, input: AutomationInput & { preset?: string | null }, now = new Date()): Promise<AutomationRow> {
  const { db, tenantId } = scope;
  assertRunnable(input);
  const read = await readAll(db, { existing: db.select({ n: count() }).from(automations).where(eq(automations.tenantId, tenantId)), ...referenceReads(scope, input) });
  if ((read.existing[0]?.n ?? 0) >= MAX_AUTOMATIONS_PER_WORKSPACE)
    throw automationError(409, "too_many_automations", `A workspace has at most ${MAX_AUTOMATIONS_PER_WORKSPACE} automations; delete or merge some first`);
  assertReferences(input, read);
  const position = sql`(select coalesce(max(${automations.position}) + 1, 0) from ${automations} where ${automations.tenantId} = ${tenantId})`;
  const [row] = await db
    .insert(automations)
    .values({ id: newId("aut", now.getTime()), tenantId, ...input, preset: input.preset ?? null, position, nextRunAt: now, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/**
 * Adds a preset (automation-presets.ts) in the language given. `groupId`: the group a preset that
 * notifies a group tells (and whose tickets it watches).
 */
export async function createFromPreset(scope: TenantScope, key: string, options: { language: "en" | "zh-CN"; groupId?: string; active?: boolean }, now = new Date()): Promise<AutomationRow> {
  const preset = presetByKey(key);
  if (!preset) throw automationError(422, "preset_not_found", `No preset ${key}`, [{ field: "preset", code: "preset_not_found", message: `No preset ${key}` }]);
  const { groupId } = options;
  const chosen = groupId ? preset.actions.some(notifiesGroupToChoose) : false;
  const actions = preset.actions.map((a) => (chosen && notifiesGroupToChoose(a) ? { ...a, id: groupId! } : a));
  const conditions: Conditions = chosen ? { ...preset.conditions, all: [{ field: "group", op: "is", value: [groupId!] }, ...preset.conditions.all] } : preset.conditions;
  return createAutomation(scope, { name: preset.name[options.language], description: preset.description[options.language], active: options.active ?? true, conditions, actions, preset: key }, now);
}

/**
 * `version` (the client's If-Match): refused with 409 `changed_since_read` if it changed since.
 * New conditions start the scan from the oldest ticket again; switching it on checks it at the next tick.
 */
export async function updateAutomation(scope: TenantScope, id: string, patch: Partial<AutomationInput>, now = new Date(), version?: Date): Promise<AutomationRow> {
  assertRunnable(patch);
  const read = await readAll(scope.db, { row: automationQuery(scope, id), ...referenceReads(scope, patch) });
  found(read.row);
  assertReferences(patch, read);
  const restart = patch.conditions || patch.active ? { scanCursor: null, nextRunAt: now } : {};
  const [rows] = await writeUnlessChanged(scope, { table: automations, id, what: "automation" }, version, [
    scope.db.update(automations).set({ ...patch, ...restart, updatedAt: now }).where(ofTenant(scope, id)).returning(),
  ]);
  return found(rows);
}

/** Deletes an automation (its firings go with it); the ones after it move up. */
export async function deleteAutomation(scope: TenantScope, id: string): Promise<void> {
  const { db, tenantId } = scope;
  const [, deleted] = await runBatch(db, [
    db
      .update(automations)
      .set({ position: sql`${automations.position} - 1` })
      .where(and(eq(automations.tenantId, tenantId), gt(automations.position, sql`(select ${automations.position} from ${automations} where ${ofTenant(scope, id)})`))),
    db.delete(automations).where(ofTenant(scope, id)).returning({ id: automations.id }),
  ]);
  if (!(deleted as { id: string }[]).length) throw notFound("Automation");
}

/** Sets the order: `ids` must name every automation of the workspace exactly once. */
export async function reorderAutomations(scope: TenantScope, ids: string[]): Promise<AutomationRow[]> {
  const order = newOrder(await listAutomations(scope), ids);
  if (!order)
    throw automationError(422, "automation_order_mismatch", "Name every automation of the workspace exactly once", [
      { field: "ids", code: "automation_order_mismatch", message: "Name every automation of the workspace exactly once" },
    ]);
  await runBatch(scope.db, order.moved.map(({ id, position }) => scope.db.update(automations).set({ position }).where(ofTenant(scope, id))));
  return order.rows;
}
