import { and, asc, count, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { businessCalendars, groups, macros, supportAddresses, triggers, users, webhooks } from "../../../schema";
import { readAll, runBatch, type Db } from "../db";
import { AppError, invalidField, notFound, type FieldError, type TriggerErrorCode } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import type { TenantScope } from "../tenancy/scope";
import { newOrder } from "./rule-order";
import type { Action, Conditions, RuleEvent } from "./rule-schema";
import { missingReferences, notifyProblems, triggerReferences, type Reference, type ReferenceKind } from "./trigger-references";

export type TriggerRow = typeof triggers.$inferSelect;

/** What an admin sets on a trigger (position, counts and times are the store's). */
export interface TriggerInput {
  name: string;
  description: string;
  active: boolean;
  events: RuleEvent[];
  conditions: Conditions;
  actions: Action[];
}

/** A workspace has at most this many triggers (each write runs every active one; docs/rules.md). */
export const MAX_TRIGGERS_PER_WORKSPACE = 100;

const ofTenant = (scope: TenantScope, id: string) => and(eq(triggers.tenantId, scope.tenantId), eq(triggers.id, id));

/** The workspace's triggers in the order they run: position, then id. */
export const triggersQuery = (scope: TenantScope) => scope.db.select().from(triggers).where(eq(triggers.tenantId, scope.tenantId)).orderBy(asc(triggers.position), asc(triggers.id));

export const listTriggers = (scope: TenantScope) => triggersQuery(scope);

const triggerQuery = (scope: TenantScope, id: string) => scope.db.select().from(triggers).where(ofTenant(scope, id));

function found(rows: TriggerRow[]): TriggerRow {
  const [row] = rows;
  if (!row) throw notFound("Trigger");
  return row;
}

export async function getTrigger(scope: TenantScope, id: string): Promise<TriggerRow> {
  return found(await triggerQuery(scope, id));
}

const triggerError = (status: 409 | 422, code: TriggerErrorCode, message: string, errors?: FieldError[]) => new AppError(status, code, message, errors ? { errors } : {});

/** Adds a trigger at the end of the order. */
export async function createTrigger(scope: TenantScope, input: TriggerInput, now = new Date()): Promise<TriggerRow> {
  const { db, tenantId } = scope;
  const read = await readAll(db, { existing: db.select({ n: count() }).from(triggers).where(eq(triggers.tenantId, tenantId)), ...referenceReads(scope, input) });
  if ((read.existing[0]?.n ?? 0) >= MAX_TRIGGERS_PER_WORKSPACE)
    throw triggerError(409, "too_many_triggers", `A workspace has at most ${MAX_TRIGGERS_PER_WORKSPACE} triggers; delete or merge some first`);
  assertReferences(input, read);
  const position = sql`(select coalesce(max(${triggers.position}) + 1, 0) from ${triggers} where ${triggers.tenantId} = ${tenantId})`;
  const [row] = await db
    .insert(triggers)
    .values({ id: newId("trg", now.getTime()), tenantId, ...input, position, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the trigger changed since. */
export async function updateTrigger(scope: TenantScope, id: string, patch: Partial<TriggerInput>, now = new Date(), version?: Date): Promise<TriggerRow> {
  const read = await readAll(scope.db, { row: triggerQuery(scope, id), ...referenceReads(scope, patch) });
  found(read.row);
  assertReferences(patch, read);
  const [rows] = await writeUnlessChanged(scope, { table: triggers, id, what: "trigger" }, version, [
    scope.db.update(triggers).set({ ...patch, updatedAt: now }).where(ofTenant(scope, id)).returning(),
  ]);
  return found(rows);
}

/** Deletes a trigger; the ones after it move up. */
export async function deleteTrigger(scope: TenantScope, id: string): Promise<void> {
  const { db, tenantId } = scope;
  const [, deleted] = await runBatch(db, [
    db
      .update(triggers)
      .set({ position: sql`${triggers.position} - 1` })
      .where(and(eq(triggers.tenantId, tenantId), gt(triggers.position, sql`(select ${triggers.position} from ${triggers} where ${ofTenant(scope, id)})`))),
    db.delete(triggers).where(ofTenant(scope, id)).returning({ id: triggers.id }),
  ]);
  if (!(deleted as { id: string }[]).length) throw notFound("Trigger");
}

/** Sets the order: `ids` must name every trigger of the workspace exactly once. Resolves to the triggers in the new order. */
export async function reorderTriggers(scope: TenantScope, ids: string[]): Promise<TriggerRow[]> {
  const order = newOrder(await listTriggers(scope), ids);
  if (!order)
    throw triggerError(422, "trigger_order_mismatch", "Name every trigger of the workspace exactly once", [{ field: "ids", code: "trigger_order_mismatch", message: "Name every trigger of the workspace exactly once" }]);
  await runBatch(scope.db, order.moved.map(({ id, position }) => scope.db.update(triggers).set({ position }).where(ofTenant(scope, id))));
  return order.rows;
}

const REFERENCE_TABLES = {
  group: (db: Db, tenantId: string, ids: string[]) => db.select({ id: groups.id }).from(groups).where(and(eq(groups.tenantId, tenantId), inArray(groups.id, ids))),
  user: (db: Db, tenantId: string, ids: string[]) => db.select({ id: users.id }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids), eq(users.active, true))),
  support_address: (db: Db, tenantId: string, ids: string[]) =>
    db.select({ id: supportAddresses.id }).from(supportAddresses).where(and(eq(supportAddresses.tenantId, tenantId), inArray(supportAddresses.id, ids))),
  calendar: (db: Db, tenantId: string, ids: string[]) =>
    db.select({ id: businessCalendars.id }).from(businessCalendars).where(and(eq(businessCalendars.tenantId, tenantId), inArray(businessCalendars.id, ids))),
  webhook: (db: Db, tenantId: string, ids: string[]) => db.select({ id: webhooks.id }).from(webhooks).where(and(eq(webhooks.tenantId, tenantId), inArray(webhooks.id, ids))),
  /** Shared macros only: a personal one is its owner's, not the workspace's rules'. */
  macro: (db: Db, tenantId: string, ids: string[]) => db.select({ id: macros.id }).from(macros).where(and(eq(macros.tenantId, tenantId), inArray(macros.id, ids), isNull(macros.ownerId))),
} satisfies Record<ReferenceKind, unknown>;
const KINDS = Object.keys(REFERENCE_TABLES) as ReferenceKind[];

type ReferenceReads = Partial<Record<`ref_${ReferenceKind}`, ReturnType<(typeof REFERENCE_TABLES)[ReferenceKind]>>>;

/** One read per kind of id the rule names (none when it names none), for the caller's batch. */
export function referenceReads(scope: TenantScope, rule: Partial<Pick<TriggerInput, "conditions" | "actions">>): ReferenceReads {
  const references = triggerReferences(rule);
  const reads: ReferenceReads = {};
  for (const kind of KINDS) {
    const ids = [...new Set(references.filter((r) => r.kind === kind).map((r) => r.id))];
    if (ids.length) reads[`ref_${kind}`] = REFERENCE_TABLES[kind](scope.db, scope.tenantId, ids);
  }
  return reads;
}

/** 422 naming every field whose id names nothing in the workspace (another workspace's ids included), and every notice without its target. */
export function assertReferences(rule: Partial<Pick<TriggerInput, "conditions" | "actions">>, read: { [K in keyof ReferenceReads]?: { id: string }[] }) {
  const references: Reference[] = triggerReferences(rule);
  const present = Object.fromEntries(KINDS.map((kind) => [kind, new Set((read[`ref_${kind}`] ?? []).map((r) => r.id))])) as Record<ReferenceKind, Set<string>>;
  const errors = [...notifyProblems(rule.actions), ...missingReferences(references, present)];
  if (errors.length === 1) throw invalidField(errors[0]!.field, errors[0]!.code, errors[0]!.message);
  if (errors.length) throw new AppError(422, errors[0]!.code, `${errors.length} fields name nothing in this workspace; see \`errors\``, { errors });
}
