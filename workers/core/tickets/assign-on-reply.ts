import { and, eq } from "drizzle-orm";
import { groupMembers, tickets } from "../../../schema";
import type { Actor, TenantScope } from "../tenancy/scope";

/**
 * What "assignment that sticks" needs besides the workspace's setting (read with the SLA
 * settings, `slaTenant.assignOnReply`): whether the agent is a member of the ticket's group.
 * One statement in the write's own read batch; none for anyone but an agent, nor for a change the
 * rule cannot apply to (`mayApply`: a public reply, or a change that solves without naming an assignee).
 */
export function assignOnReplyReads(scope: TenantScope, ticketId: string, actor: Actor, mayApply: boolean) {
  if (!mayApply || actor.type !== "agent") return {};
  const { db, tenantId } = scope;
  const ticketGroup = db.select({ groupId: tickets.groupId }).from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  return {
    actorInGroup: db
      .select({ userId: groupMembers.userId })
      .from(groupMembers)
      .where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.userId, actor.id), eq(groupMembers.groupId, ticketGroup))),
  };
}

/** The rule's inputs from a batch that held `slaSettingsReads` and `assignOnReplyReads`. */
export function assignOnReplyRule(read: { slaTenant: { assignOnReply: boolean }[]; actorInGroup?: unknown[] }, publicReply: boolean) {
  return { enabled: read.slaTenant[0]?.assignOnReply ?? false, publicReply, memberOfGroup: (read.actorInGroup?.length ?? 0) > 0 };
}
