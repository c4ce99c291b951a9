import { and, asc, eq, gt, isNotNull, lte, ne, notExists, sql } from "drizzle-orm";
import { groupMembers, outboundMessages, slaAlerts, slaClocks, slaPolicies, tenants, tickets, TICKET_PRIORITIES, users, type TicketPriority } from "../../../schema";
import { runBatch, type Db } from "../db";
import { newId } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound, sendQueued } from "../mail/outbox";
import type { Actor, TenantScope } from "../tenancy/scope";
import { formatTicketRef } from "../tickets/ticket-ref";
import { getTicket, updateTicket } from "../tickets/ticket-store";
import { queueAlertDeliveries, sendQueuedWebhook, type WebhookSettings } from "../webhooks/webhook-delivery";
import { webhooksFor } from "../webhooks/webhook-store";
import { recomputeTicketSla } from "./ticket-sla";

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

  const breached = await db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.state, "running"), isNotNull(slaClocks.dueAt), lte(slaClocks.dueAt, now)))
    .orderBy(asc(slaClocks.dueAt))
    .limit(batch);
  for (const clock of breached) {
    const scope = { db, tenantId: clock.tenantId };
    if (await claimAlert(scope, clock, "breach", now)) {
      result.breaches++;
      await notify(scope, channels, clock, "breach", now);
      if (await escalate(scope, clock.ticketId, clock.policyId, now)) result.escalations++;
    }
    await recomputeTicketSla(scope, clock.ticketId, now);
  }

  const warned = await db
    .select()
    .from(slaClocks)
    .where(
      and(
        eq(slaClocks.state, "running"),
        isNotNull(slaClocks.warnAt),
        lte(slaClocks.warnAt, now),
        gt(slaClocks.dueAt, now),
        notExists(
          db
            .select({ one: sql`1` })
            .from(slaAlerts)
            .where(
              and(
                eq(slaAlerts.tenantId, slaClocks.tenantId),
                eq(slaAlerts.ticketId, slaClocks.ticketId),
                eq(slaAlerts.metric, slaClocks.metric),
                eq(slaAlerts.instance, slaClocks.instance),
                eq(slaAlerts.kind, "warning"),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(slaClocks.warnAt))
    .limit(batch);
  for (const clock of warned) {
    const scope = { db, tenantId: clock.tenantId };
    if (await claimAlert(scope, clock, "warning", now)) {
      result.warnings++;
      await notify(scope, channels, clock, "warning", now);
    }
  }

  result.autoClosed = await autoClose(db, now, batch);
  return result;
}

type Clock = typeof slaClocks.$inferSelect;

/** Inserts the alert row; true only for the run that inserted it. */
async function claimAlert(scope: TenantScope, clock: Clock, kind: "warning" | "breach", now: Date): Promise<boolean> {
  const [row] = await scope.db
    .insert(slaAlerts)
    .values({ tenantId: scope.tenantId, ticketId: clock.ticketId, metric: clock.metric, instance: clock.instance, kind, dueAt: clock.dueAt!, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return Boolean(row);
}

/**
 * Emails the assignee, the ticket's group and the workspace admins (each once), and posts to
 * the workspace's active webhooks subscribed to the event (one delivery each). E-mails and
 * deliveries are recorded in one batch before anything is sent; failures stay recorded for
 * the cron to retry.
 */
async function notify(scope: TenantScope, channels: AlertChannels, clock: Clock, kind: "warning" | "breach", now: Date) {
  const { db, tenantId } = scope;
  const { mail } = channels;
  const event = kind === "warning" ? "sla.warning" : "sla.breach";
  const ticket = await getTicket(scope, clock.ticketId);
  const [tenant, people, hooks] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, tenantId) }),
    db
      .selectDistinct({ email: users.email, name: users.name })
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
  const what = METRIC_LABEL[clock.metric];
  const due = clock.dueAt!.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const subject =
    kind === "warning" ? `[${formatTicketRef(ticket.number)}] SLA warning: ${what} due ${due}` : `[${formatTicketRef(ticket.number)}] SLA breached: ${what} was due ${due}`;
  const text = `${subject}\n\nTicket ${formatTicketRef(ticket.number)}: ${ticket.subject}\nStatus: ${ticket.status}, priority: ${ticket.priority}\n`;
  const statements = people.map((person) =>
    queueOutbound(db, {
      id: newId("out", now.getTime()),
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
    }).returning({ id: outboundMessages.id }),
  );
  const deliveries = queueAlertDeliveries(
    db,
    hooks,
    { event, occurredAt: now, workspace: { id: tenantId, slug: tenant!.slug }, ticket, sla: { metric: clock.metric, instance: clock.instance, dueAt: clock.dueAt! }, appUrl: channels.webhooks.appUrl },
    now,
  );
  const queued = ((await runBatch(db, [...statements, ...deliveries.statements])) as { id: string }[][]).slice(0, statements.length);
  for (const [row] of queued) if (row) await sendQueued(db, mail.mailer, row.id, now);
  await Promise.all(deliveries.ids.map((id) => sendQueuedWebhook(db, channels.webhooks.fetcher, id, now)));
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
    for (const ticket of open) await recomputeTicketSla(scope, ticket.id, now);
    count += open.length;
    // Only move the cursor if nobody asked for a new pass meanwhile ("" means: start again).
    await db
      .update(tenants)
      .set({ slaRecomputeCursor: open.length < batch ? null : open.at(-1)!.id })
      .where(and(eq(tenants.id, tenant.id), eq(tenants.slaRecomputeCursor, tenant.slaRecomputeCursor!)));
  }
  return count;
}

/** Solved tickets close by themselves after the workspace's number of days. */
async function autoClose(db: Db, now: Date, batch: number): Promise<number> {
  const due = await db
    .select({ id: tickets.id, tenantId: tickets.tenantId })
    .from(tickets)
    .innerJoin(tenants, eq(tenants.id, tickets.tenantId))
    .where(and(eq(tickets.status, "solved"), isNotNull(tenants.autoCloseDays), sql`${tickets.solvedAt} <= ${now.getTime()} - ${tenants.autoCloseDays} * 86400000`))
    .limit(batch);
  for (const ticket of due) {
    const scope = { db, tenantId: ticket.tenantId };
    await updateTicket(scope, SYSTEM, ticket.id, { status: "closed" }, now);
    await recomputeTicketSla(scope, ticket.id, now);
  }
  return due.length;
}
