import { and, desc, eq, inArray, isNotNull, lt, lte, not } from "drizzle-orm";
import { outboundMessages } from "../../../schema";
import { inChunks, runBatch, type Db, type Statement } from "../db";
import { describeError, isolated } from "../work/failure-boundary";
import { backedOff, clearWork, hasFailed } from "../work/work-items";
import type { TenantScope } from "../tenancy/scope";
import type { Mailer } from "./mailer";
import { conversationTopic } from "./conversation-topic";
import { ticketThreadIndex } from "./thread-index";

export type OutboundRecord = typeof outboundMessages.$inferSelect;
export type NewOutbound = typeof outboundMessages.$inferInsert;

/** Attempts before a message is given up (status stays `failed`, no next attempt). */
export const MAX_SEND_ATTEMPTS = 6;

/** Wait before attempt n+1 after n failed attempts: 1, 4, 16, 64, 256 minutes. */
export function retryDelayMs(failedAttempts: number): number {
  return 60_000 * 4 ** Math.max(0, failedAttempts - 1);
}

/**
 * A queued message is sent at once by the request that queued it; the cron only picks it up
 * if that first attempt never recorded an outcome (the isolate died), after this grace period.
 */
const FIRST_ATTEMPT_GRACE_MS = 2 * 60_000;
/** While one run sends a message, other runs leave it alone for this long. */
const SEND_LEASE_MS = 5 * 60_000;

type QueuedOutbound = Omit<NewOutbound, "status" | "attempts" | "nextAttemptAt" | "updatedAt">;

/** The mail about a ticket that goes to its customer, and so is part of their conversation. */
const CONVERSATION_PURPOSES = new Set(["reply", "acknowledgement", "survey", "rule_mail"]);

/**
 * A ticket's mail to its customer carries the ticket's Outlook `Thread-Index` (and `Thread-Topic`,
 * the subject without prefixes), and records its conversation key, so that an Outlook reply that
 * drops References still finds the ticket (thread-lookup.ts).
 */
export function inConversation(message: QueuedOutbound): QueuedOutbound {
  if (!message.ticketId || !CONVERSATION_PURPOSES.has(message.purpose)) return message;
  const index = ticketThreadIndex(message.ticketId);
  const topic = conversationTopic(message.subject);
  return { ...message, threadKey: index, headers: { "Thread-Index": index, ...(topic ? { "Thread-Topic": topic } : {}), ...message.headers } };
}

/**
 * Marks the workspace's sent messages with these Message-IDs (at most 50; bounce.ts finds them)
 * as bounced, with the bounce's subject as the error, and stops their retries. Returns the
 * messages it marked (none for no ids, without a round trip).
 */
export async function markBounced(scope: TenantScope, emailMessageIds: readonly string[], subject: string | undefined, now: Date): Promise<{ id: string; ticketId: string | null }[]> {
  if (!emailMessageIds.length) return [];
  return scope.db
    .update(outboundMessages)
    .set({ status: "bounced", bouncedAt: now, lastError: `Bounced: ${subject ?? "delivery status notification"}`.slice(0, 1000), nextAttemptAt: null, updatedAt: now })
    .where(and(eq(outboundMessages.tenantId, scope.tenantId), inArray(outboundMessages.emailMessageId, emailMessageIds.slice(0, 50))))
    .returning({ id: outboundMessages.id, ticketId: outboundMessages.ticketId });
}

/**
 * The insert that records a message as queued; callers put it in the same batch as the change that
 * promised it. `sender`: who makes the first attempt — the caller, right after its batch (the
 * cron waits a grace period first), or the cron's mail step (`"cron"`: due at once; a rule's mail).
 */
export function queueOutbound(db: Db, message: QueuedOutbound, sender: "caller" | "cron" = "caller") {
  return db.insert(outboundMessages).values(queuedRecord(message, sender));
}

/** The row `queueOutbound` records, every column (for a caller that sends it after its batch without reading it back: mail-hand-over.ts). */
export function queuedRecord(message: QueuedOutbound, sender: "caller" | "cron" = "caller"): OutboundRecord {
  const nextAttemptAt = new Date(message.createdAt.getTime() + (sender === "cron" ? 0 : FIRST_ATTEMPT_GRACE_MS));
  const unset = { ticketId: null, messageId: null, cc: [], bcc: [], replyTo: null, bodyHtml: null, inReplyTo: null, references: null, threadKey: null, headers: {}, attachments: [], lastError: null, sentAt: null, bouncedAt: null };
  return { ...unset, ...inConversation(message), status: "queued", attempts: 0, nextAttemptAt, createdAt: message.createdAt, updatedAt: message.createdAt };
}

/**
 * Tries to send one recorded message and records the outcome. A failure never throws: the
 * message stays recorded as `failed` with the error and the time of the next attempt.
 */
export async function deliver(db: Db, mailer: Mailer, message: OutboundRecord, now = new Date()): Promise<OutboundRecord> {
  return record(db, message.id, await sendAttempt(mailer, message, now));
}

/**
 * Tries to send one recorded message, without recording anything: the outcome to record (sent,
 * or failed with the error and the next attempt). Never throws.
 */
export async function sendAttempt(mailer: Mailer, message: OutboundRecord, now: Date): Promise<Partial<OutboundRecord>> {
  const attempts = message.attempts + 1;
  try {
    await mailer.send({
      from: { email: message.fromAddress, name: message.fromName },
      to: message.toAddress,
      cc: message.cc,
      bcc: message.bcc,
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.bodyText,
      html: message.bodyHtml,
      messageId: message.emailMessageId,
      inReplyTo: message.inReplyTo,
      references: message.references ? message.references.split(" ") : [],
      headers: message.headers,
      attachments: message.attachments,
    });
    return { status: "sent", attempts, sentAt: now, lastError: null, nextAttemptAt: null, updatedAt: now };
  } catch (error) {
    const nextAttemptAt = attempts < MAX_SEND_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempts)) : null;
    return { status: "failed", attempts, lastError: String(error).slice(0, 1000), nextAttemptAt, updatedAt: now };
  }
}

/** The statement that records a send attempt's outcome (for a caller's batch). */
export function recordAttempt(db: Db, id: string, outcome: Partial<OutboundRecord>) {
  return db.update(outboundMessages).set(outcome).where(eq(outboundMessages.id, id)).returning();
}

/**
 * The statements that record several send attempts' outcomes, for a caller's batch that needs no
 * rows back: messages with the same outcome (every new message sent at the same moment) share
 * one statement.
 */
export function recordAttempts(db: Db, attempts: readonly { id: string; outcome: Partial<OutboundRecord> }[]): Statement[] {
  const byOutcome = new Map<string, { outcome: Partial<OutboundRecord>; ids: string[] }>();
  for (const { id, outcome } of attempts) {
    const key = JSON.stringify(outcome);
    const same = byOutcome.get(key) ?? { outcome, ids: [] };
    same.ids.push(id);
    byOutcome.set(key, same);
  }
  // Well under D1's 100 bound parameters a statement with the outcome's own.
  return [...byOutcome.values()].flatMap(({ outcome, ids }) => inChunks(ids, 80).map((chunk) => db.update(outboundMessages).set(outcome).where(inArray(outboundMessages.id, chunk))));
}

/** Sends a message that was just recorded in a batch. */
export async function sendQueued(db: Db, mailer: Mailer, id: string, now = new Date()): Promise<OutboundRecord | null> {
  const message = await db.query.outboundMessages.findFirst({ where: eq(outboundMessages.id, id) });
  return message ? deliver(db, mailer, message, now) : null;
}

async function record(db: Db, id: string, outcome: Partial<OutboundRecord>) {
  const [row] = await recordAttempt(db, id, outcome);
  return row!;
}

/**
 * Cron: sends what is due (queued and never tried, or failed with a next attempt due), oldest
 * first, at most `batchSize` per run. Runs across tenants: it is the mail queue, not a tenant view.
 */
export async function deliverDue(db: Db, mailer: Mailer, now = new Date(), batchSize = 50) {
  return deliverFound(db, mailer, await dueOutbound(db, now, batchSize), now);
}

/** The cron's scan of the mail queue: what is due to be sent (see `deliverDue`). */
export function dueOutbound(db: Db, now: Date, batchSize = 50) {
  return db.query.outboundMessages.findMany({
    where: and(
      inArray(outboundMessages.status, ["queued", "failed"]),
      isNotNull(outboundMessages.nextAttemptAt),
      lte(outboundMessages.nextAttemptAt, now),
      lt(outboundMessages.attempts, MAX_SEND_ATTEMPTS),
      // A message that failed to be claimed or recorded waits out its back-off.
      not(backedOff("outbound_mail", outboundMessages.tenantId, outboundMessages.id, now)),
    ),
    extras: { failed: hasFailed("outbound_mail", outboundMessages.tenantId, outboundMessages.id).as("failed") },
    orderBy: [outboundMessages.nextAttemptAt],
    limit: batchSize,
  });
}

type DueOutbound = Awaited<ReturnType<typeof dueOutbound>>[number];

/**
 * Sends what the scan found, 25 at a time in three round trips: one batch claims them all (a
 * conditional update, so an overlapping run cannot send one a second time), they are sent side
 * by side, one batch records every outcome (and clears the failures of those that had one). A
 * batch fails as a whole: then the group goes one message at a time, each behind its own failure
 * boundary — one that cannot even be claimed or recorded is shown to its workspace's admins, and
 * the queue goes on with the next one.
 */
export async function deliverFound(db: Db, mailer: Mailer, due: readonly DueOutbound[], now: Date): Promise<OutboundRecord[]> {
  const results: OutboundRecord[] = [];
  for (const group of inChunks(due, SENDS_PER_BATCH)) {
    const sent = await deliverTogether(db, mailer, group, now).catch(async (error: unknown) => {
      console.error(JSON.stringify({ event: "outbound_batch_failed", messages: group.length, error: describeError(error) }));
      const one: OutboundRecord[] = [];
      for (const message of group) {
        const outcome = await isolated(db, outboundWork(message), now, async () => (await deliverTogether(db, mailer, [message], now))[0] ?? null);
        if (outcome) one.push(outcome);
      }
      return one;
    });
    results.push(...sent);
  }
  return results;
}

/** Messages claimed, sent and recorded together in a group. */
const SENDS_PER_BATCH = 25;

const outboundWork = (message: DueOutbound) => ({ tenantId: message.tenantId, kind: "outbound_mail", itemId: message.id, ticketId: message.ticketId }) as const;

async function deliverTogether(db: Db, mailer: Mailer, group: readonly DueOutbound[], now: Date): Promise<OutboundRecord[]> {
  const claims = (await runBatch(
    db,
    group.map((message) =>
      db
        .update(outboundMessages)
        .set({ nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) })
        .where(and(eq(outboundMessages.id, message.id), eq(outboundMessages.nextAttemptAt, message.nextAttemptAt!)))
        .returning(),
    ),
  )) as OutboundRecord[][];
  const claimed = claims.flatMap(([row], i) => (row ? [{ row, due: group[i]! }] : []));
  const outcomes = await Promise.all(claimed.map(({ row }) => sendAttempt(mailer, row, now)));
  const recorded = (await runBatch(db, [
    ...claimed.map(({ row }, i) => recordAttempt(db, row.id, outcomes[i]!)),
    ...claimed.filter(({ due }) => due.failed).map(({ due }) => clearWork(db, outboundWork(due), now)),
  ])) as OutboundRecord[][];
  // A message deleted meanwhile (its workspace erased) has no row to return.
  return recorded.slice(0, claimed.length).flatMap(([row]) => (row ? [row] : []));
}

/** The tenant's sent and pending mail, newest first (the dev outbox). */
export function listOutbound(scope: TenantScope, limit: number, ticketId?: string) {
  return scope.db.query.outboundMessages.findMany({
    where: and(eq(outboundMessages.tenantId, scope.tenantId), ticketId ? eq(outboundMessages.ticketId, ticketId) : undefined),
    orderBy: [desc(outboundMessages.createdAt), desc(outboundMessages.id)],
    limit,
  });
}

