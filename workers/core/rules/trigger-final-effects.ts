import { sql } from "drizzle-orm";
import { macros, tickets, triggers } from "../../../schema";
import { assignByGroupMethod } from "../assignment/assign-by-rule";
import { assignmentReads, assignmentStatements, type AssignmentRead } from "../assignment/assignment-store";
import { newTicketSlaContext } from "../sla/ticket-sla";
import type { TenantScope } from "../tenancy/scope";
import { followUpTask } from "./follow-up-task";
import { ruleNote, type EffectRows } from "./rule-effect-notes";
import type { TriggerRun } from "./rule-triggers";
import { triggerReason, type HookRead, type TicketEventInput } from "./ticket-event-hooks";
import { calendarsFrom, requesterFrom } from "./trigger-reads";

/**
 * The triggers' effects carried out once on the ticket as all of them leave it (not one trigger's
 * view of it): `assign_by_group_method` — and the group's own automatic assignment when the
 * triggers moved the ticket into a group, as it would be for a ticket created or moved there —
 * and the follow-up tasks (回访), which take the ticket's final assignee and group.
 * docs/rules.md "How triggers run", docs/assignment.md "Rules".
 */

/** The groups a write's triggers may assign in: the groups they (and the macros they apply) set, and — when one assigns by the group's method — the stored ticket's own. SQL: a parenthesised list. */
function triggerGroups(tenantId: string, ticketId: string | null) {
  const actions = (type: string) => sql`select json_extract(a.value, '$.groupId') from ${triggers} t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = ${type}`;
  const appliedMacros = sql`select json_extract(a.value, '$.macroId') from ${triggers} t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = 'apply_macro'`;
  const macroGroups = sql`select json_extract(a.value, '$.groupId') from ${macros} m, json_each(m.actions) a where m.tenant_id = ${tenantId} and m.id in (${appliedMacros}) and json_extract(a.value, '$.type') = 'set_group'`;
  const own = ticketId
    ? sql` union all select k.group_id from ${tickets} k where k.tenant_id = ${tenantId} and k.id = ${ticketId} and exists (select 1 from ${triggers} t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = 'assign_by_group_method')`
    : sql``;
  return sql`(${actions("set_group")} union all ${macroGroups}${own})`;
}

/**
 * The assignment reads of a write's triggers, in the write's read batch (`triggerReads`): the
 * settings and available members of the groups they may assign in (none: no rows, an index probe).
 * A new ticket's own group is read by the write's own automatic assignment (`assignGroup`), merged here.
 */
export function triggerAssignmentReads(scope: TenantScope, ticketId: string | null) {
  const { assignGroup, assignAgents } = assignmentReads(scope, triggerGroups(scope.tenantId, ticketId), ticketId);
  return { ruleAssignGroup: assignGroup!, ruleAssignAgents: assignAgents! };
}

/** The write's assignment reads and the triggers', one of each group and member. */
function assignmentReadOf(read: HookRead): AssignmentRead {
  const groups = new Map([...(read.assignGroup ?? []), ...read.ruleAssignGroup].map((g) => [g.id, g]));
  const agents = new Map([...(read.assignAgents ?? []), ...read.ruleAssignAgents].map((a) => [`${a.groupId}/${a.userId}`, a]));
  return { assignGroup: [...groups.values()], assignAgents: [...agents.values()], slaCalendars: read.slaCalendars };
}

/** The effects above as rows for the write's batch, after the triggers' own (the assignment's guard reads the ticket as they left it). */
export function finalEffects(scope: TenantScope, read: HookRead, input: TicketEventInput, run: TriggerRun, now: Date): EffectRows {
  const rows: EffectRows = { events: [], statements: [] };
  const ticket = run.ticket;
  const requester = requesterFrom(read, input.requesterEmail ?? null);
  const by = run.fired.find((f) => f.effects.some((e) => e.type === "assign_by_group_method"));
  let agent: string | null = ticket.assigneeId;
  if (by || run.patch.groupId) {
    const reason = by ? triggerReason(by.trigger) : null;
    const outcome = assignByGroupMethod(assignmentReadOf(read), { ...ticket, id: input.ticketId }, { tier: requester.tier, language: requester.language }, now);
    if ("assign" in outcome) {
      rows.statements.push(...assignmentStatements(scope, input.ticketId, { ...outcome.assign, reason: reason ?? outcome.assign.reason }, now).statements);
      agent = outcome.assign.userId;
    } else if (reason) add(rows, ruleNote(scope, input.ticketId, reason, outcome.note, now));
  }
  const name = read.ruleContext[0]?.name ?? requester.emails[0]?.split("@")[0] ?? "";
  for (const f of run.fired)
    for (const effect of f.effects) {
      if (effect.type !== "create_follow_up") continue;
      const followed = { ...ticket, id: input.ticketId, number: input.number, requesterName: name, assigneeId: agent };
      const context = { scope, actor: { type: "system" as const, id: null, reason: triggerReason(f.trigger) }, now, calendars: calendarsFrom(read.slaCalendars), defaultCalendarId: read.slaTenant?.[0]?.defaultCalendarId ?? null, sla: newTicketSlaContext({ slaPolicies: read.slaPolicies ?? [], slaTenant: read.slaTenant ?? [], slaCalendars: read.slaCalendars }, requester.tier) };
      add(rows, followUpTask(effect, followed, context));
    }
  return rows;
}

const add = (rows: EffectRows, more: EffectRows) => {
  rows.events.push(...more.events);
  rows.statements.push(...more.statements);
};
