import { and, sql, type SQL } from "drizzle-orm";
import { users } from "../../../schema";
import type { Statement } from "../db";
import type { LiveEvent } from "../live/live-events";
import type { NotifyTarget } from "../rules/rule-schema";
import type { Actor, TenantScope } from "../tenancy/scope";
import { activeAgents, directoryColumns, noticeStatements } from "./notification-store";

/**
 * A rule's `notify` action (a trigger's or an automation's, docs/notifications.md "Rules"): who it
 * tells — decided here, purely, from the workspace's active agents — and the `rule` notices it
 * writes in the rule's own batch, with a line for the ticket's history saying who was told.
 */

/** An active agent as a rule's notice sees them: the groups they are in and the groups they lead. */
export interface RuleDirectoryEntry {
  id: string;
  name: string;
  groupIds: readonly string[];
  leadOf: readonly string[];
}

/** Why nobody was told. */
export type NobodyReason = "no_assignee" | "assignee_inactive" | "user_inactive" | "no_group" | "no_members";

export interface RuleNoticeChoice {
  /** The agents told, in the directory's order (empty: nobody, `nobody` says why). */
  userIds: string[];
  nobody: NobodyReason | null;
  /** `group_lead` of a group without an active lead: its members were told instead. */
  fellBack: boolean;
}

/**
 * Who a notify action tells about a ticket: the assignee; a person; a group's active members; a
 * group's lead (`id` null: the ticket's group), or — no active lead — the group's members. Only
 * active agents of the workspace (`directory`), each once.
 */
export function ruleNoticeRecipients(target: { to: NotifyTarget; id: string | null }, ticket: { assigneeId: string | null; groupId: string | null }, directory: readonly RuleDirectoryEntry[]): RuleNoticeChoice {
  const one = (id: string | null, missing: NobodyReason, inactive: NobodyReason): RuleNoticeChoice => {
    if (!id) return { userIds: [], nobody: missing, fellBack: false };
    return directory.some((e) => e.id === id) ? { userIds: [id], nobody: null, fellBack: false } : { userIds: [], nobody: inactive, fellBack: false };
  };
  switch (target.to) {
    case "assignee":
      return one(ticket.assigneeId, "no_assignee", "assignee_inactive");
    case "user":
      return one(target.id, "user_inactive", "user_inactive");
    case "group":
    case "group_lead": {
      const groupId = target.id ?? ticket.groupId;
      if (!groupId) return { userIds: [], nobody: "no_group", fellBack: false };
      const leads = target.to === "group_lead" ? directory.filter((e) => e.leadOf.includes(groupId)) : [];
      if (leads.length) return { userIds: leads.map((e) => e.id), nobody: null, fellBack: false };
      const members = directory.filter((e) => e.groupIds.includes(groupId)).map((e) => e.id);
      return { userIds: members, nobody: members.length ? null : "no_members", fellBack: target.to === "group_lead" };
    }
  }
}

const NOBODY: Record<NobodyReason, string> = {
  no_assignee: "the ticket has no assignee",
  assignee_inactive: "the assignee is deactivated",
  user_inactive: "the agent is deactivated or gone",
  no_group: "the ticket has no group",
  no_members: "the group has no active members",
};

/** The history's line for a notice (an internal note by the rule): who was told and what, or why nobody was. */
export function ruleNoticeNote(choice: RuleNoticeChoice, directory: readonly RuleDirectoryEntry[], text: string): string {
  if (choice.nobody) return `Nobody was notified: ${NOBODY[choice.nobody]}. (${text})`;
  const names = choice.userIds.map((id) => directory.find((e) => e.id === id)?.name ?? id).join(", ");
  return `Notified ${names}${choice.fellBack ? " (the group has no lead: its members)" : ""}: ${text}`;
}

/**
 * The read a write adds to its own read batch when a rule of the workspace may notify (`when`: an
 * SQL condition, e.g. "an active trigger has a notify action"; false: no rows, one index probe):
 * the workspace's active agents with their groups and the groups they lead.
 */
export const ruleNoticeReads = (scope: TenantScope, when: SQL) => ({
  ruleNotifyDirectory: scope.db
    .select({
      ...directoryColumns,
      leadOf: sql<string>`(select json_group_array(g.id) from groups g where g.tenant_id = "users"."tenant_id" and g.lead_user_id = "users"."id")`,
    })
    .from(users)
    .where(and(activeAgents(scope), when))
    .orderBy(users.name, users.id),
});

export type RuleNoticeRead = { ruleNotifyDirectory: Awaited<ReturnType<typeof ruleNoticeReads>["ruleNotifyDirectory"]> };

/** True when `tenantId` has an active trigger with a notify action (the trigger reads' `when`; a macro cannot notify). */
export const triggersNotify = (tenantId: string): SQL =>
  sql`exists (select 1 from triggers t, json_each(t.actions) a where t.tenant_id = ${tenantId} and t.active = 1 and json_extract(a.value, '$.type') = 'notify')`;

const entriesOf = (read: RuleNoticeRead): RuleDirectoryEntry[] =>
  read.ruleNotifyDirectory.map((r) => ({ id: r.id, name: r.name, groupIds: JSON.parse(r.groupIds) as string[], leadOf: JSON.parse(r.leadOf) as string[] }));

/**
 * A notify action carried out: the `rule` notices (the rule's name and words; emailed by the
 * digest per the recipients' settings) for the rule's batch, after the ticket's rows, the live
 * event that rings their bells once the batch has committed, and the note for the ticket's history.
 */
export function ruleNotice(
  scope: TenantScope,
  read: RuleNoticeRead,
  effect: { to: NotifyTarget; id: string | null; text: string },
  ticket: { id: string; assigneeId: string | null; groupId: string | null },
  ruleName: string,
  actor: Actor,
  now: Date,
): { statements: Statement[]; live: LiveEvent[]; note: string } {
  const directory = entriesOf(read);
  const choice = ruleNoticeRecipients(effect, ticket, directory);
  const notices = choice.userIds.length
    ? noticeStatements(scope, { notifyDirectory: read.ruleNotifyDirectory }, [{ kind: "rule", userIds: choice.userIds, text: effect.text, ruleName }], ticket.id, actor, now)
    : { statements: [], live: [] };
  return { statements: notices.statements, live: notices.live, note: ruleNoticeNote(choice, directory, effect.text) };
}
