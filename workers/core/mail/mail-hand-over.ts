import { runBatch, type Db } from "../db";
import type { Mailer } from "./mailer";
import { queueOutbound, queuedRecord, recordAttempt, recordAttempts, sendAttempt, type OutboundRecord } from "./outbox";

/**
 * Mail a write records in its batch and hands to the mailer right after the batch commits (a
 * trigger's mail: docs/rules.md "Mail from rules"), without making the caller wait: the send and
 * the one statement recording its outcome run after the answer (`later`: the request's
 * `waitUntil`). The message is recorded with the first-attempt grace period, so the cron's mail
 * step only picks it up if that attempt never recorded an outcome (the isolate died) — the cron is
 * the retry path. A write whose entry point gives no hand-over records the message due at once,
 * for the cron's next tick.
 */
export interface MailHandOver {
  mailer: Mailer;
  /** Keeps the send alive past the answer (`waitUntil`). */
  later(promise: Promise<unknown>): void;
}

type Queued = Parameters<typeof queueOutbound>[1];

/** The message of each hand-over insert, by the statement: the write names the statements it committed, and the ones that carry mail are sent. */
const handed = new WeakMap<object, OutboundRecord>();

/**
 * The insert that records a message for the write's batch: handed over after the commit when the
 * scope has a hand-over (`handOverCommitted`), else due at once for the cron.
 */
export function queueHandedOver(scope: { db: Db; outbox?: MailHandOver }, message: Queued) {
  const sender = scope.outbox ? "caller" : "cron";
  const statement = queueOutbound(scope.db, message, sender);
  if (scope.outbox) handed.set(statement, queuedRecord(message, sender));
  return statement;
}

/**
 * After a write's batch committed: sends the hand-over messages among its statements (side by
 * side) and records every outcome in one batch, later. Never throws and never waits: a failure is
 * logged, and the message stays queued for the cron.
 */
export function handOverCommitted(scope: { db: Db; tenantId: string; outbox?: MailHandOver }, committed: readonly unknown[], now: Date): void {
  const outbox = scope.outbox;
  if (!outbox) return;
  const messages = handedOverIn(committed);
  if (messages.length === 0) return;
  const sent = Promise.all(messages.map(async (m) => ({ id: m.id, outcome: await sendAttempt(outbox.mailer, m, now) })))
    .then(async (outcomes) => void (await runBatch(scope.db, recordAttempts(scope.db, outcomes))))
    .catch((error: unknown) => console.error(JSON.stringify({ event: "mail_hand_over_failed", tenant: scope.tenantId, messages: messages.length, error: String(error) })));
  try {
    outbox.later(sent);
  } catch (error) {
    console.error(JSON.stringify({ event: "mail_hand_over_failed", tenant: scope.tenantId, error: String(error) }));
  }
}

/**
 * For a write that sends a message of its own before it answers (a public reply): that message
 * and the hand-over messages among its committed statements are sent side by side, and every
 * outcome is recorded in one batch — the rule mail costs no round trip of its own, and goes out
 * with the reply. Returns the write's own message as recorded. Never throws for a failed send.
 */
export async function deliverWithHandedOver(db: Db, mailer: Mailer, own: OutboundRecord, committed: readonly unknown[], now: Date): Promise<OutboundRecord> {
  const others = handedOverIn(committed);
  const [outcome, ...outcomes] = await Promise.all([own, ...others].map((m) => sendAttempt(mailer, m, now)));
  const [recorded] = (await runBatch(db, [recordAttempt(db, own.id, outcome!), ...recordAttempts(db, others.map((m, i) => ({ id: m.id, outcome: outcomes[i]! })))])) as [OutboundRecord[]];
  return recorded[0]!;
}

/** The hand-over messages among a write's committed statements. */
function handedOverIn(committed: readonly unknown[]): OutboundRecord[] {
  return committed.flatMap((s) => {
    const message = typeof s === "object" && s !== null ? handed.get(s) : undefined;
    return message ? [message] : [];
  });
}
