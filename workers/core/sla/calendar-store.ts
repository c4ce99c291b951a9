import { and, asc, eq, isNull } from "drizzle-orm";
import { businessCalendars, slaPolicies, tenants } from "../../../schema";
import { AppError, conflict, notFound } from "../errors";
import { newId } from "../ids";
import { writeUnlessChanged } from "../row-version";
import type { TenantScope } from "../tenancy/scope";
import { addBusinessMinutes, businessMinutesBetween, hasOpenHours, validateCalendar, type BusinessCalendar, type CalendarProblem } from "./business-calendar";
import type { TimeMath } from "./clocks";

export type CalendarRow = typeof businessCalendars.$inferSelect;
export type CalendarInput = BusinessCalendar & { name: string };

/** Round the clock: what business time means when no calendar is set. */
export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: "UTC",
  weekly: Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]),
  holidays: [],
  workdays: [],
};

/** Business or calendar time, as SLA clocks need it. */
export function timeMathOf(calendar: BusinessCalendar): TimeMath {
  return {
    add: (start, minutes, businessHours) => (businessHours ? addBusinessMinutes(start, minutes, calendar) : new Date(start.getTime() + minutes * 60_000)),
    between: (a, b, businessHours) => (businessHours ? businessMinutesBetween(a, b, calendar) : Math.max(0, (b.getTime() - a.getTime()) / 60_000)),
  };
}

/**
 * Why a calendar cannot give business-time deadlines (invalid, or never open), or null. Stored
 * rows are checked too: a calendar saved before a rule existed, or damaged, must not throw later.
 */
export function calendarProblems(calendar: BusinessCalendar): (CalendarProblem & { code?: string })[] {
  const problems = validateCalendar(calendar);
  if (problems.length === 0 && !hasOpenHours(calendar))
    return [{ field: "weekly", code: "calendar_never_open", message: "The calendar has no open hours: open at least one day of the week" }];
  return problems;
}

/** A calendar's problems as a 422 naming each field. */
export function assertValidCalendar(calendar: BusinessCalendar, prefix = "") {
  const problems = calendarProblems(calendar);
  if (problems.length)
    throw new AppError(422, "invalid_calendar", problems.map((p) => p.message).join("; "), {
      errors: problems.map((p) => ({ field: `${prefix}${p.field}`, code: p.code ?? "invalid_calendar", message: p.message })),
    });
}

export function listCalendars(scope: TenantScope) {
  return scope.db.query.businessCalendars.findMany({ where: eq(businessCalendars.tenantId, scope.tenantId), orderBy: [asc(businessCalendars.name)] });
}

export async function getCalendar(scope: TenantScope, id: string): Promise<CalendarRow> {
  const row = await scope.db.query.businessCalendars.findFirst({ where: and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.id, id)) });
  if (!row) throw notFound("Business calendar");
  return row;
}

/**
 * A new calendar. The workspace's first one becomes its default at once (deadlines then count
 * its hours; open tickets are recomputed), in the same batch: a workspace that already has a
 * default keeps it. `becameDefault` says which happened.
 */
export async function createCalendar(scope: TenantScope, input: CalendarInput, now = new Date()): Promise<CalendarRow & { becameDefault: boolean }> {
  assertValidCalendar(input, "body.");
  await assertNameFree(scope, input.name);
  const id = newId("cal", now.getTime());
  const [[row], promoted] = await scope.db.batch([
    scope.db.insert(businessCalendars).values({ id, tenantId: scope.tenantId, ...input, createdAt: now, updatedAt: now }).returning(),
    scope.db
      .update(tenants)
      .set({ defaultCalendarId: id, slaRecomputeCursor: "" })
      .where(and(eq(tenants.id, scope.tenantId), isNull(tenants.defaultCalendarId)))
      .returning({ id: tenants.id }),
  ]);
  return { ...row!, becameDefault: promoted.length > 0 };
}

/**
 * Changing a calendar changes deadlines: the caller asks for open tickets to be recomputed.
 * `version` (the client's If-Match): refused with 409 `changed_since_read` if the calendar changed since.
 */
export async function updateCalendar(scope: TenantScope, id: string, patch: Partial<CalendarInput>, now = new Date(), version?: Date) {
  const current = await getCalendar(scope, id);
  assertValidCalendar({ ...current, ...patch }, "body.");
  if (patch.name) await assertNameFree(scope, patch.name, id);
  const [[row]] = await writeUnlessChanged(scope, { table: businessCalendars, id, what: "calendar" }, version, [
    scope.db.update(businessCalendars).set({ ...patch, updatedAt: now }).where(and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.id, id))).returning(),
  ]);
  return row!;
}

export async function deleteCalendar(scope: TenantScope, id: string) {
  await getCalendar(scope, id);
  const [policy, tenant] = await Promise.all([
    scope.db.query.slaPolicies.findFirst({ where: and(eq(slaPolicies.tenantId, scope.tenantId), eq(slaPolicies.calendarId, id)), columns: { name: true } }),
    scope.db.query.tenants.findFirst({ where: and(eq(tenants.id, scope.tenantId), eq(tenants.defaultCalendarId, id)), columns: { id: true } }),
  ]);
  if (policy) throw conflict("calendar_in_use", `The SLA policy "${policy.name}" uses this calendar`);
  if (tenant) throw conflict("calendar_in_use", "This is the workspace's default calendar");
  await scope.db.delete(businessCalendars).where(and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.id, id)));
}

/** The calendar a policy counts business time in: its own, else the workspace default, else round the clock. */
export async function calendarFor(scope: TenantScope, calendarId: string | null, defaultCalendarId: string | null): Promise<BusinessCalendar> {
  const id = calendarId ?? defaultCalendarId;
  if (!id) return ALWAYS_OPEN;
  const row = await scope.db.query.businessCalendars.findFirst({ where: and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.id, id)) });
  return row ?? ALWAYS_OPEN;
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string) {
  const same = await scope.db.query.businessCalendars.findFirst({
    where: and(eq(businessCalendars.tenantId, scope.tenantId), eq(businessCalendars.name, name)),
    columns: { id: true },
  });
  if (same && same.id !== exceptId) throw conflict("name_taken", `A calendar named "${name}" already exists`);
}
