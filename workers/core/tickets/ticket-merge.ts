import { and, eq, sql } from "drizzle-orm";
import { attachments, customerEmails, customers, messages, ticketEvents, ticketParticipants, tickets, ticketTags } from "../../../schema";
import { readAll, runBatch, type Read, type ReadResults, type Statement } from "../db";
import { publishLive, ticketUpdated } from "../live/live-events";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliver, queueOutbound, type OutboundRecord } from "../mail/outbox";
import { recordBlocked, slaContextFrom, slaForWrite, slaWriteReads, ticketAndSlaWriteReads, type ticketAndSlaReads } from "../sla/ticket-sla";
import type { Actor, TenantScope } from "../tenancy/scope";
import { checkMerge, distinctSources, mergeableSources, mergedTags, mergeMessageText, type SkippedSource } from "./merge-rules";
import { replyEmail } from "./replies";
import { fieldChangeEvent, insertEvents, type NewEvent } from "./ticket-events";
import { ticketMailContextFrom, ticketMailReads } from "./ticket-mail";
import { fieldValue, type FieldChange } from "./ticket-rules";
import { messageStatements, STALE_MARKER, ticketChanged, ticketFrom, ticketQuery, unchangedSince, type Ticket } from "./ticket-store";

export interface MergeInput {
  sourceIds: string[];
  /** Tell the target's requester with a public message (emailed like any reply); otherwise an internal note records the merge. */
  notifyRequester: boolean;
}

/** A source's own reads (the workspace's SLA settings are read once, with the target's). */
function sourceReads(scope: TenantScope, id: string) {
  const { slaPolicies: _p, slaTenant: _t, slaCalendars: _c, ...own } = slaWriteReads(scope, id);
  return { ticket: ticketQuery(scope, id), ...own };
}

type TargetReads = ReturnType<typeof ticketAndSlaReads> & Partial<ReturnType<typeof ticketMailReads>>;

/**
 * Merges tickets into one, in two round trips (three more when the requester is told: the email
 * is sent and its outcome recorded). One batch reads the target, every source and their SLA
 * contexts; one batch writes everything, guarded by each ticket's `updated_at`:
 * - each source's messages and their attachments move to the target (their Message-IDs with
 *   them, so replies to them thread there); its CCs, and its requester when not the target's, are
 *   copied to the target's CCs; its tags join the target's;
 * - each source is closed with `merged_into_id` pointing at the target (tickets merged into it
 *   earlier are repointed: always one hop) — its clocks stop; its own history stays with it;
 * - the target keeps its clocks and gains a message saying what was merged: an internal note, or
 *   a public message to the requester (written by the system, so it answers no SLA), recorded in
 *   the outbox in the same batch; history events on both sides name the other ticket.
 */
export async function mergeTickets(scope: TenantScope, mail: MailSettings, agentId: string, targetId: string, input: MergeInput, now = new Date()) {
  const { skipped: _none, message, ...result } = await merge(scope, mail, agentId, targetId, input, false, now);
  return { ...result, message: message! };
}

/**
 * A bulk merge: as `mergeTickets` (same reads and one write batch), except that a source which
 * cannot merge — not in this workspace, closed, merged already — stays out and is listed in
 * `skipped` with why, and the others still merge; when none can, nothing is written and
 * `message` is null. The target's own problems still refuse the whole merge (404, 409).
 */
export function mergeSomeTickets(scope: TenantScope, mail: MailSettings, agentId: string, targetId: string, input: MergeInput, now = new Date()) {
  return merge(scope, mail, agentId, targetId, input, true, now);
}

async function merge(scope: TenantScope, mail: MailSettings, agentId: string, targetId: string, input: MergeInput, skipRefused: boolean, now: Date) {
  const { db } = scope;
  const actor: Actor = { type: "agent", id: agentId };
  const sourceIds = distinctSources(targetId, input.sourceIds);
  const reads: Record<string, Read> = { ...ticketAndSlaWriteReads(scope, targetId), ...(input.notifyRequester ? ticketMailReads(scope, targetId) : {}) };
  sourceIds.forEach((id, i) => Object.entries(sourceReads(scope, id)).forEach(([key, read]) => (reads[`source${i}.${key}`] = read)));
  const read = (await readAll(db, reads)) as Record<string, unknown>;
  const targetRead = read as unknown as ReadResults<TargetReads>;
  const target = ticketFrom(targetRead.ticket);
  const sourceRead = (i: number) =>
    ({ ...targetRead, ...Object.fromEntries(Object.keys(sourceReads(scope, "")).map((key) => [key, read[`source${i}.${key}`]])) }) as ReadResults<ReturnType<typeof ticketAndSlaReads>>;
  const sourceAt = (i: number) => ({ ticket: ticketFrom(sourceRead(i).ticket), context: slaContextFrom(sourceRead(i)) });
  let sources: ReturnType<typeof sourceAt>[];
  let skipped: SkippedSource[] = [];
  if (skipRefused) {
    const present = sourceIds.map((_, i) => (sourceRead(i).ticket.length ? sourceAt(i) : null));
    const sorted = mergeableSources(target, sourceIds, present.map((s) => s?.ticket ?? null));
    sources = present.filter((s): s is ReturnType<typeof sourceAt> => s !== null && sorted.merge.includes(s.ticket));
    skipped = sorted.skipped;
    if (!sources.length) return { ticket: target, merged: [], movedMessages: 0, message: null, outbound: null, skipped };
  } else {
    sources = sourceIds.map((_, i) => sourceAt(i));
    checkMerge(target, sources.map((s) => s.ticket));
  }

  const closing = sources.map(({ ticket, context }) => closeSource(scope, actor, ticket, target, context, now));
  const tags = mergedTags(target.tags, sources.map((s) => s.ticket.tags));
  const context = input.notifyRequester ? ticketMailContextFrom(targetRead as ReadResults<Required<TargetReads>>, mail) : null;
  const tell = Boolean(context?.toAddress);
  const body = mergeMessageText(target, sources.map((s) => s.ticket), tell);
  const emailMessageId = tell ? newMessageId(mail.mailDomain) : null;
  // The system writes the public notice (no agent's reply: the target's clocks are not answered by it).
  const author: Actor = tell ? { type: "system", id: null } : actor;
  const planned = messageStatements(scope, author, { ...target, tags }, { kind: tell ? "reply" : "note", bodyText: body, emailMessageId }, {}, now, slaContextFrom(targetRead));
  const tagChange: FieldChange[] = tags.length !== target.tags.length ? [{ field: "tags", from: fieldValue(target, "tags"), to: fieldValue({ ...target, tags }, "tags") }] : [];
  const targetEvents: NewEvent[] = [
    ...sources.map(({ ticket }) => linkEvent(scope, target.id, actor, "mergedFrom", ticket.id, now)),
    ...tagChange.map((c) => fieldChangeEvent(scope, target.id, actor, c, now)),
  ];
  const outbound = tell && emailMessageId && context ? replyEmail(scope, context, undefined, target, body, emailMessageId, planned.messageId, now) : null;
  const statements: Statement[] = [
    unchangedSince(scope, target.id, target.updatedAt),
    ...sources.map(({ ticket }) => unchangedSince(scope, ticket.id, ticket.updatedAt)),
    ...closing.flatMap((c) => c.statements),
    ...(tags.length ? [db.insert(ticketTags).values(tags.map((tag) => ({ tenantId: scope.tenantId, ticketId: target.id, tag, updatedAt: now }))).onConflictDoNothing()] : []),
    ...planned.statements,
    ...insertEvents(scope, targetEvents),
    ...(outbound ? [queueOutbound(db, outbound).returning()] : []),
  ];
  let results: unknown[];
  try {
    results = await runBatch(db, statements);
  } catch (error) {
    // A ticket changed between the read and the write (another merge, a reply): nothing was written.
    if (String(error).includes(STALE_MARKER)) throw ticketChanged();
    throw error;
  }
  publishLive(scope, [...closing.map((c) => ticketUpdated(c.id, c.changes, actor, now)), planned.live]);
  for (const blocked of [...closing.map((c) => ({ id: c.id, by: c.blockedBy })), { id: target.id, by: planned.blockedBy }]) await recordBlocked(scope, blocked.id, blocked.by, now);
  const moved = results.flatMap((r) => (Array.isArray(r) && r.length && (r[0] as { movedMessageId?: string }).movedMessageId ? r : [])).length;
  const queued = outbound ? results.find((r): r is OutboundRecord[] => Array.isArray(r) && (r[0] as OutboundRecord | undefined)?.id === outbound.id)![0]! : null;
  const delivered = queued ? await deliver(db, mail.mailer, queued, now) : null;
  return {
    ticket: { ...planned.after, tags } as Ticket,
    merged: sources.map(({ ticket }) => ({ id: ticket.id, number: ticket.number })),
    movedMessages: moved,
    message: planned.messageFrom(results),
    outbound: delivered,
    skipped,
  };
}

/** The field of the target's event for each message a merge moved onto it (for the search index). */
export const MOVED_MESSAGE_FIELD = "movedMessage";

/** A history event linking two tickets (merged into/from, split to/from): the other ticket's id. */
export function linkEvent(scope: TenantScope, ticketId: string, actor: Actor, field: "mergedIntoId" | "mergedFrom" | "splitFrom" | "splitTo", otherId: string, now: Date): NewEvent {
  return { tenantId: scope.tenantId, ticketId, type: "field_change", actorType: actor.type, actorId: actor.id, field, oldValue: null, newValue: otherId, createdAt: now };
}

/** The statements that empty one source into the target and close it, with its history and stopped clocks. */
function closeSource(scope: TenantScope, actor: Actor, source: Ticket, target: Ticket, context: ReturnType<typeof slaContextFrom>, now: Date) {
  const { db, tenantId } = scope;
  const ofSource = <T extends typeof messages | typeof attachments | typeof ticketParticipants>(table: T) => and(eq(table.tenantId, tenantId), eq(table.ticketId, source.id));
  const changes: FieldChange[] = [{ field: "status", from: source.status, to: "closed" }];
  const events = [...changes.map((c) => fieldChangeEvent(scope, source.id, actor, c, now)), linkEvent(scope, source.id, actor, "mergedIntoId", target.id, now)];
  const sla = slaForWrite(scope, source, context, events, now);
  const copyParticipants = db
    .insert(ticketParticipants)
    .select(
      db
        .select({ tenantId: ticketParticipants.tenantId, ticketId: sql<string>`${target.id}`.as("ticket_id"), email: ticketParticipants.email, name: ticketParticipants.name, createdAt: sql<number>`${now.getTime()}`.as("created_at") })
        .from(ticketParticipants)
        .where(ofSource(ticketParticipants)),
    )
    .onConflictDoNothing();
  // The source's requester, when someone else, is copied on the target: their mail then counts as known there.
  const copyRequester =
    source.requesterId === target.requesterId
      ? []
      : [
          db
            .insert(ticketParticipants)
            .select(
              db
                .select({ tenantId: customerEmails.tenantId, ticketId: sql<string>`${target.id}`.as("ticket_id"), email: customerEmails.email, name: customers.name, createdAt: sql<number>`${now.getTime()}`.as("created_at") })
                .from(customerEmails)
                .innerJoin(customers, and(eq(customers.tenantId, customerEmails.tenantId), eq(customers.id, customerEmails.customerId)))
                .where(and(eq(customerEmails.tenantId, tenantId), eq(customerEmails.customerId, source.requesterId))),
            )
            .onConflictDoNothing(),
        ];
  // Each moved message gets an event on the target naming it, so the search index (one row per
  // event with a message) finds the target by its words; clocks ignore the field, the app's history hides it.
  const indexOnTarget = db.insert(ticketEvents).select(
    db
      .select({
        // In the table's order, as drizzle's insert-select requires; a null id is SQLite's next rowid.
        id: sql<number>`null`.as("id"),
        tenantId: messages.tenantId,
        ticketId: sql<string>`${target.id}`.as("ticket_id"),
        type: sql<"field_change">`'field_change'`.as("type"),
        actorType: sql<"agent">`${actor.type}`.as("actor_type"),
        actorId: sql<string | null>`${actor.id}`.as("actor_id"),
        field: sql<string>`${MOVED_MESSAGE_FIELD}`.as("field"),
        oldValue: sql<null>`null`.as("old_value"),
        newValue: sql<null>`null`.as("new_value"),
        messageId: messages.id,
        createdAt: sql<number>`${now.getTime()}`.as("created_at"),
        reason: sql<null>`null`.as("reason"),
      })
      .from(messages)
      .where(ofSource(messages)),
  );
  const statements: Statement[] = [
    indexOnTarget,
    db.update(messages).set({ ticketId: target.id }).where(ofSource(messages)).returning({ movedMessageId: messages.id }),
    db.update(attachments).set({ ticketId: target.id }).where(ofSource(attachments)),
    copyParticipants,
    ...copyRequester,
    db.update(tickets).set({ mergedIntoId: target.id }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.mergedIntoId, source.id))),
    db.update(tickets).set({ status: "closed", closedAt: now, mergedIntoId: target.id, updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, source.id))),
    ...insertEvents(scope, events),
    ...sla.statements,
  ];
  return { id: source.id, changes, statements, blockedBy: sla.blockedBy };
}
