import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { customerEmails, customers, macros, messages, tickets, triggers, webhooks, type businessCalendars } from "../../../schema";
import { noRows, type ReadResults } from "../db";
import { ruleNoticeReads, triggersNotify } from "../notifications/rule-notice";
import type { BusinessCalendar } from "../sla/business-calendar";
import { keptSetting, settingsRead, settingsReads, type SettingsRead } from "../settings-cache";
import type { TenantScope } from "../tenancy/scope";
import type { RuleFacts } from "./rule-facts";
import { withMacroActions } from "./rule-macros";
import { triggerMailTicketReads, triggerMailWorkspaceReads } from "./rule-mail-reads";
import { triggerAssignmentReads } from "./trigger-final-effects";
import type { RuleTrigger } from "./rule-triggers";

/**
 * The reads a write needs to run the workspace's triggers, for the write's own read batch
 * (`readAll`): no round trip of their own. The triggers are read by the index (tenant, active,
 * position); everything else only when the workspace has an active trigger (`activeTriggerIn`), so a
 * workspace without triggers pays one index probe per read and gets no rows.
 */
type About = { ticketId: string } | { requesterId: string } | { requesterEmail: string };

/**
 * What the triggers of a write need, read in the write's own batch: the workspace's part (the
 * same for every ticket of the workspace, so a grouped write reads it once per workspace) and the
 * ticket's part.
 */
export const triggerReads = (scope: TenantScope, about: About) => ({ ...triggerWorkspaceReads(scope), ...triggerTicketReads(scope, about) });

/**
 * The workspace's part: its active triggers, the webhooks and macros they name, whom their mail and
 * notices can reach. A workspace known to have no active trigger (`withoutTriggers`) sends only
 * the webhooks subscribed to ticket events; the rest is answered with no rows.
 */
export function triggerWorkspaceReads(scope: TenantScope): WorkspaceReads {
  if (!withoutTriggers(scope)) return settingsReads(scope, WORKSPACE_READS, () => workspaceStatements(scope));
  return { ...(noRows(WORKSPACE_READS) as unknown as WorkspaceReads), ruleWebhooks: settingsRead(scope, "ruleWebhooks", () => ruleWebhooksQuery(scope)) };
}

const WORKSPACE_READS = ["triggers", "ruleWebhooks", "ruleMacros", "ruleMailWorkspace", "ruleMailAddresses", "ruleMailPeople", "ruleMailGroups", "ruleNotifyDirectory"] as const;
type WorkspaceStatements = ReturnType<typeof workspaceStatements>;
type WorkspaceReads = { [K in keyof WorkspaceStatements]: WorkspaceStatements[K] | SettingsRead<Awaited<WorkspaceStatements[K]>> };

/**
 * Whether the workspace is known to have no active trigger: an earlier read of the request said so
 * (`scope.withoutTriggers`: the cron's scans), or this isolate keeps its triggers as none (settings-cache.ts).
 */
const withoutTriggers = (scope: TenantScope) => scope.withoutTriggers === true || keptSetting<unknown[]>(scope, "triggers")?.length === 0;

function workspaceStatements(scope: TenantScope) {
  const { db, tenantId } = scope;
  return {
    triggers: db
      .select({ id: triggers.id, name: triggers.name, position: triggers.position, active: triggers.active, events: triggers.events, conditions: triggers.conditions, actions: triggers.actions })
      .from(triggers)
      .where(and(eq(triggers.tenantId, tenantId), eq(triggers.active, true)))
      .orderBy(asc(triggers.position), asc(triggers.id)),
    ruleWebhooks: ruleWebhooksQuery(scope),
    ruleMacros: db
      .select({ id: macros.id, title: macros.title, actions: macros.actions })
      .from(macros)
      .where(and(eq(macros.tenantId, tenantId), sql`${macros.id} in (select json_extract(a.value, '$.macroId') from ${triggers} t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = 'apply_macro')`)),
    // What a mail action needs (rule-mail-reads.ts): only when an active trigger mails.
    ...triggerMailWorkspaceReads(scope),
    // Whom a notify action can tell: only when an active trigger notifies.
    ...ruleNoticeReads(scope, triggersNotify(tenantId)),
  };
}

/** The webhooks subscribed to ticket events, and those a trigger calls. */
function ruleWebhooksQuery(scope: TenantScope) {
  const { db, tenantId } = scope;
  return db
    .select()
    .from(webhooks)
    .where(
      and(
        eq(webhooks.tenantId, tenantId),
        eq(webhooks.active, true),
        sql`(${webhooks.events} like '%"ticket.%' or ${webhooks.id} in (select json_extract(a.value, '$.webhookId') from ${triggers} t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = 'call_webhook'))`,
      ),
    );
}

/** The ticket's part: its context (first text, reply count, requester), its requester's mail thread, the groups a trigger may assign it in. None without triggers. */
export function triggerTicketReads(scope: TenantScope, about: About): ReturnType<typeof ticketStatements> {
  return withoutTriggers(scope) ? (noRows(TICKET_READS) as unknown as ReturnType<typeof ticketStatements>) : ticketStatements(scope, about);
}

const TICKET_READS = ["ruleContext", "ruleMailTo", "ruleMailInbound", "ruleMailOutbound", "ruleAssignGroup", "ruleAssignAgents"] as const;

/** The names of every read `triggerReads` makes. */
export const TRIGGER_READS = [...WORKSPACE_READS, ...TICKET_READS];

function ticketStatements(scope: TenantScope, about: About) {
  return {
    ruleContext: "ticketId" in about ? ticketContextQuery(scope, about.ticketId) : requesterContextQuery(scope, about),
    ...triggerMailTicketReads(scope, about),
    // The groups an assignment by a trigger may land in (trigger-final-effects.ts).
    ...triggerAssignmentReads(scope, "ticketId" in about ? about.ticketId : null),
  };
}

/**
 * True when the workspace has an active trigger. `tenantId`: an id, or a scan's column written out
 * with its table's name (Drizzle leaves a one-table select's columns unqualified, and an unqualified
 * `tenant_id` here would be the trigger's own).
 */
export const activeTriggerIn = (tenantId: string | SQL): SQL<boolean> =>
  sql`exists (select 1 from ${triggers} t where t.tenant_id = ${tenantId} and t.active = 1)`.mapWith(Boolean);

const requesterColumns = {
  name: customers.name,
  tier: customers.tier,
  organization: customers.organization,
  language: customers.language,
  emailsJson: sql<string>`(select json_group_array(ce.email) from customer_emails ce where ce.tenant_id = "customers"."tenant_id" and ce.customer_id = "customers"."id")`,
};

/** A stored ticket's facts beyond its row: its requester, its agents' public replies so far and its first message's text. */
function ticketContextQuery(scope: TenantScope, ticketId: string) {
  const { db, tenantId } = scope;
  return db
    .select({
      ...requesterColumns,
      replyCount: sql<number>`(select count(*) from ${messages} m where m.tenant_id = ${tenantId} and m.ticket_id = ${ticketId} and m.kind = 'reply')`,
      firstText: sql<string | null>`(select m.body_text from ${messages} m where m.tenant_id = ${tenantId} and m.ticket_id = ${ticketId} order by m.created_at, m.id limit 1)`,
    })
    .from(tickets)
    .innerJoin(customers, and(eq(customers.tenantId, tickets.tenantId), eq(customers.id, tickets.requesterId)))
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId), activeTriggerIn(tenantId)));
}

/** A new ticket's requester, by id or address (none: a customer this write creates). */
function requesterContextQuery(scope: TenantScope, about: { requesterId: string } | { requesterEmail: string }) {
  const { db, tenantId } = scope;
  const who =
    "requesterId" in about
      ? eq(customers.id, about.requesterId)
      : sql`${customers.id} = (select ${customerEmails.customerId} from ${customerEmails} where ${customerEmails.tenantId} = ${tenantId} and ${customerEmails.email} = ${about.requesterEmail.toLowerCase()})`;
  return db
    // Named: a batch's rows come back keyed by column name, and a column named `0` would sort first and shift every field (the name read 0).
    .select({ ...requesterColumns, replyCount: sql<number>`0`.as("reply_count"), firstText: sql<string | null>`null`.as("first_text") })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), who, activeTriggerIn(tenantId)));
}

export type TriggerRead = ReadResults<ReturnType<typeof triggerReads>>;

/** The active triggers as read, with their macros' actions in place of `apply_macro` (a macro that is gone stays, and is recorded as not available). */
export function triggersFrom(read: TriggerRead): RuleTrigger[] {
  return read.triggers.map((t) => ({ ...t, actions: withMacroActions(t.actions, read.ruleMacros) }));
}

/** The workspace's calendars (the SLA reads every write makes already hold them). */
export function calendarsFrom(rows: readonly (typeof businessCalendars.$inferSelect)[]): ReadonlyMap<string, BusinessCalendar> {
  return new Map(rows.map((c) => [c.id, { timeZone: c.timeZone, weekly: c.weekly, holidays: c.holidays, workdays: c.workdays }]));
}

/** The requester part of the facts (a requester the write creates: standard, no organisation, the address it writes from). */
export function requesterFrom(read: Pick<TriggerRead, "ruleContext">, fallbackEmail: string | null): RuleFacts["requester"] {
  const row = read.ruleContext[0];
  if (!row) return { tier: "standard", organization: null, language: null, emails: fallbackEmail ? [fallbackEmail.toLowerCase()] : [] };
  return { tier: row.tier, organization: row.organization, language: row.language, emails: JSON.parse(row.emailsJson) as string[] };
}
