import { and, asc, eq, gt, inArray, isNotNull, lte, ne, not, or, sql } from "drizzle-orm";
import { groupMembers, slaAlerts, slaClocks, slaPolicies, tenants, tickets, TICKET_PRIORITIES, users, type TicketPriority } from "../../../schema";
import { readAll, runBatch, type Db } from "../db";
import { sha256Hex } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound, recordAttempt, sendAttempt, type OutboundRecord } from "../mail/outbox";
import type { Actor, TenantScope } from "../tenancy/scope";
import { formatTicketRef } from "../tickets/ticket-ref";
import { updateTicket } from "../tickets/ticket-store";
import { queueAlertDeliveries, recordWebhookAttempt, webhookAttempt, type WebhookSettings } from "../webhooks/webhook-delivery";
import { activeWebhooks, subscribedTo, type WebhookDeliveryRow } from "../webhooks/webhook-store";
import { cronStep, runCronSteps, type CronStep } from "../work/cron-step";
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
 * The SLA part of the cron tick, as three cron steps (recomputation passes, alerts, auto-close),
 * whose scans go out with the rest of the tick's in one batch. Every step is bounded and safe to
 * run twice at once: an alert is sent only by the run that inserted its row (one per ticket,
 * metric, instance and kind — the primary key decides), and what a missed run left due is still
 * due for the next.
 */
export function slaSteps(db: Db, channels: AlertChannels, now: Date, batch = 100): CronStep<Partial<SlaTickResult>>[] {
  return [
    cronStep("sla_recompute", { pending: pendingRecomputes(db) }, async ({ pending }) => ({ recomputed: await recomputePending(db, pending, now, batch) })),
    cronStep("sla_alerts", { breached: breachedClocks(db, now, batch), warned: warnedClocks(db, now, batch) }, (found) => raiseDueAlerts(db, channels, found, now)),
    cronStep("auto_close", { due: dueToClose(db, now, batch) }, async ({ due }) => ({ autoClosed: await autoClose(db, due, now) })),
  ];
}

/** The SLA steps on their own (one round trip for their scans), as the tick runs them. */
export async function runSlaTick(db: Db, channels: AlertChannels, now: Date, batch = 100): Promise<SlaTickResult> {
  const { result } = await runCronSteps(db, slaSteps(db, channels, now, batch));
  return { warnings: 0, breaches: 0, escalations: 0, recomputed: 0, autoClosed: 0, ...result };
}

/**
 * Not yet alerted and past due: running clocks, and clocks a recomputation already found
 * breached (a reply a moment after the deadline, a policy change) — both by index sla_clocks_due.
 * A ticket whose alert failed lately is skipped until its back-off ends (a poison item never fills the batch).
 */
const breachedClocks = (db: Db, now: Date, batch: number) =>
  db
    .select({ clock: slaClocks, failed: alertFailed })
    .from(slaClocks)
    .where(and(inArray(slaClocks.state, ["running", "breached"]), eq(slaClocks.breachAlerted, false), lte(slaClocks.dueAt, now), not(alertBackedOff(now))))
    .orderBy(asc(slaClocks.dueAt))
    .limit(batch);

/** Running clocks inside their warning window; a warned clock has no warning time any more. */
const warnedClocks = (db: Db, now: Date, batch: number) =>
  db
    .select({ clock: slaClocks, failed: alertFailed })
    .from(slaClocks)
    .where(and(eq(slaClocks.state, "running"), lte(slaClocks.warnAt, now), gt(slaClocks.dueAt, now), not(alertBackedOff(now))))
    .orderBy(asc(slaClocks.warnAt))
    .limit(batch);

type DueClocks = Awaited<ReturnType<typeof breachedClocks>>;

async function raiseDueAlerts(db: Db, channels: AlertChannels, found: { breached: DueClocks; warned: DueClocks }, now: Date): Promise<Partial<SlaTickResult>> {
  const result = { warnings: 0, breaches: 0, escalations: 0 };
  for (const { clock, failed } of found.breached) {
    const scope = { db, tenantId: clock.tenantId };
    const outcome = await isolated(db, alertWork(clock), now, async () => {
      const raised = await raiseAlert(db, channels, clock, "breach", now);
      if (!raised) return { raised: false, escalated: false };
      // A deadline already met late needs no escalation, only the record that it was missed.
      const escalated = raised.escalation !== undefined && (await escalate(scope, raised.escalation, now));
      return { raised: true, escalated };
    });
    if (outcome?.raised) result.breaches++;
    if (outcome?.escalated) result.escalations++;
    if (outcome && failed) await clearWork(db, alertWork(clock), now);
    await finishTicketWrite(scope, clock.ticketId, now);
  }
  for (const { clock, failed } of found.warned) {
    const raised = await isolated(db, alertWork(clock), now, () => raiseAlert(db, channels, clock, "warning", now));
    if (raised) result.warnings++;
    if (raised !== undefined && failed) await clearWork(db, alertWork(clock), now);
  }
  return result;
}

/** A ticket's SLA alerting (warnings, breaches, escalations) as one item of work. */
const alertWork = (clock: Clock): WorkRef => ({ tenantId: clock.tenantId, kind: "sla_alert", itemId: clock.ticketId, ticketId: clock.ticketId });
const alertBackedOff = (now: Date) => backedOff("sla_alert", slaClocks.tenantId, slaClocks.ticketId, now);
const alertFailed = hasFailed("sla_alert", slaClocks.tenantId, slaClocks.ticketId);

type Clock = typeof slaClocks.$inferSelect;

/** Whether the clock, as it is stored now, still owes the alert the scan found it due for. */
function stillDue(clock: Pick<Clock, "state" | "breachAlerted" | "dueAt" | "warnAt"> | undefined, kind: "warning" | "breach", now: Date): boolean {
  if (!clock?.dueAt) return false;
  if (kind === "breach") return (clock.state === "running" || clock.state === "breached") && !clock.breachAlerted && clock.dueAt <= now;
  return clock.state === "running" && clock.warnAt !== null && clock.warnAt <= now && clock.dueAt > now;
}

/**
 * The reads an alert needs, in one round trip: the ticket, the workspace, the people to tell (the
 * assignee, the ticket's group, the admins), the webhooks, the clock as it is now (a change since
 * the scan may have met or moved it), and for a breach the policy's escalation with whether the
 * assignee belongs to the group it moves the ticket to.
 */
function alertReads(db: Db, clock: Clock) {
  const { tenantId, ticketId } = clock;
  const thisTicket = and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId));
  const ticketColumn = (column: typeof tickets.assigneeId | typeof tickets.groupId) => db.select({ value: column }).from(tickets).where(thisTicket);
  const escalationGroup = db.select({ value: slaPolicies.escalateGroupId }).from(slaPolicies).where(and(eq(slaPolicies.tenantId, tenantId), eq(slaPolicies.id, clock.policyId)));
  return {
    ticket: db
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, priority: tickets.priority, assigneeId: tickets.assigneeId, groupId: tickets.groupId })
      .from(tickets)
      .where(thisTicket),
    tenant: db.select({ slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId)),
    people: db
      .selectDistinct({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          eq(users.active, true),
          or(
            eq(users.id, ticketColumn(tickets.assigneeId)),
            inArray(users.role, ["owner", "admin"]),
            inArray(users.id, db.select({ id: groupMembers.userId }).from(groupMembers).where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.groupId, ticketColumn(tickets.groupId))))),
          ),
        ),
      ),
    hooks: activeWebhooks({ db, tenantId }),
    clock: db
      .select({ state: slaClocks.state, breachAlerted: slaClocks.breachAlerted, dueAt: slaClocks.dueAt, warnAt: slaClocks.warnAt })
      .from(slaClocks)
      .where(and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, ticketId), eq(slaClocks.metric, clock.metric), eq(slaClocks.instance, clock.instance))),
    policy: db
      .select({ escalatePriority: slaPolicies.escalatePriority, escalateGroupId: slaPolicies.escalateGroupId })
      .from(slaPolicies)
      .where(and(eq(slaPolicies.tenantId, tenantId), eq(slaPolicies.id, clock.policyId))),
    assigneeInEscalationGroup: db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.groupId, escalationGroup), eq(groupMembers.userId, ticketColumn(tickets.assigneeId)))),
  };
}

type AlertTicket = Awaited<ReturnType<typeof alertReads>["ticket"]>[number];

/** What a breach escalates: the ticket as read for the alert, and the policy's escalation. */
interface Escalation {
  ticket: AlertTicket;
  escalatePriority: TicketPriority | null;
  escalateGroupId: string | null;
  assigneeStays: boolean;
}

/**
 * Raises one alert, at most once: in one batch, the `sla_alerts` row (its primary key is the
 * alert), the e-mails to the assignee, the ticket's group and the workspace admins, one
 * delivery per subscribed webhook, and the mark on the clock. Outbound rows have ids derived
 * from the alert, so a second run raising the same alert inserts nothing; only the run whose
 * alert row went in sends. Nothing is sent before it is recorded; failures are retried by the cron.
 * Three round trips however many people and webhooks: the reads, the batch, the outcomes.
 * False if the alert is no longer owed or another run raised it; for a breach of a running
 * clock, what to escalate.
 */
async function raiseAlert(db: Db, channels: AlertChannels, clock: Clock, kind: "warning" | "breach", now: Date): Promise<false | { escalation?: Escalation }> {
  const { tenantId } = clock;
  const { mail } = channels;
  const event = kind === "warning" ? "sla.warning" : "sla.breach";
  const read = await readAll(db, alertReads(db, clock));
  const [ticket] = read.ticket;
  const [tenant] = read.tenant;
  if (!ticket || !tenant || !stillDue(read.clock[0], kind, now)) return false;
  const { people } = read;
  const hooks = subscribedTo(read.hooks, event);
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
      fromAddress: `${tenant.slug}@${mail.mailDomain}`,
      fromName: `${tenant.name} (Kefu)`,
      toAddress: person.email,
      subject,
      bodyText: text,
      emailMessageId: newMessageId(mail.mailDomain),
      headers: { "Auto-Submitted": "auto-generated" },
      createdAt: now,
    })
      .onConflictDoNothing()
      .returning(),
  );
  const deliveries = queueAlertDeliveries(
    db,
    hooks,
    { event, occurredAt: now, workspace: { id: tenantId, slug: tenant.slug }, ticket, sla: { metric: clock.metric, instance: clock.instance, dueAt: clock.dueAt! }, appUrl: channels.webhooks.appUrl },
    (webhookId) => hookIds.get(webhookId)!,
    now,
  );
  const thisClock = and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, clock.ticketId), eq(slaClocks.metric, clock.metric), eq(slaClocks.instance, clock.instance));
  const [claimed, ...queued] = (await runBatch(db, [
    db
      .insert(slaAlerts)
      .values({ tenantId, ticketId: clock.ticketId, metric: clock.metric, instance: clock.instance, kind, dueAt: clock.dueAt!, createdAt: now })
      .onConflictDoNothing()
      .returning({ kind: slaAlerts.kind }),
    ...emails,
    ...deliveries,
    db
      .update(slaClocks)
      // A warned clock has no warning time left; a breached one is past warning too.
      .set(kind === "warning" ? { warnAt: null } : { breachAlerted: true, warnAt: null })
      .where(thisClock),
  ])) as unknown[][];
  if (claimed!.length === 0) return false;
  const newMail = queued.slice(0, emails.length).flat() as OutboundRecord[];
  const newDeliveries = queued.slice(emails.length, emails.length + deliveries.length).flat() as WebhookDeliveryRow[];
  const hookById = new Map(hooks.map((h) => [h.id, h]));
  // Sent side by side; every outcome recorded in one batch.
  const [mailOutcomes, deliveryOutcomes] = await Promise.all([
    Promise.all(newMail.map((message) => sendAttempt(mail.mailer, message, now))),
    Promise.all(newDeliveries.map((delivery) => webhookAttempt(channels.webhooks, delivery, hookById.get(delivery.webhookId)!, now))),
  ]);
  await runBatch(db, [
    ...newMail.map((message, i) => recordAttempt(db, message.id, mailOutcomes[i]!)),
    ...newDeliveries.map((delivery, i) => recordWebhookAttempt(db, delivery.id, deliveryOutcomes[i]!)),
  ]);
  if (kind === "warning" || clock.fulfilledAt) return {};
  const [policy] = read.policy;
  if (!policy || (!policy.escalatePriority && !policy.escalateGroupId)) return {};
  return { escalation: { ticket, ...policy, assigneeStays: read.assigneeInEscalationGroup.length > 0 } };
}

/** The policy's escalation on breach: raise the priority and/or move the ticket to another group. */
async function escalate(scope: TenantScope, { ticket, escalatePriority, escalateGroupId, assigneeStays }: Escalation, now: Date): Promise<boolean> {
  if (ticket.status === "closed") return false;
  const rank = (p: TicketPriority) => TICKET_PRIORITIES.indexOf(p);
  const patch: Parameters<typeof updateTicket>[3] = {};
  if (escalatePriority && rank(escalatePriority) > rank(ticket.priority)) patch.priority = escalatePriority;
  if (escalateGroupId && escalateGroupId !== ticket.groupId) {
    patch.groupId = escalateGroupId;
    if (ticket.assigneeId && !assigneeStays) patch.assigneeId = null;
  }
  if (Object.keys(patch).length === 0) return false;
  const { changes } = await updateTicket(scope, SYSTEM, ticket.id, patch, now);
  return changes.length > 0;
}

/** The scan for workspaces whose policies or calendars changed (a recomputation pass is pending). */
const pendingRecomputes = (db: Db) => db.select({ id: tenants.id, slaRecomputeCursor: tenants.slaRecomputeCursor }).from(tenants).where(isNotNull(tenants.slaRecomputeCursor)).limit(5);

/** Works through the workspaces whose pass is pending, a batch of open tickets at a time. */
async function recomputePending(db: Db, pending: Awaited<ReturnType<typeof pendingRecomputes>>, now: Date, batch: number): Promise<number> {
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
const dueToClose = (db: Db, now: Date, batch: number) =>
  db
    .select({ id: tickets.id, tenantId: tickets.tenantId, failed: hasFailed("auto_close", tickets.tenantId, tickets.id) })
    .from(tenants)
    .crossJoin(tickets)
    .where(
      and(
        isNotNull(tenants.autoCloseDays),
        eq(tickets.tenantId, tenants.id),
        eq(tickets.status, "solved"),
        sql`${tickets.solvedAt} <= ${now.getTime()} - ${tenants.autoCloseDays} * 86400000`,
        not(backedOff("auto_close", tickets.tenantId, tickets.id, now)),
      ),
    )
    .limit(batch);

async function autoClose(db: Db, due: Awaited<ReturnType<typeof dueToClose>>, now: Date): Promise<number> {
  let closed = 0;
  for (const ticket of due) {
    const scope = { db, tenantId: ticket.tenantId };
    const ref: WorkRef = { tenantId: ticket.tenantId, kind: "auto_close", itemId: ticket.id, ticketId: ticket.id };
    const done = await isolated(db, ref, now, () => updateTicket(scope, SYSTEM, ticket.id, { status: "closed" }, now));
    if (done) closed++;
    if (done && ticket.failed) await clearWork(db, ref, now);
  }
  return closed;
}
