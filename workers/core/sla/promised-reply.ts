import { and, eq } from "drizzle-orm";
import { slaClocks, slaPolicies, tenants } from "../../../schema";
import type { TenantScope } from "../tenancy/scope";
import { calendarFor } from "./calendar-store";
import type { SlaContext, TicketSla } from "./ticket-sla";
import { zoneFormatter } from "./zone-formatter";

/**
 * The first-reply deadline a customer can be promised, in the policy calendar's time zone
 * (`{{sla.first_reply_due}}` in acknowledgements and standard replies), e.g.
 * "Mon, 12 Oct 2026, 09:30 (Asia/Shanghai)"; "as soon as possible" when no deadline applies.
 */
export async function promisedFirstReply(scope: TenantScope, ticketId: string): Promise<string> {
  const { db, tenantId } = scope;
  const [clock] = await db
    .select({ dueAt: slaClocks.dueAt, calendarId: slaPolicies.calendarId, defaultCalendarId: tenants.defaultCalendarId })
    .from(slaClocks)
    .innerJoin(slaPolicies, and(eq(slaPolicies.tenantId, slaClocks.tenantId), eq(slaPolicies.id, slaClocks.policyId)))
    .innerJoin(tenants, eq(tenants.id, slaClocks.tenantId))
    .where(and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, ticketId), eq(slaClocks.metric, "first_reply"), eq(slaClocks.instance, 1)));
  if (!clock?.dueAt) return "as soon as possible";
  const { timeZone } = await calendarFor(scope, clock.calendarId, clock.defaultCalendarId);
  return formatDue(clock.dueAt, timeZone);
}

/** The same, from a ticket's SLA as just computed (pure: no read). */
export function promisedFrom(sla: TicketSla, context: SlaContext): string {
  const clock = sla.clocks.find((c) => c.metric === "first_reply" && c.instance === 1);
  if (!clock?.dueAt) return "as soon as possible";
  const timeZone = context.calendars.find((c) => c.id === (sla.policy?.calendarId ?? context.defaultCalendarId))?.timeZone ?? "UTC";
  return formatDue(clock.dueAt, timeZone);
}

const dueFormat = zoneFormatter("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

export function formatDue(at: Date, timeZone: string): string {
  const text = dueFormat(timeZone).format(at);
  return `${text} (${timeZone})`;
}
