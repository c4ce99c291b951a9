import { and, asc, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { macros, type MacroReplyKind } from "../../../schema";
import type { Statement } from "../db";
import { conflict, forbidden, notFound } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import type { Action } from "../rules/rule-schema";
import type { TenantScope } from "../tenancy/scope";
import { checkMacro } from "./macro-rules";

export type Macro = typeof macros.$inferSelect;
/** Who is asking: their own macros are theirs; shared macros are changed by admins only. */
export interface MacroActor {
  userId: string;
  admin: boolean;
}
export interface MacroInput {
  title: string;
  replyText: string;
  replyKind: MacroReplyKind;
  actions: Action[];
  shared: boolean;
}
export type MacroPatch = Partial<Omit<MacroInput, "shared">>;

/** The caller's own macros and the workspace's shared ones (another agent's personal macro does not exist for them). */
export const visibleTo = (scope: TenantScope, userId: string) => and(eq(macros.tenantId, scope.tenantId), or(eq(macros.ownerId, userId), isNull(macros.ownerId)));

/** The read of one macro the caller may use, for a caller's batch; `macroFrom` its result. */
export const macroQuery = (scope: TenantScope, userId: string, id: string) => scope.db.select().from(macros).where(and(visibleTo(scope, userId), eq(macros.id, id)));

export function macroFrom(rows: Macro[]): Macro {
  const [macro] = rows;
  if (!macro) throw notFound("Macro");
  return macro;
}

export async function getMacro(scope: TenantScope, userId: string, id: string): Promise<Macro> {
  return macroFrom(await macroQuery(scope, userId, id));
}

/** The caller's macros and the shared ones, most used first (then by title): the composer's order. */
export function listMacros(scope: TenantScope, userId: string, where?: SQL) {
  return scope.db
    .select()
    .from(macros)
    .where(and(visibleTo(scope, userId), where))
    .orderBy(desc(macros.usageCount), asc(macros.title), asc(macros.id));
}

/** A shared macro is an admin's to make, change and delete; a personal one only its owner's. */
export function mayChange(macro: Pick<Macro, "ownerId">, actor: MacroActor): boolean {
  return macro.ownerId === null ? actor.admin : macro.ownerId === actor.userId;
}

export async function createMacro(scope: TenantScope, actor: MacroActor, input: MacroInput, now = new Date()): Promise<Macro> {
  if (input.shared && !actor.admin) throw forbidden("Only an admin can share a macro with the workspace");
  checkMacro(input);
  const ownerId = input.shared ? null : actor.userId;
  await assertTitleFree(scope, ownerId, input.title);
  const { shared: _, ...fields } = input;
  const [row] = await scope.db
    .insert(macros)
    .values({ id: newId("mac", now.getTime()), tenantId: scope.tenantId, ownerId, ...fields, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** Another person's personal macro does not exist for the caller (404); a shared one they may not change is 403. */
export async function changeableMacro(scope: TenantScope, actor: MacroActor, id: string): Promise<Macro> {
  const macro = await getMacro(scope, actor.userId, id);
  if (!mayChange(macro, actor)) throw forbidden("Only an admin can change a shared macro");
  return macro;
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the macro changed since. */
export async function updateMacro(scope: TenantScope, actor: MacroActor, id: string, patch: MacroPatch, now = new Date(), version?: Date): Promise<Macro> {
  const macro = await changeableMacro(scope, actor, id);
  checkMacro({ replyText: patch.replyText ?? macro.replyText, actions: patch.actions ?? macro.actions });
  if (patch.title) await assertTitleFree(scope, macro.ownerId, patch.title, id);
  const [[row]] = await writeUnlessChanged(scope, { table: macros, id, what: "macro" }, version, [
    scope.db.update(macros).set({ ...patch, updatedAt: now }).where(and(eq(macros.tenantId, scope.tenantId), eq(macros.id, id))).returning(),
  ]);
  return row!;
}

export async function deleteMacro(scope: TenantScope, actor: MacroActor, id: string): Promise<void> {
  await changeableMacro(scope, actor, id);
  await scope.db.delete(macros).where(and(eq(macros.tenantId, scope.tenantId), eq(macros.id, id)));
}

/** One use of a macro, for the batch that applies it (it leaves the macro's version, `updated_at`, alone). */
export function countUse(scope: TenantScope, id: string, now: Date): Statement {
  return scope.db
    .update(macros)
    .set({ usageCount: sql`${macros.usageCount} + 1`, lastUsedAt: now })
    .where(and(eq(macros.tenantId, scope.tenantId), eq(macros.id, id)));
}

/** Titles are unique among the shared macros, and among each person's own. */
async function assertTitleFree(scope: TenantScope, ownerId: string | null, title: string, exceptId?: string) {
  const owner = ownerId === null ? isNull(macros.ownerId) : eq(macros.ownerId, ownerId);
  const [same] = await scope.db.select({ id: macros.id }).from(macros).where(and(eq(macros.tenantId, scope.tenantId), owner, eq(macros.title, title)));
  if (same && same.id !== exceptId) throw conflict("title_taken", `A macro titled "${title}" already exists`);
}
