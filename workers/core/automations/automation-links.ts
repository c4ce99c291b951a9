import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { groups, macros, webhooks, type CustomerTier } from "../../../schema";
import { assignByGroupMethod, type RuleAssignment } from "../assignment/assign-by-rule";
import { afterAssignment, withOneMore } from "../assignment/assignment-rules";
import { assignmentReads, assignmentStatements, candidatesFrom, WORKING, type AssignmentRead, type TicketToAssign } from "../assignment/assignment-store";
import type { Statement } from "../db";
import { newId } from "../ids";
import type { RuleEffect } from "../rules/rule-actions";
import type { Action } from "../rules/rule-schema";
import type { TenantScope } from "../tenancy/scope";
import type { FieldChange, TicketChange } from "../tickets/ticket-rules";
import { queueWebhookDelivery } from "../webhooks/webhook-delivery";
import { ticketEventBody } from "../webhooks/ticket-event-payload";
import type { WebhookRow } from "../webhooks/webhook-store";

/**
 * An automation's actions that name something else — a macro, a webhook, the group's automatic
 * assignment (docs/rules.md "Automations"): what they need is read with the workspace's settings
 * in the cron's per-workspace batch (`automationLinkReads`, only what its due automations name),
 * and carried out in each firing's own batch (`linkStatements`), the automation as the reason.
 */

/** The reads for a workspace's due automations' actions: their macros, their webhooks, and — when one assigns — the groups that assign automatically with their available members and first two waiting tickets. */
export function automationLinkReads(scope: TenantScope, actions: readonly Action[]) {
  const { db, tenantId } = scope;
  const macroIds = [...new Set(actions.flatMap((a) => (a.type === "apply_macro" ? [a.macroId] : [])))];
  const webhookIds = [...new Set(actions.flatMap((a) => (a.type === "call_webhook" ? [a.webhookId] : [])))];
  const assigns = actions.some((a) => a.type === "assign_by_group_method");
  const assigning = db.select({ id: groups.id }).from(groups).where(and(eq(groups.tenantId, tenantId), sql`${groups.assignmentMethod} <> 'off'`));
  // The group's first two waiting tickets (index tickets_waiting_assignment): another than the fired one waits when either is not it.
  const nthWaiting = (n: number) =>
    sql<string | null>`(select w.id from tickets w where w.tenant_id = "groups"."tenant_id" and w.group_id = "groups"."id" and w.assignee_id is null and w.automatic = 0 and w.status in ${WORKING} order by w.created_at limit 1 offset ${sql.raw(String(n))})`;
  return {
    ...(macroIds.length ? { linkMacros: db.select({ id: macros.id, actions: macros.actions }).from(macros).where(and(eq(macros.tenantId, tenantId), inArray(macros.id, macroIds))) } : {}),
    ...(webhookIds.length ? { linkWebhooks: db.select().from(webhooks).where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.active, true), inArray(webhooks.id, webhookIds))) } : {}),
    ...(assigns
      ? {
          ...assignmentReads(scope, assigning, null),
          linkWaiting: db
            .select({ groupId: groups.id, first: nthWaiting(0).as("first_waiting"), second: nthWaiting(1).as("second_waiting") })
            .from(groups)
            .where(and(eq(groups.tenantId, tenantId), sql`${groups.assignmentMethod} <> 'off'`))
            .orderBy(asc(groups.id)),
        }
      : {}),
  };
}

type Reads = ReturnType<typeof automationLinkReads>;
export type AutomationLinkRead = { [K in keyof Reads]?: Awaited<NonNullable<Reads[K]>> };

/**
 * The workspace's assignment state through one tick: each decision sees the ones before it (the
 * round-robin pointer moved, the agent's one more open ticket, the ticket no longer waiting), as the
 * cron's queue does (`assignQueue`).
 */
export function tickAssigner(read: AutomationLinkRead & Pick<AssignmentRead, "slaCalendars">) {
  let groupRows = read.assignGroup ?? [];
  let agents = read.assignAgents ?? [];
  const waiting = new Map((read.linkWaiting ?? []).map((w) => [w.groupId, [w.first, w.second].filter((id): id is string => id !== null)]));
  return (ticket: TicketToAssign, requester: { tier: CustomerTier | null; language: string | null }, now: Date): RuleAssignment => {
    const others = (groupId: string) => (waiting.get(groupId) ?? []).some((id) => id !== ticket.id);
    const view: AssignmentRead = { assignGroup: groupRows.map((g) => ({ ...g, waiting: others(g.id) ? 1 : 0 })), assignAgents: agents, slaCalendars: read.slaCalendars };
    const outcome = assignByGroupMethod(view, ticket, requester, now);
    if ("assign" in outcome) {
      const { userId, group } = outcome.assign;
      const moved = afterAssignment(group, userId);
      groupRows = groupRows.map((g) => (g.id === group.groupId ? { ...g, cursor: moved.cursor } : g));
      const counts = new Map(withOneMore(candidatesFrom(agents), userId).map((c) => [c.userId, c.openCount]));
      agents = agents.map((a) => ({ ...a, openCount: counts.get(a.userId) ?? a.openCount }));
      waiting.set(group.groupId, (waiting.get(group.groupId) ?? []).filter((id) => id !== ticket.id));
    }
    return outcome;
  };
}

/** A fired ticket as the automation's field changes leave it, and what they changed (the webhook's payload). */
export function ticketAfter<T extends TicketToAssign & { subject: string; type: string }>(row: T, change: TicketChange): { after: T; changes: FieldChange[] } {
  const tags = [...new Set([...row.tags, ...(change.addTags ?? [])])].filter((t) => !(change.removeTags ?? []).includes(t));
  const after = { ...row, ...pick(change), tags };
  const changes: FieldChange[] = (["status", "priority", "type", "groupId", "assigneeId"] as const).filter((f) => f in change).map((f) => ({ field: f, from: (row[f] as string | null) ?? null, to: (after[f] as string | null) ?? null }));
  if (tags.join() !== row.tags.join()) changes.push({ field: "tags", from: JSON.stringify(row.tags), to: JSON.stringify(tags) });
  return { after, changes };
}
const pick = ({ addTags: _a, removeTags: _r, ...fields }: TicketChange) => fields;

/** What a firing's linked actions need: the workspace's macros and webhooks as read, the ticket after the change, and the assignment decided for it (null: the automation does not assign). */
export interface FiringLinks {
  macros: readonly { id: string }[];
  webhooks: readonly WebhookRow[];
  ticket: TicketToAssign & { number: number; subject: string };
  /** The automation (a webhook's payload names it as the rule that called it). */
  rule: { id: string; name: string };
  changes: readonly FieldChange[];
  assignment: RuleAssignment | null;
}

/** The statements of one linked action, for the firing's batch (after the ticket's change); what cannot be done leaves a note (`note`). */
export function linkStatements(
  effect: Extract<RuleEffect, { type: "apply_macro" | "call_webhook" | "assign_by_group_method" }>,
  links: FiringLinks,
  ctx: { scope: TenantScope; now: Date; actor: { reason: string } },
  note: (body: string) => Statement[],
): Statement[] {
  const { scope, now } = ctx;
  switch (effect.type) {
    case "apply_macro":
      // Found macros were expanded into the automation's actions (withMacroActions); this one is gone.
      return links.macros.some((m) => m.id === effect.macroId) ? [] : note(`Macro ${effect.macroId} was not applied: it is gone.`);
    case "call_webhook": {
      const webhook = links.webhooks.find((w) => w.id === effect.webhookId);
      if (!webhook) return note(`Webhook ${effect.webhookId} was not called: it is gone or switched off.`);
      const id = newId("whd", now.getTime());
      const t = links.ticket;
      const body = ticketEventBody(webhook.format, {
        deliveryId: id,
        event: "ticket.updated",
        occurredAt: now,
        workspaceId: scope.tenantId,
        ticket: { id: t.id, number: t.number, subject: t.subject, status: t.status, priority: t.priority, assigneeId: t.assigneeId, groupId: t.groupId, tags: t.tags },
        changes: links.changes,
        // The rule that called it (an automation's id starts `aut_`).
        trigger: links.rule,
      });
      return [queueWebhookDelivery(scope.db, { id, tenantId: scope.tenantId, webhookId: webhook.id, event: "ticket.updated", body, createdAt: now })];
    }
    case "assign_by_group_method": {
      const outcome = links.assignment;
      if (outcome && "assign" in outcome) return assignmentStatements(scope, links.ticket.id, { ...outcome.assign, reason: ctx.actor.reason }, now).statements;
      return note(outcome?.note ?? "Not assigned by the group's method.");
    }
  }
}

const LINKED: readonly RuleEffect["type"][] = ["apply_macro", "call_webhook", "assign_by_group_method"];

/** A firing's links (null: it has no linked action), the assignment decided by the workspace's `tickAssigner` on the ticket as the change leaves it. */
export function firingLinks(
  row: Omit<TicketToAssign, "tags"> & { number: number; subject: string; type: string; tagsJson: string },
  requester: { tier: CustomerTier; language: string | null },
  planned: { change: TicketChange; effects: readonly RuleEffect[] },
  read: AutomationLinkRead,
  assign: () => ReturnType<typeof tickAssigner>,
  rule: { id: string; name: string },
  now: Date,
): FiringLinks | null {
  if (!planned.effects.some((e) => LINKED.includes(e.type))) return null;
  const { after, changes } = ticketAfter({ ...row, tags: JSON.parse(row.tagsJson) as string[] }, planned.change);
  const assignment = planned.effects.some((e) => e.type === "assign_by_group_method") ? assign()(after, requester, now) : null;
  return { macros: read.linkMacros ?? [], webhooks: read.linkWebhooks ?? [], ticket: after, changes, rule, assignment };
}
