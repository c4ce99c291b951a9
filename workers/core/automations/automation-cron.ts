import { and, asc, eq, gt, lte, or, sql, type SQL } from "drizzle-orm";
import { automationFirings, automations, tickets, type CustomerTier, type TicketStatus, type UserLanguage } from "../../../schema";
import { inChunks, isUniqueViolation, runBatch, type Db, type Read, type ReadResults, type Statement } from "../db";
import type { LiveEvent, LiveHub } from "../live/live-events";
import type { MailSettings } from "../mail/mailer";
import { ruleNoticeReads, type RuleNoticeRead } from "../notifications/rule-notice";
import { planActions } from "../rules/rule-actions";
import { evaluateConditions } from "../rules/rule-conditions";
import type { RuleFacts, TimeSince } from "../rules/rule-facts";
import { sendsMail } from "../rules/rule-mail-reads";
import type { Conditions } from "../rules/rule-schema";
import { withMacroActions } from "../rules/rule-macros";
import { calendarsFrom } from "../rules/trigger-reads";
import { newTicketSlaContext, slaSettingsReads } from "../sla/ticket-sla";
import type { TenantScope } from "../tenancy/scope";
import { updateTickets, type TicketUpdate } from "../tickets/ticket-store";
import { cronStep, readEach } from "../work/cron-step";
import { isolatedOutcome } from "../work/failure-boundary";
import type { WorkRef } from "../work/work-items";
import { effectStatements, type FiredTicket } from "./automation-effects";
import { automationLinkReads, firingLinks, tickAssigner, ticketAfter, type AutomationLinkRead } from "./automation-links";
import { automationMailFrom, automationMailStatements } from "./automation-mail";
import { drivingCondition, scanCutoff, scanStatuses, sinceMoments, windowKey, type HoursSince } from "./automation-scan";

/** How often an automation is checked at most (docs/rules.md "Automations"). */
export const CHECK_EVERY_MS = 5 * 60_000;
/** Candidate scans per tick (one per automation and status it can match): the tick's statement budget. */
export const SCANS_PER_TICK = 100;
/** Tickets read per scan. */
export const CANDIDATES_PER_SCAN = 25;
/** Firings per tick, and of those, firings that send mail (each reads its mail context: 4 statements, 11 when it mails the requester). */
export const FIRINGS_PER_TICK = 100;
export const MAIL_FIRINGS_PER_TICK = 10;
/** Statements per read batch. */
const READS_PER_BATCH = 50;

type AutomationRow = typeof automations.$inferSelect;

/** The active automations due for a check, oldest check first: index automations_due. */
export const dueAutomations = (db: Db, now: Date, limit = SCANS_PER_TICK) =>
  db
    .select()
    .from(automations)
    .where(and(eq(automations.active, true), lte(automations.nextRunAt, now)))
    .orderBy(asc(automations.nextRunAt))
    .limit(limit);

/** The moment a time condition counts from, as the column the scan ranges over. */
const SINCE_COLUMN = {
  created: tickets.createdAt,
  updated: tickets.updatedAt,
  pending: tickets.statusChangedAt,
  solved: tickets.solvedAt,
  last_customer_message: tickets.lastCustomerMessageAt,
  last_agent_message: tickets.lastAgentMessageAt,
} as const satisfies Record<TimeSince, unknown>;

/** Per status, the last candidate a full scan reached: `[ms, ticket id]`. */
type Cursor = Partial<Record<TicketStatus, [number, string]>>;

const needs = (conditions: Conditions, fields: readonly string[]) => [...conditions.all, ...conditions.any].some((c) => fields.includes(c.field));

/**
 * One automation's candidates in one status: the index range (tenant, status, moment) from the
 * cursor up to the cutoff, in order, without the tickets it already fired on in their current
 * window (a primary-key probe each), with what the conditions read (requester, tags; the text and
 * reply count only when a condition reads them — correlated lookups by index). Every computed
 * column is named (`as`): a batch's rows come back keyed by name, and a column named `0` would sort
 * first in the row object and shift every field.
 */
export function candidateScan(db: Db, automation: Pick<AutomationRow, "id" | "tenantId" | "conditions">, driving: HoursSince, status: TicketStatus, now: Date, after: [number, string] | undefined, limit = CANDIDATES_PER_SCAN) {
  const column = SINCE_COLUMN[driving.since];
  const tenant = automation.tenantId;
  const cursor: SQL | undefined = after ? or(gt(column, new Date(after[0])), and(eq(column, new Date(after[0])), gt(tickets.id, after[1]))) : undefined;
  const text = needs(automation.conditions, ["body", "text"])
    ? sql<string | null>`(select m.body_text from messages m where m.tenant_id = "tickets"."tenant_id" and m.ticket_id = "tickets"."id" order by m.created_at, m.id limit 1)`.as("first_text")
    : sql<string | null>`null`.as("first_text");
  const replies = needs(automation.conditions, ["reply_count"])
    ? sql<number>`(select count(*) from messages m where m.tenant_id = "tickets"."tenant_id" and m.ticket_id = "tickets"."id" and m.kind = 'reply')`.as("reply_count")
    : sql<number>`0`.as("reply_count");
  return db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      type: tickets.type,
      channel: tickets.channel,
      requesterId: tickets.requesterId,
      assigneeId: tickets.assigneeId,
      groupId: tickets.groupId,
      supportAddressId: tickets.supportAddressId,
      automatic: tickets.automatic,
      createdAt: tickets.createdAt,
      updatedAt: tickets.updatedAt,
      solvedAt: tickets.solvedAt,
      closedAt: tickets.closedAt,
      statusChangedAt: tickets.statusChangedAt,
      lastCustomerMessageAt: tickets.lastCustomerMessageAt,
      lastAgentMessageAt: tickets.lastAgentMessageAt,
      tagsJson: sql<string>`(select json_group_array(tt.tag) from ticket_tags tt where tt.tenant_id = "tickets"."tenant_id" and tt.ticket_id = "tickets"."id")`.as("tags_json"),
      requesterJson: sql<string>`(select json_object('name', c.name, 'tier', c.tier, 'organization', c.organization, 'language', c.language, 'emails', (select json_group_array(ce.email) from customer_emails ce where ce.tenant_id = c.tenant_id and ce.customer_id = c.id)) from customers c where c.tenant_id = "tickets"."tenant_id" and c.id = "tickets"."requester_id")`.as("requester_json"),
      firstText: text,
      replyCount: replies,
    })
    .from(tickets)
    .where(
      and(
        eq(tickets.tenantId, tenant),
        eq(tickets.status, status),
        lte(column, scanCutoff(driving, now)),
        cursor,
        sql`not exists (select 1 from ${automationFirings} f where f.tenant_id = ${tenant} and f.automation_id = ${automation.id} and f.ticket_id = "tickets"."id" and f.window_key = ${column})`,
      ),
    )
    .orderBy(asc(column), asc(tickets.id))
    .limit(limit);
}

type Candidate = Awaited<ReturnType<typeof candidateScan>>[number];
type Requester = { name: string; tier: CustomerTier; organization: string | null; language: UserLanguage | null; emails: string[] };

/** The facts an automation's conditions are evaluated on, from a candidate row. */
function factsOf(row: Candidate, requester: Requester, calendars: RuleFacts["calendars"], now: Date): RuleFacts {
  return {
    event: null,
    now,
    ticket: { ...row, tags: JSON.parse(row.tagsJson) as string[] },
    requester: { tier: requester.tier, organization: requester.organization, language: requester.language, emails: requester.emails },
    text: row.firstText ?? "",
    replyCount: Number(row.replyCount),
    changes: [],
    since: sinceMoments(row),
    calendars,
  };
}

/** `automation:<id>:<name>`: the automation as the history's reason (its name as it was when it fired), as triggers are. */
export const automationReason = (a: { id: string; name: string }) => `automation:${a.id}:${a.name}`;

export interface AutomationTickResult {
  automationsChecked: number;
  automationsFired: number;
}

export interface AutomationChannels {
  mail: Pick<MailSettings, "mailDomain">;
  /** The workspaces' live hubs: a firing is published as the API's change of the ticket is. */
  live?: LiveHub;
}

/** The cron step (workers/cron): the due automations' scan in the tick's shared batch, then `runAutomations`. */
export const automationsStep = (db: Db, channels: AutomationChannels, now: Date) =>
  cronStep("automations", { due: dueAutomations(db, now) }, ({ due }) => runAutomations(db, channels, due, now));

interface Check {
  automation: AutomationRow;
  driving: HoursSince;
  statuses: TicketStatus[];
  cursor: Cursor;
}

interface Firing {
  check: Check;
  row: Candidate;
  requester: Requester;
  window: number;
}

/**
 * Checks the due automations (docs/rules.md "Automations"): one read round trip per 50 statements
 * for every automation's candidate scans and each workspace's calendars and SLA settings; the
 * conditions evaluated in memory; then each firing written atomically with its claim — the firing
 * row, whose key (automation, ticket, window) refuses a second claim, so two overlapping ticks
 * fire once — its field changes (`updateTickets`, the automation as the reason), its effects and
 * the automation's count; then every automation's next check and cursor in one batch.
 */
export async function runAutomations(db: Db, channels: AutomationChannels, due: readonly AutomationRow[], now: Date): Promise<AutomationTickResult> {
  const checks: Check[] = [];
  let budget = SCANS_PER_TICK;
  for (const automation of due) {
    const driving = drivingCondition(automation.conditions);
    const statuses = driving ? scanStatuses(automation.conditions, driving.since) : [];
    if (driving && statuses.length > budget) break;
    budget -= statuses.length;
    checks.push({ automation, driving: driving!, statuses, cursor: automation.scanCursor ? (JSON.parse(automation.scanCursor) as Cursor) : {} });
  }
  if (checks.length === 0) return { automationsChecked: 0, automationsFired: 0 };
  const tenantIds = [...new Set(checks.map((c) => c.automation.tenantId))];
  // The workspaces with a due automation that notifies: their agents are read with the settings.
  const notifying = new Set(checks.filter((c) => c.automation.actions.some((a) => a.type === "notify")).map((c) => c.automation.tenantId));
  type Reads = Record<string, Statement>;
  const reads: Reads[] = [
    ...tenantIds.map((tenantId) => ({ ...slaSettingsReads({ db, tenantId }), ...(notifying.has(tenantId) ? ruleNoticeReads({ db, tenantId }, sql`1`) : {}), ...automationLinkReads({ db, tenantId }, actionsOf(checks, tenantId)) }) as Reads),
    ...checks.map((c) => Object.fromEntries(c.statuses.map((s) => [s, candidateScan(db, c.automation, c.driving, s, now, c.cursor[s])])) as Reads),
  ];
  const results: Record<string, unknown>[] = [];
  for (const chunk of chunkReads(reads)) results.push(...(await readEach(db, chunk)));
  const settings = new Map(tenantIds.map((id, i) => [id, results[i] as Settings]));
  const firings: Firing[] = [];
  const nextCursors: Cursor[] = [];
  checks.forEach((check, i) => {
    const found = results[tenantIds.length + i] as Record<TicketStatus, Candidate[]>;
    const calendars = calendarsFrom(settings.get(check.automation.tenantId)!.slaCalendars);
    const cursor: Cursor = {};
    for (const status of check.statuses) {
      const rows = found[status];
      for (const row of rows) {
        const requester = JSON.parse(row.requesterJson) as Requester;
        const facts = factsOf(row, requester, calendars, now);
        const window = windowKey(check.driving, facts.since);
        if (window !== null && evaluateConditions(check.automation.conditions, facts).matched) firings.push({ check, row, requester, window });
      }
      // A full scan continues after its last row next time; a short one has reached the cutoff.
      if (rows.length === CANDIDATES_PER_SCAN) cursor[status] = [sinceValue(check.driving.since, rows.at(-1)!), rows.at(-1)!.id];
    }
    nextCursors.push(cursor);
  });
  const { fired, left } = await fire(db, channels, settings, firings, now);
  await runBatch(
    db,
    checks.map((check, i) => {
      // Firings left for a later tick (over the tick's bounds): scan the same range again next tick.
      const cursor = left.has(check) ? check.cursor : nextCursors[i]!;
      const more = Object.keys(cursor).length > 0 || left.has(check);
      return db
        .update(automations)
        .set({ scanCursor: more ? JSON.stringify(cursor) : null, nextRunAt: new Date(now.getTime() + (more ? 0 : CHECK_EVERY_MS)) })
        // An admin's edit meanwhile (new conditions: a new scan) wins over this check's bookkeeping.
        .where(and(eq(automations.tenantId, check.automation.tenantId), eq(automations.id, check.automation.id), eq(automations.updatedAt, check.automation.updatedAt)));
    }),
  );
  return { automationsChecked: checks.length, automationsFired: fired };
}

type Settings = ReadResults<ReturnType<typeof slaSettingsReads>> & Partial<RuleNoticeRead> & AutomationLinkRead;

/** Every action of a workspace's automations checked this tick (what their linked actions read). */
const actionsOf = (checks: readonly Check[], tenantId: string) => checks.filter((c) => c.automation.tenantId === tenantId).flatMap((c) => c.automation.actions);

/** A candidate's driving moment in ms (the cursor's first part). */
function sinceValue(since: TimeSince, row: Candidate): number {
  const value = { created: row.createdAt, updated: row.updatedAt, pending: row.statusChangedAt, solved: row.solvedAt, last_customer_message: row.lastCustomerMessageAt, last_agent_message: row.lastAgentMessageAt }[since];
  return value!.getTime();
}

/** Named read sets in batches of about READS_PER_BATCH statements (a set is never split). */
function chunkReads<T extends Record<string, Read>>(reads: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let size = 0;
  for (const set of reads) {
    const n = Object.keys(set).length;
    if (!chunks.length || size + n > READS_PER_BATCH) chunks.push([]), (size = 0);
    chunks.at(-1)!.push(set);
    size += n;
  }
  return chunks;
}

/**
 * Writes the firings, per automation (its actor is the history's reason), grouped by
 * `updateTickets`; each behind its own failure boundary. A claim refused by the key (another tick
 * fired it) or a ticket changed since it was read (checked again next time) is no failure.
 */
async function fire(db: Db, channels: AutomationChannels, settings: Map<string, Settings>, all: readonly Firing[], now: Date): Promise<{ fired: number; left: Set<Check> }> {
  const emails = (f: Firing) => sendsMail(f.check.automation.actions);
  const firings = all.slice(0, FIRINGS_PER_TICK);
  const mailing = firings.filter(emails).slice(0, MAIL_FIRINGS_PER_TICK);
  const mailReads = mailing.map((f) => automationMailStatements({ db, tenantId: f.check.automation.tenantId }, f.row.id, f.check.automation.actions));
  const mailResults: Record<string, unknown>[] = [];
  for (const chunk of chunkReads(mailReads)) mailResults.push(...(await readEach(db, chunk)));
  const mailOf = new Map(mailing.map((f, i) => [f, automationMailFrom(mailResults[i]!, f.row, channels.mail)]));
  const writable = firings.filter((f) => mailOf.has(f) || !emails(f));
  const left = new Set(all.filter((f) => !writable.includes(f)).map((f) => f.check));
  let fired = 0;
  // One assignment state per workspace through the tick (tickAssigner), made when a firing first assigns.
  const assigners = new Map<string, ReturnType<typeof tickAssigner>>();
  const assignerOf = (tenantId: string, read: Settings) => assigners.get(tenantId) ?? assigners.set(tenantId, tickAssigner(read)).get(tenantId)!;
  const byAutomation = new Map<AutomationRow, Firing[]>();
  for (const f of writable) byAutomation.set(f.check.automation, [...(byAutomation.get(f.check.automation) ?? []), f]);
  for (const [automation, group] of byAutomation) {
    const actor = { type: "system" as const, id: null, reason: automationReason(automation) };
    const scope: TenantScope = { db, tenantId: automation.tenantId, live: channels.live?.(automation.tenantId) };
    const read = settings.get(automation.tenantId)!;
    const calendars = calendarsFrom(read.slaCalendars);
    const updates: TicketUpdate[] = group.map((f) => {
      const planned = planActions(withMacroActions(f.check.automation.actions, read.linkMacros ?? []), f.row);
      const { change, effects } = planned;
      const links = firingLinks(f.row, f.requester, planned, read, () => assignerOf(automation.tenantId, read), automation, now);
      // The effects see the ticket as the firing's own field changes leave it (a notice to the assignee it sets, the lead of the group it sets).
      const ticket: FiredTicket = { ...ticketAfter({ ...f.row, tags: JSON.parse(f.row.tagsJson) as string[] }, change).after, requester: f.requester };
      const sla = newTicketSlaContext(read, f.requester.tier);
      const ctx = { scope, actor, now, calendars, defaultCalendarId: read.slaTenant[0]?.defaultCalendarId ?? null, sla, mail: channels.mail, mailContext: mailOf.get(f) ?? null, ruleName: automation.name, notifyDirectory: read.ruleNotifyDirectory ? { ruleNotifyDirectory: read.ruleNotifyDirectory } : null, links, live: [] as LiveEvent[] };
      const claim = db.insert(automationFirings).values({ tenantId: automation.tenantId, automationId: automation.id, ticketId: f.row.id, windowKey: f.window, firedAt: now });
      const counted = db
        .update(automations)
        .set({ firedCount: sql`${automations.firedCount} + 1`, lastFiredAt: now })
        .where(and(eq(automations.tenantId, automation.tenantId), eq(automations.id, automation.id)));
      return { scope, id: f.row.id, patch: change, expectedUpdatedAt: f.row.updatedAt, alongside: [claim, ...effectStatements(effects, ticket, ctx), counted], alongsideLive: ctx.live };
    });
    const outcomes = await updateTickets(actor, updates, now);
    for (const [i, f] of group.entries()) {
      const outcome = outcomes[i]!;
      if (outcome.status === "rejected" && (isUniqueViolation(outcome.reason, "automation_firings") || (outcome.reason as { code?: string })?.code === "ticket_changed")) continue;
      const ref: WorkRef = { tenantId: automation.tenantId, kind: "automation", itemId: `${automation.id}/${f.row.id}`, ticketId: f.row.id };
      if (await isolatedOutcome(db, ref, now, outcome)) fired++;
    }
  }
  return { fired, left };
}
