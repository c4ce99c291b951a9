import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { customerEmails, groupMembers, groups, messages, outboundMessages, supportAddresses, tenants, tickets, users } from "../../../schema";
import type { ReadResults } from "../db";
import type { TenantScope } from "../tenancy/scope";
import type { Action } from "./rule-schema";

/**
 * What a rule's mail needs beyond the ticket (rule-mail.ts): the workspace (its name, slug and
 * default language), its addresses (the sender: the ticket's address, else the built-in one,
 * whose domain is the service's mail domain), the people an `email_agent` / `email_group` names
 * (active users only, with their language) and those groups' names, and — for mail to the
 * requester of a stored ticket — its first address and the thread's Message-IDs. Triggers add these to the write's own
 * read batch, each `where exists` an active trigger with a mail action, so a workspace without
 * one gets an index probe and no rows; the automations' cron reads them for the firings that mail.
 */
export const RULE_MAIL_ACTIONS = ["email_requester", "email_agent", "email_group"] as const;

/** The ids an action type names in the workspace's active triggers (`$.userId` of `email_agent` …), as a subquery. */
const namedByTriggers = (tenantId: string, type: string, field: "userId" | "groupId"): SQL =>
  sql`(select json_extract(a.value, ${`$.${field}`}) from triggers t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = ${type})`;

/** True when an active trigger of the workspace has one of these actions. */
const whenTriggersMail = (tenantId: string, types: readonly string[] = RULE_MAIL_ACTIONS): SQL =>
  sql`exists (select 1 from triggers t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') in (${sql.join(
    types.map((type) => sql`${type}`),
    sql`, `,
  )}))`;

/** The sender's reads: the workspace and its addresses. */
function senderReads(scope: TenantScope, gate: SQL | undefined) {
  const { db, tenantId } = scope;
  return {
    ruleMailWorkspace: db.select({ name: tenants.name, slug: tenants.slug, defaultLanguage: tenants.defaultLanguage }).from(tenants).where(and(eq(tenants.id, tenantId), gate)),
    ruleMailAddresses: db
      .select({ id: supportAddresses.id, address: supportAddresses.address, builtIn: supportAddresses.builtIn })
      .from(supportAddresses)
      .where(and(eq(supportAddresses.tenantId, tenantId), gate)),
  };
}

/** The active users named (`userIds`) or in the groups named (`groupIds`), with the groups they are in; and the groups' names. */
function peopleReads(scope: TenantScope, userIds: SQL | string[], groupIds: SQL | string[], gate: SQL | undefined) {
  const { db, tenantId } = scope;
  return {
    ruleMailPeople: db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        language: users.language,
        groupIdsJson: sql<string>`(select json_group_array(gm.group_id) from group_members gm where gm.tenant_id = "users"."tenant_id" and gm.user_id = "users"."id")`,
      })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          eq(users.active, true),
          sql`(${inArray(users.id, userIds)} or ${users.id} in (select ${groupMembers.userId} from ${groupMembers} where ${groupMembers.tenantId} = ${tenantId} and ${inArray(groupMembers.groupId, groupIds)}))`,
          gate,
        ),
      )
      .orderBy(asc(users.name), asc(users.id)),
    ruleMailGroups: db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(and(eq(groups.tenantId, tenantId), inArray(groups.id, groupIds), gate)),
  };
}

/**
 * For mail to the requester: their first address (primary first) — of a stored ticket's requester
 * or of the customer named by id — and a stored ticket's thread: its messages' and outbound mail's
 * Message-IDs.
 */
function requesterReads(scope: TenantScope, about: { ticketId: string } | { requesterId: string } | { requesterEmail: string }, gate: SQL | undefined) {
  const { db, tenantId } = scope;
  const customerId =
    "ticketId" in about
      ? sql`(select ${tickets.requesterId} from ${tickets} where ${tickets.tenantId} = ${tenantId} and ${tickets.id} = ${about.ticketId})`
      : "requesterId" in about
        ? about.requesterId
        : sql`(select ${customerEmails.customerId} from ${customerEmails} where ${customerEmails.tenantId} = ${tenantId} and ${customerEmails.email} = ${about.requesterEmail.toLowerCase()})`;
  // A ticket this write creates has no thread yet: "" names no ticket (an index probe, no rows).
  const ticketId = "ticketId" in about ? about.ticketId : "";
  return {
    ruleMailTo: db
      .select({ email: customerEmails.email })
      .from(customerEmails)
      .where(and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, customerId), gate))
      .orderBy(desc(customerEmails.isPrimary), asc(customerEmails.createdAt))
      .limit(1),
    ruleMailInbound: db
      .select({ id: messages.emailMessageId, at: messages.createdAt, kind: messages.kind })
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticketId), isNotNull(messages.emailMessageId), gate))
      .orderBy(asc(messages.createdAt)),
    ruleMailOutbound: db
      .select({ id: outboundMessages.emailMessageId, at: outboundMessages.createdAt })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.tenantId, tenantId), eq(outboundMessages.ticketId, ticketId), gate)),
  };
}

/** A trigger write's mail reads (for `triggerReads`): everything gated on an active trigger with a mail action; the thread only for a stored ticket. */
/** The workspace's part of the triggers' mail reads (the sender, the people named): the same for every ticket of the workspace. */
export function triggerMailWorkspaceReads(scope: TenantScope) {
  const { tenantId } = scope;
  const gate = whenTriggersMail(tenantId);
  return { ...senderReads(scope, gate), ...peopleReads(scope, namedByTriggers(tenantId, "email_agent", "userId"), namedByTriggers(tenantId, "email_group", "groupId"), gate) };
}

/** The ticket's part: its requester's address and thread, for mail to the requester. */
export const triggerMailTicketReads = (scope: TenantScope, about: { ticketId: string } | { requesterId: string } | { requesterEmail: string }) =>
  requesterReads(scope, about, whenTriggersMail(scope.tenantId, ["email_requester"]));

/** An automation's mail reads for one firing: the sender and the people its actions name (the requester's mail context is `ticketMailReads`). */
export function automationMailReads(scope: TenantScope, actions: readonly Action[]) {
  const userIds = actions.flatMap((a) => (a.type === "email_agent" ? [a.userId] : []));
  const groupIds = actions.flatMap((a) => (a.type === "email_group" ? [a.groupId] : []));
  return { ...senderReads(scope, undefined), ...peopleReads(scope, userIds, groupIds, undefined) };
}

export type RuleMailRead = ReadResults<ReturnType<typeof senderReads> & ReturnType<typeof peopleReads> & ReturnType<typeof requesterReads>>;

/** True when a rule's actions send mail. */
export const sendsMail = (actions: readonly Action[]) => actions.some((a) => (RULE_MAIL_ACTIONS as readonly string[]).includes(a.type));
