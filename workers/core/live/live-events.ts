import type { MessageKind, NotificationKind, TicketPriority, TicketStatus } from "../../../schema";
import type { Actor, TenantScope } from "../tenancy/scope";
import type { FieldChange, TicketField } from "../tickets/ticket-rules";

/**
 * What the live workspace tells connected agents after a change commits: small events that say
 * which ticket changed and how, never a message's body. The app refetches what it shows.
 */
export type LiveEvent =
  | { type: "ticket.created"; ticketId: string; requesterId: string; status: TicketStatus; priority: TicketPriority; assigneeId: string | null; groupId: string | null; actor: LiveActor; at: number }
  | { type: "ticket.updated"; ticketId: string; fields: TicketField[]; changes: Partial<Record<LiveField, string | null>>; actor: LiveActor; at: number }
  | { type: "message.added"; ticketId: string; kind: MessageKind; status: TicketStatus; changes: Partial<Record<LiveField, string | null>>; actor: LiveActor; at: number }
  /** New notices for these agents (their bells refetch; docs/notifications.md). */
  | { type: "notification"; userIds: string[]; kind: NotificationKind; ticketId: string; at: number };

/** Who made the change (the app ignores its own user's changes on the ticket it has open). */
export type LiveActor = { type: Actor["type"]; id: string | null };

/** The fields whose new value an update event carries (what lists show); other fields are only named. */
export const LIVE_FIELDS = ["status", "priority", "assigneeId", "groupId"] as const;
export type LiveField = (typeof LIVE_FIELDS)[number];

/** Where a workspace's committed changes go: fire-and-forget (the write has succeeded whatever happens to them). */
export interface LivePublisher {
  publish(events: LiveEvent[]): void;
}

const liveActor = (actor: Actor): LiveActor => ({ type: actor.type, id: actor.id });

export function ticketCreated(
  ticket: { id: string; requesterId: string; status: TicketStatus; priority: TicketPriority; assigneeId: string | null; groupId: string | null },
  actor: Actor,
  at: Date,
): LiveEvent {
  return { type: "ticket.created", ticketId: ticket.id, requesterId: ticket.requesterId, status: ticket.status, priority: ticket.priority, assigneeId: ticket.assigneeId, groupId: ticket.groupId, actor: liveActor(actor), at: at.getTime() };
}

/** The new values of the changed fields an event carries. */
const carried = (changes: readonly FieldChange[]): Partial<Record<LiveField, string | null>> =>
  Object.fromEntries(changes.filter((c) => (LIVE_FIELDS as readonly string[]).includes(c.field)).map((c) => [c.field, c.to]));

export function ticketUpdated(ticketId: string, changes: readonly FieldChange[], actor: Actor, at: Date): LiveEvent {
  return { type: "ticket.updated", ticketId, fields: changes.map((c) => c.field), changes: carried(changes), actor: liveActor(actor), at: at.getTime() };
}

/** A message, with what it changed on the ticket (a reply's status, the assignee a reply took). */
export function messageAdded(ticket: { id: string; status: TicketStatus }, kind: MessageKind, actor: Actor, at: Date, changes: readonly FieldChange[] = []): LiveEvent {
  return { type: "message.added", ticketId: ticket.id, kind, status: ticket.status, changes: carried(changes), actor: liveActor(actor), at: at.getTime() };
}

/**
 * Publishes a committed change to the scope's workspace, if the entry point gave it a
 * publisher. Never throws and never waits: the live workspace is a convenience, the write stands.
 */
export function publishLive(scope: TenantScope, events: LiveEvent[]): void {
  if (!scope.live || events.length === 0) return;
  try {
    scope.live.publish(events);
  } catch (error) {
    console.log(JSON.stringify({ event: "live_publish_failed", tenant: scope.tenantId, error: String(error) }));
  }
}

/** Publishers per workspace, for entry points that serve many (mail, the cron). */
export type LiveHub = (tenantId: string) => LivePublisher;
