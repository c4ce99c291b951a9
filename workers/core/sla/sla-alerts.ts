import { and, eq, inArray, or, type SQLWrapper } from "drizzle-orm";
import { businessCalendars, groupMembers, slaAlerts, slaClocks, slaPolicies, tenants, tickets, TICKET_PRIORITIES, users, type TicketPriority } from "../../../schema";
import { runBatch, type Db, type ReadResults, type Statement } from "../db";
import { fixedRead } from "../built-once";
import { sha256Hex } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { queueOutbound, recordAttempts, sendAttempt, type OutboundRecord } from "../mail/outbox";
import type { Actor, TenantScope } from "../tenancy/scope";
import type { TicketPatch } from "../tickets/ticket-rules";
import { queueAlertDeliveries, recordWebhookAttempt, webhookAttempt, type WebhookSettings } from "../webhooks/webhook-delivery";
import { activeWebhooks, subscribedTo, type WebhookDeliveryRow, type WebhookRow } from "../webhooks/webhook-store";
import { readEach } from "../work/cron-step";
import { publishLive, type LiveHub } from "../live/live-events";
import { noticeStatements } from "../notifications/notification-store";
import { emailWanted } from "../notifications/recipients";
import { mailLanguage } from "../mail/mail-language";
import { composeSlaAlert } from "./sla-alert-email";
import { alertTriggerReads, planAlertTriggers } from "./sla-alert-triggers";
import { triggeredLive } from "../live/rule-live";

/** The cron acting on a ticket (escalations, auto-close). */
export const SYSTEM: Actor = { type: "system", id: null };

/** How alerts leave: e-mail through the outbox, and the workspace's webhooks. */
export interface AlertChannels {
  mail: MailSettings;
  webhooks: WebhookSettings;
  /** The workspaces' live hubs: an alert's notice rings the assignee's bell at once. */
  live?: LiveHub;
}

export type Clock = typeof slaClocks.$inferSelect;

/** One alert the cron found due: a warning or a breach of one clock. */
export interface DueAlert {
  clock: Clock;
  kind: "warning" | "breach";
  /** The scan found no active trigger in the workspace: the alert's trigger reads are not sent. */
  withoutTriggers?: boolean;
}

/**
 * What became of one alert: not owed any more or raised by another run (false), or raised, with
 * what a breach escalates and whether its triggers changed the ticket's fields (its clocks are then recomputed).
 */
export type AlertOutcome = false | { escalation?: Escalation; triggersChanged?: boolean };

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
function alertReads(db: Db, clock: Clock, withoutTriggers?: boolean) {
  const { tenantId, ticketId, policyId, metric, instance } = clock;
  return {
    ticket: alertTicketRead(db, { tenantId, ticketId }),
    tenant: alertTenantRead(db, { tenantId }),
    people: alertPeopleRead(db, { tenantId, ticketId }),
    hooks: activeWebhooks({ db, tenantId }),
    clock: alertClockRead(db, { tenantId, ticketId, metric, instance }),
    policy: alertPolicyRead(db, { tenantId, policyId }),
    assigneeInEscalationGroup: escalationMemberRead(db, { tenantId, ticketId, policyId }),
    ...alertTriggerReads(db, clock, withoutTriggers),
  };
}

// Built once per isolate (fixedRead): every alert sends them.
const thisTicket = (v: { tenantId: SQLWrapper; ticketId: SQLWrapper }) => and(eq(tickets.tenantId, v.tenantId), eq(tickets.id, v.ticketId));
const ticketColumn = (db: Db, column: typeof tickets.assigneeId | typeof tickets.groupId, v: { tenantId: SQLWrapper; ticketId: SQLWrapper }) => db.select({ value: column }).from(tickets).where(thisTicket(v));
const alertTicketRead = fixedRead(["tenantId", "ticketId"], (db, v) =>
  db
    .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, priority: tickets.priority, assigneeId: tickets.assigneeId, groupId: tickets.groupId })
    .from(tickets)
    .where(thisTicket(v)),
);
// With the zone of its default business-hours calendar: alert mail tells times in it.
const alertTenantRead = fixedRead(["tenantId"], (db, v) =>
  db
    .select({ slug: tenants.slug, name: tenants.name, defaultLanguage: tenants.defaultLanguage, timeZone: businessCalendars.timeZone })
    .from(tenants)
    .leftJoin(businessCalendars, and(eq(businessCalendars.tenantId, tenants.id), eq(businessCalendars.id, tenants.defaultCalendarId)))
    .where(eq(tenants.id, v.tenantId)),
);
// The people to tell: the assignee, the ticket's group, the admins.
const alertPeopleRead = fixedRead(["tenantId", "ticketId"], (db, v) =>
  db
    .selectDistinct({ id: users.id, email: users.email, name: users.name, off: users.emailNotificationsOff, language: users.language })
    .from(users)
    .where(
      and(
        eq(users.tenantId, v.tenantId),
        eq(users.active, true),
        or(
          eq(users.id, ticketColumn(db, tickets.assigneeId, v)),
          inArray(users.role, ["owner", "admin"]),
          inArray(users.id, db.select({ id: groupMembers.userId }).from(groupMembers).where(and(eq(groupMembers.tenantId, v.tenantId), eq(groupMembers.groupId, ticketColumn(db, tickets.groupId, v))))),
        ),
      ),
    ),
);
const alertClockRead = fixedRead(["tenantId", "ticketId", "metric", "instance"], (db, v) =>
  db
    .select({ state: slaClocks.state, breachAlerted: slaClocks.breachAlerted, dueAt: slaClocks.dueAt, warnAt: slaClocks.warnAt })
    .from(slaClocks)
    .where(and(eq(slaClocks.tenantId, v.tenantId), eq(slaClocks.ticketId, v.ticketId), eq(slaClocks.metric, v.metric), eq(slaClocks.instance, v.instance))),
);
const alertPolicyRead = fixedRead(["tenantId", "policyId"], (db, v) =>
  db
    .select({ escalatePriority: slaPolicies.escalatePriority, escalateGroupId: slaPolicies.escalateGroupId })
    .from(slaPolicies)
    .where(and(eq(slaPolicies.tenantId, v.tenantId), eq(slaPolicies.id, v.policyId))),
);
// Whether the assignee belongs to the group the policy's escalation moves the ticket to.
const escalationMemberRead = fixedRead(["tenantId", "ticketId", "policyId"], (db, v) =>
  db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(
      and(
        eq(groupMembers.tenantId, v.tenantId),
        eq(groupMembers.groupId, db.select({ value: slaPolicies.escalateGroupId }).from(slaPolicies).where(and(eq(slaPolicies.tenantId, v.tenantId), eq(slaPolicies.id, v.policyId)))),
        eq(groupMembers.userId, ticketColumn(db, tickets.assigneeId, v)),
      ),
    ),
);

type AlertTicket = Awaited<ReturnType<typeof alertReads>["ticket"]>[number];

/** What a breach escalates: the ticket as read for the alert, the metric breached, and the policy's escalation. */
export interface Escalation {
  ticket: AlertTicket;
  metric: Clock["metric"];
  escalatePriority: TicketPriority | null;
  escalateGroupId: string | null;
  assigneeStays: boolean;
}

/**
 * The change a breach's escalation makes (pure): raise the priority and/or move the ticket to
 * another group (its assignee leaves unless a member of it). Null when it changes nothing.
 */
export function escalationPatch({ ticket, escalatePriority, escalateGroupId, assigneeStays }: Escalation): TicketPatch | null {
  if (ticket.status === "closed") return null;
  const rank = (p: TicketPriority) => TICKET_PRIORITIES.indexOf(p);
  const patch: TicketPatch = {};
  if (escalatePriority && rank(escalatePriority) > rank(ticket.priority)) patch.priority = escalatePriority;
  if (escalateGroupId && escalateGroupId !== ticket.groupId) {
    patch.groupId = escalateGroupId;
    if (ticket.assigneeId && !assigneeStays) patch.assigneeId = null;
  }
  return Object.keys(patch).length === 0 ? null : patch;
}

/** Why an escalation's changes are made, as the history records it: `sla_breach:<metric>`. */
export const escalationReason = ({ metric }: Pick<Escalation, "metric">) => `sla_breach:${metric}`;

/** The system acting for an escalation: its field changes carry the reason (`ticket_events.reason`). */
export const escalationActor = (escalation: Pick<Escalation, "metric">): Actor => ({ ...SYSTEM, reason: escalationReason(escalation) });

/**
 * Raises alerts, each at most once, several together in three round trips however many alerts,
 * people and webhooks: one batch reads what every alert needs (`alertReads`); one batch records
 * them all — per alert the `sla_alerts` row (its primary key is the alert), the e-mails to the
 * assignee, the ticket's group and the workspace admins, one delivery per subscribed webhook, and
 * the mark on the clock; then everything is sent side by side and every outcome recorded in one
 * batch (the e-mails sent: one statement). Outbound rows have ids derived from the alert, so a second run raising the same alert
 * inserts nothing; only the run whose alert row went in sends. Nothing is sent before it is
 * recorded; failures are retried by the cron. A batch fails as a whole: the caller raises the
 * alerts again one by one, each behind its own failure boundary.
 */
export async function raiseAlerts(db: Db, channels: AlertChannels, alerts: readonly DueAlert[], now: Date, triggers = true): Promise<AlertOutcome[]> {
  const reads = await readEach(db, alerts.map(({ clock, withoutTriggers }) => alertReads(db, clock, withoutTriggers)));
  const plans = await Promise.all(alerts.map((alert, i) => planAlert(db, channels, alert, reads[i]!, now, triggers)));
  const written = await runBatch(db, plans.flatMap((plan) => plan?.statements ?? []));
  // Each plan's results, in its statements' order: the alert row, the e-mails, the deliveries, the clock.
  let at = 0;
  const claimed = plans.map((plan) => {
    if (!plan) return null;
    const results = written.slice(at + plan.head, (at += plan.statements.length)) as unknown[][];
    if (results[0]!.length === 0) return null; // another run raised it
    // The assignee's bell, and — when its triggers fired — the ticket's page and lists (and the bells their notices and assignment ring).
    publishLive({ db, tenantId: plan.tenantId, live: channels.live?.(plan.tenantId) }, [...triggeredLive(plan.ticketId, plan.triggered, results, now), ...plan.live]);
    return {
      mail: results.slice(1, 1 + plan.emails).flat() as OutboundRecord[],
      deliveries: results.slice(1 + plan.emails, 1 + plan.emails + plan.deliveries).flat() as WebhookDeliveryRow[],
      hooks: plan.hooks,
    };
  });
  const mail = claimed.flatMap((c) => c?.mail ?? []);
  const deliveries = claimed.flatMap((c) => (c?.deliveries ?? []).map((delivery) => ({ delivery, hook: c!.hooks.get(delivery.webhookId)! })));
  // Sent side by side; every outcome recorded in one batch.
  const [mailOutcomes, deliveryOutcomes] = await Promise.all([
    Promise.all(mail.map((message) => sendAttempt(channels.mail.mailer, message, now))),
    Promise.all(deliveries.map(({ delivery, hook }) => webhookAttempt(channels.webhooks, delivery, hook, now))),
  ]);
  await runBatch(db, [
    ...recordAttempts(db, mail.map((message, i) => ({ id: message.id, outcome: mailOutcomes[i]! }))),
    ...deliveries.map(({ delivery }, i) => recordWebhookAttempt(db, delivery.id, deliveryOutcomes[i]!)),
  ]);
  return plans.map((plan, i) => (plan && claimed[i] ? { escalation: plan.escalation, triggersChanged: plan.triggersChanged } : false));
}

type AlertReads = ReturnType<typeof alertReads>;
type AlertRead = ReadResults<AlertReads>;

/**
 * One alert's statements for the recording batch (null if it is no longer owed), and what a breach
 * escalates. With `triggers`, the alert's event runs the workspace's triggers in the same batch
 * (`planAlertTriggers`: `head` is its guard, first); the alert tells of the ticket as they leave it.
 */
async function planAlert(db: Db, channels: AlertChannels, { clock, kind }: DueAlert, read: AlertRead, now: Date, triggers: boolean) {
  const { tenantId } = clock;
  const { mail } = channels;
  const event = kind === "warning" ? "sla.warning" : "sla.breach";
  const [before] = read.ticket;
  const [tenant] = read.tenant;
  if (!before || !tenant || !stillDue(read.clock[0], kind, now)) return null;
  const triggered = triggers ? planAlertTriggers(db, clock, kind, read, now) : null;
  const after = triggered?.plan.ticket;
  const ticket: AlertTicket = after ? { ...before, status: after.status, priority: after.priority, assigneeId: after.assigneeId, groupId: after.groupId } : before;
  // Nobody who turned this kind's email off gets it (docs/notifications.md).
  const notice = kind === "warning" ? "sla_warning" : "sla_breach";
  const people = read.people.filter((p) => emailWanted(notice, p.off));
  const hooks = subscribedTo(read.hooks, event);
  const alertKey = `${tenantId}/${clock.ticketId}/${clock.metric}/${clock.instance}/${kind}`;
  const ids = await Promise.all([...people.map((p) => sha256Hex(`${alertKey}/mail/${p.id}`)), ...hooks.map((h) => sha256Hex(`${alertKey}/webhook/${h.id}`))]);
  const mailIds = ids.slice(0, people.length).map((hex) => `out_${hex.slice(0, 26)}`);
  const hookIds = new Map(hooks.map((h, i) => [h.id, `whd_${ids[people.length + i]!.slice(0, 26)}`]));
  const noticeId = `ntf_${(await sha256Hex(`${alertKey}/notice`)).slice(0, 26)}`;
  // The assignee's bell (the alert's email is the notice's email).
  const notices = noticeStatements({ db, tenantId } as TenantScope, { notifyDirectory: read.people.map((p) => ({ ...p, groupIds: "[]" })) }, [{ kind: notice, assigneeId: ticket.assigneeId }], ticket.id, SYSTEM, now, { once: () => noticeId, emailed: true });

  // Each person's in their language (their own, else the workspace's), times in the workspace's zone.
  const alertMail = (language: Parameters<typeof mailLanguage>[1]) =>
    composeSlaAlert({ kind, metric: clock.metric, dueAt: clock.dueAt!, ticket, language, timeZone: tenant.timeZone ?? "UTC", appUrl: channels.webhooks.appUrl });
  const emails = people.map((person, i) => {
    const { subject, text } = alertMail(mailLanguage({ stored: person.language }, tenant.defaultLanguage));
    return queueOutbound(db, {
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
      .returning();
  });
  const deliveries = queueAlertDeliveries(
    db,
    hooks,
    { event, occurredAt: now, workspace: { id: tenantId, slug: tenant.slug }, ticket, sla: { metric: clock.metric, instance: clock.instance, dueAt: clock.dueAt! }, appUrl: channels.webhooks.appUrl },
    (webhookId) => hookIds.get(webhookId)!,
    now,
  );
  const thisClock = and(eq(slaClocks.tenantId, tenantId), eq(slaClocks.ticketId, clock.ticketId), eq(slaClocks.metric, clock.metric), eq(slaClocks.instance, clock.instance));
  const statements: Statement[] = [
    ...(triggered ? [triggered.guard] : []),
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
    ...notices.statements,
    ...(triggered?.statements ?? []),
  ];
  return {
    tenantId,
    ticketId: clock.ticketId,
    triggered: triggered?.plan ?? null,
    live: notices.live,
    statements,
    head: triggered ? 1 : 0,
    emails: emails.length,
    deliveries: deliveries.length,
    hooks: new Map<string, WebhookRow>(hooks.map((h) => [h.id, h])),
    escalation: escalationOf(clock, kind, ticket, read),
    triggersChanged: triggered ? Object.keys(triggered.plan.patch).length > 0 : false,
  };
}

/** For a breach of a clock still running, the policy's escalation (if it has one). */
function escalationOf(clock: Clock, kind: DueAlert["kind"], ticket: AlertTicket, read: AlertRead): Escalation | undefined {
  // A deadline already met late needs no escalation, only the record that it was missed.
  if (kind === "warning" || clock.fulfilledAt) return undefined;
  const [policy] = read.policy;
  if (!policy || (!policy.escalatePriority && !policy.escalateGroupId)) return undefined;
  return { ticket, metric: clock.metric, ...policy, assigneeStays: read.assigneeInEscalationGroup.length > 0 };
}

