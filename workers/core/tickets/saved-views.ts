import { and, asc, eq, isNull, or } from "drizzle-orm";
import { savedViews } from "../../../schema";
import { forbidden, notFound } from "../errors";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import type { TicketColumn } from "./ticket-columns";

export type SavedView = typeof savedViews.$inferSelect;
/** The ticket list's query a view keeps, in the list's own query-string form (`status: "new,open"`). */
export type ViewFilters = Record<string, string>;
/** Who is asking: their own views are theirs; shared views are changed by admins only. */
export interface ViewActor {
  userId: string;
  admin: boolean;
}

const visibleTo = (scope: TenantScope, userId: string) =>
  and(eq(savedViews.tenantId, scope.tenantId), or(eq(savedViews.ownerId, userId), isNull(savedViews.ownerId)));

/** The caller's own views and the workspace's shared ones, by name. */
export function listSavedViews(scope: TenantScope, userId: string) {
  return scope.db.select().from(savedViews).where(visibleTo(scope, userId)).orderBy(asc(savedViews.name), asc(savedViews.id));
}

/** A shared view is an admin's to make, change and delete; a personal one only its owner's. */
export function mayChange(view: Pick<SavedView, "ownerId">, actor: ViewActor): boolean {
  return view.ownerId === null ? actor.admin : view.ownerId === actor.userId;
}

export async function createSavedView(scope: TenantScope, actor: ViewActor, input: { name: string; filters: ViewFilters; columns: TicketColumn[] | null; shared: boolean }, now = new Date()) {
  if (input.shared && !actor.admin) throw forbidden("Only an admin can share a view with the workspace");
  const [row] = await scope.db
    .insert(savedViews)
    .values({ id: newId("svw", now.getTime()), tenantId: scope.tenantId, ownerId: input.shared ? null : actor.userId, name: input.name, filters: input.filters, columns: input.columns, createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** Another person's personal view does not exist for the caller (404); a shared one they may not change is 403. */
async function changeableView(scope: TenantScope, actor: ViewActor, id: string) {
  const [view] = await scope.db.select().from(savedViews).where(and(visibleTo(scope, actor.userId), eq(savedViews.id, id)));
  if (!view) throw notFound("Saved view");
  if (!mayChange(view, actor)) throw forbidden("Only an admin can change a shared view");
  return view;
}

export async function updateSavedView(scope: TenantScope, actor: ViewActor, id: string, patch: { name?: string; filters?: ViewFilters; columns?: TicketColumn[] | null }, now = new Date()) {
  await changeableView(scope, actor, id);
  const [row] = await scope.db.update(savedViews).set({ ...patch, updatedAt: now }).where(and(eq(savedViews.tenantId, scope.tenantId), eq(savedViews.id, id))).returning();
  return row!;
}

export async function deleteSavedView(scope: TenantScope, actor: ViewActor, id: string) {
  await changeableView(scope, actor, id);
  await scope.db.delete(savedViews).where(and(eq(savedViews.tenantId, scope.tenantId), eq(savedViews.id, id)));
}
