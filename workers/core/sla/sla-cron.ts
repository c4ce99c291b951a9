import { and, asc, eq, gt, inArray, isNotNull, lte, ne, not, sql } from "drizzle-orm";
import { groupMembers, slaAlerts, slaClocks, slaPolicies, tenants, tickets, TICKET_PRIORITIES, users, type TicketPriority } from "../../../schema";
import { runBatch, type Db } from "../db";
import { sha256Hex } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound, sendQueued } from "../mail/outbox";
import type { Actor, TenantScope } from "../tenancy/scope";
import { formatTicketRef } from "../tickets/ticket-ref";
import { getTicket, updateTicket } from "../tickets/ticket-store";
import { queueAlertDeliveries, sendQueuedWebhook, type WebhookSettings } from "../webhooks/webhook-delivery";
import { webhooksFor } from "../webhooks/webhook-store";
import { isolated } from "../work/failure-boundary";
import { backedOff, clearWork, hasFailed, type WorkRef } from "../work/work-items";
import { finishTicketWrite } from "./ticket-sla";

const SYSTEM: Actor = { type: "system", id: null };
const METRIC_LABEL = { first_reply: "first reply", next_reply: "next reply", periodic_update: "update", resolution: "resolution" } as const;

/** How alerts leave: e-mail through the outbox, and the workspace's webhooks. */
export interface AlertChannels {
  mail: MailSettings;
  webhooks: WebhookSettings;
}

export interface SlaTickResult {
  warnings: number;
  breaches: number;
  escalations: number;
  recomputed: number;
  autoClosed: number;
}

/**
 * The SLA part of the cron tick. Every step is a bounded batch and safe to run twice at once:
 * an alert is sent only by the run that inserted its row (one per ticket, metric, instance and
 * kind — the primary key decides), and what a missed run left due is still due for the next.
 */
export async function runSlaTick(db: Db, channels: AlertChannels, now: Date, batch = 100): Promise<SlaTickResult> {
  const result: SlaTickResult = { warnings: 0, breaches: 0, escalations: 0, recomputed: 0, autoClosed: 0 };
  result.recomputed = await recomputePending(db, now, batch);

  // Not yet alerted and past due: running clocks, and clocks a recomputation already found
  // breached (a reply a moment after the deadline, a policy change) — both by index sla_clocks_due.
  // A ticket whose alert failed lately is skipped until its back-off ends (a poison item never fills the batch).
  const breached = await db
    .select({ clock: slaClocks, failed: alertFailed })
    .from(slaClocks)
    .where(and(inArray(slaClocks.state, ["running", "breached"]), eq(slaClocks.breachAlerted, false), lte(slaClocks.dueAt, now), not(alertBackedOff(now))))
    .orderBy(asc(slaClocks.dueAt))
    .limit(batch);
  for (const { clock, failed } of breached) {
    const scope = { db, tenantId: clock.tenantId };
    const outcome = await isolated(db, alertWork(clock), now, async () => {
      if (!(await raiseAlert(scope, channels, clock, "breach", now))) return { raised: false, escalated: false };
      // A deadline already met late needs no escalation, only the record that it was missed.
      const escalated = !clock.fulfilledAt && (await escalate(scope, clock.ticketId, clock.policyId, now));
      return { raised: true, escalated };
    });
    if (outcome?.raised) result.breaches++;
    if (outcome?.escalated) result.escalations++;
    if (outcome && failed) await clearWork(db, alertWork(clock), now);
    await finishTicketWrite(scope, clock.ticketId, now);
  }

  // Running clocks inside their warning window; a warned clock has no warning time any more.
  const warned = await db
    .select({ clock: slaClocks, failed: alertFailed })
    .from(slaClocks)
    .where(and(eq(slaClocks.state, "running"), lte(slaClocks.warnAt, now), gt(slaClocks.dueAt, now), not(alertBackedOff(now))))
    .orderBy(asc(slaClocks.warnAt))
    .limit(batch);
  for (const { clock, failed } of warned) {
    const raised = await isolated(db, alertWork(clock), now, () => raiseAlert({ db, tenantId: clock.tenantId }, channels, clock, "warning", now));
    if (raised) result.warnings++;
    if (raised !== undefined && failed) await clearWork(db, alertWork(clock), now);
  }

  result.autoClosed = await autoClose(db, now, batch);
  return result;
}

/** A ticket's SLA alerting (warnings, breaches, escalation) as one item of work. */
const alertWork = (clock: Clock): WorkRef => ({ tenantId: clock.tenantId, kind: "sla_alert", itemId: clock.ticketId, ticketId: clock.ticketId });
const alertBackedOff = (now: Date) => backedOff("sla_alert", slaClocks.tenantId, slaClocks.ticketId, now);
const alertFailed = hasFailed("sla_alert", slaClocks.tenantId, slaClocks.ticketId);

type Clock = typeof slaClocks.$inferSelect;

/**
 * Raises one alert, at most once: in one batch, the `sla_alerts` row (its primary key is the
 * alert), the e-mails to the assignee, the ticket's group and the workspace admins, one
 * delivery per subscribed webhook, and the mark on the clock. Outbound rows have ids derived
 * from the alert, so a second run raising the same alert inserts nothing; only the run whose
 * alert row went in sends. Nothing is sent before it is recorded; failures are retried by the cron.
 */
async function raiseAlert(scope: TenantScope, channels: AlertChannels, clock: Clock, kind: "warning" | "breach", now: Date): Promise<boolean> {
  const { db, tenantId } = scope;
  const { mail } = channels;
  const event = kind === "warning" ? "sla.warning" : "sla.breach";
  const ticket = await getTicket(scope, clock.ticketId);
  const [tenant, people, hooks] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, tenantId) }),
    db
      .selectDistinct({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          eq(users.active, true),
          sql`(${users.id} = ${ticket.assigneeId ?? ""} or ${users.role} in ('owner', 'admin') or ${users.id} in (select ${groupMembers.userId} from ${groupMembers} where ${groupMembers.tenantId} = ${tenantId} and ${groupMembers.groupId} = ${ticket.groupId ?? ""}))`,
        ),
      ),
    webhooksFor(scope, event),
  ]);
  const alertKey = `${tenantId}/${clock.ticketId}/${clock.metric}/${clock.instance}/${kind}`;
  const ids = await Promise.all([...people.map((p) => sha256Hex(`${alertKey}/mail/${p.id}`)), ...hooks.map((h) => sha256Hex(`${alertKey}/webhook/${h.id}`))]);
  const mailIds = ids.slice(0, people.length).map((hex) => `out_${hex.slice(0, 26)}`);
  const hookIds = new Map(hooks.map((h, i) => [h.id, `whd_${ids[people.length + i]!.slice(0, 26)}`]));

  const what = METRIC_LABEL[clock.metric];
  const due = clock.dueAt!.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const subject =
    kind === "warning" ? `[${formatTicketRef(ticket.number)}] SLA warning: ${what} due ${due}` : `[${formatTicketRef(ticket.number)}] SLA breached: ${what} was due ${due}`;
  const text = `${subject}\n\nTicket ${formatTicketRef(ticket.number)}: ${ticket.subject}\nStatus: ${ticket.status}, priority: ${ticket.priority}\n`;
  const emails = people.map((person, i) =>
    queueOutbound(db, {
      id: mailIds[i]!,
      tenantId,
      ticketId: ticket.id,
      purpose: kind === "warning" ? "sla_warning" : "sla_breach",
      fromAddress: `${tenant!.slug}@${mail.mailDomain}`,
      fromName: `${tenant!.name} (Kefu)`,
      toAddress: person.email,
      subject,
      bodyText: text,
      emailMessageId: newMessageId(mail.mailDomain),
      headers: { "Auto-Submitted": "auto-generated" },
      createdAt: now,
    }).onConflictDoNothing(),
  );
  const deliveries = queueAlertDeliveries(
    db,
    hooks,
    { event, occurredAt: now, workspace: { id: tenantId, slug: tenant!.slug }, ticket, sla: { metric: clock.metric, instance: clock.instance, dueAt: clock.dueAt! }, appUrl: channels.webhooks.appUrl },
    (webhookId) => hookIds.get(webhookId)!,
    now,
  );
  const thisClock = and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, clock.ticketId), eq(slaClocks.metric, clock.metric), eq(slaClocks.instance, clock.instance));
  const [claimed] = (await runBatch(db, [
    db
      .insert(slaAlerts)
      .values({ tenantId, ticketId: clock.ticketId, metric: clock.metric, instance: clock.instance, kind, dueAt: clock.dueAt!, createdAt: now })
      .onConflictDoNothing()
      .returning({ kind: slaAlerts.kind }),
    ...emails,
    ...deliveries.statements,
    db
      .update(slaClocks)
      // A warned clock has no warning time left; a breached one is past warning too.
      .set(kind === "warning" ? { warnAt: null } : { breachAlerted: true, warnAt: null })
      .where(thisClock),
  ])) as [unknown[], ...unknown[]];
  if (claimed.length === 0) return false;
  for (const id of mailIds) await sendQueued(db, mail.mailer, id, now);
  await Promise.all(deliveries.ids.map((id) => sendQueuedWebhook(db, channels.webhooks, id, now)));
  return true;
}

/** The policy's escalation on breach: raise the priority and/or move the ticket to another group. */
async function escalate(scope: TenantScope, ticketId: string, policyId: string, now: Date): Promise<boolean> {
  const policy = await scope.db.query.slaPolicies.findFirst({ where: and(eq(slaPolicies.tenantId, scope.tenantId), eq(slaPolicies.id, policyId)) });
  if (!policy || (!policy.escalatePriority && !policy.escalateGroupId)) return false;
  const ticket = await getTicket(scope, ticketId);
  if (ticket.status === "closed") return false;
  const rank = (p: TicketPriority) => TICKET_PRIORITIES.indexOf(p);
  const patch: Parameters<typeof updateTicket>[3] = {};
  if (policy.escalatePriority && rank(policy.escalatePriority) > rank(ticket.priority)) patch.priority = policy.escalatePriority;
  if (policy.escalateGroupId && policy.escalateGroupId !== ticket.groupId) {
    patch.groupId = policy.escalateGroupId;
    const stays = ticket.assigneeId
      ? await scope.db.query.groupMembers.findFirst({ where: and(eq(groupMembers.tenantId, scope.tenantId), eq(groupMembers.groupId, policy.escalateGroupId), eq(groupMembers.userId, ticket.assigneeId)) })
      : undefined;
    if (ticket.assigneeId && !stays) patch.assigneeId = null;
  }
  if (Object.keys(patch).length === 0) return false;
  const { changes } = await updateTicket(scope, SYSTEM, ticketId, patch, now);
  return changes.length > 0;
}

/** Works through workspaces whose policies or calendars changed, a batch of open tickets at a time. */
async function recomputePending(db: Db, now: Date, batch: number): Promise<number> {
  const pending = await db.query.tenants.findMany({ where: isNotNull(tenants.slaRecomputeCursor), columns: { id: true, slaRecomputeCursor: true }, limit: 5 });
  let count = 0;
  for (const tenant of pending) {
    const scope = { db, tenantId: tenant.id };
    const open = await db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenant.id), ne(tickets.status, "closed"), gt(tickets.id, tenant.slaRecomputeCursor!)))
      .orderBy(asc(tickets.id))
      .limit(batch);
    // Each ticket behind its own boundary: one that fails is recorded as owed work (retried with
    // back-off) and the cursor moves past it, so it can never pin the pass.
    for (const ticket of open) await finishTicketWrite(scope, ticket.id, now);
    count += open.length;
    // Only move the cursor if nobody asked for a new pass meanwhile ("" means: start again).
    await db
      .update(tenants)
      .set({ slaRecomputeCursor: open.length < batch ? null : open.at(-1)!.id })
      .where(and(eq(tenants.id, tenant.id), eq(tenants.slaRecomputeCursor, tenant.slaRecomputeCursor!)));
  }
  return count;
}

/**
 * Solved tickets close by themselves after the workspace's number of days. Each workspace has
 * its own cut-off, so the scan walks the workspaces (CROSS JOIN keeps them the outer loop) and
 * reads only each one's due range of `tickets (tenant_id, status, solved_at)`.
 */
async function autoClose(db: Db, now: Date, batch: number): Promise<number> {
  const due = await db.all<{ id: string; tenant_id: string; failed: number }>(sql`
    select t.id, t.tenant_id, ${hasFailed("auto_close", sql`t.tenant_id`, sql`t.id`)} as failed from ${tenants} n cross join ${tickets} t
    where n.auto_close_days is not null and t.tenant_id = n.id and t.status = 'solved'
      and t.solved_at <= ${now.getTime()} - n.auto_close_days * 86400000
      and not ${backedOff("auto_close", sql`t.tenant_id`, sql`t.id`, now)}
    limit ${batch}`);
  let closed = 0;
  for (const ticket of due) {
    const scope = { db, tenantId: ticket.tenant_id };
    const ref: WorkRef = { tenantId: ticket.tenant_id, kind: "auto_close", itemId: ticket.id, ticketId: ticket.id };
    const done = await isolated(db, ref, now, () => updateTicket(scope, SYSTEM, ticket.id, { status: "closed" }, now));
    if (done) closed++;
    if (done && ticket.failed) await clearWork(db, ref, now);
  }
  return closed;
}
