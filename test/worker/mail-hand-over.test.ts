import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb, runBatch } from "../../workers/core/db";
import { handOverCommitted, queueHandedOver, type MailHandOver } from "../../workers/core/mail/mail-hand-over";
import type { Mailer } from "../../workers/core/mail/mailer";
import { deliverDue } from "../../workers/core/mail/outbox";
import { newWorkspace } from "../helpers/api";

/**
 * The mail hand-over (workers/core/mail/mail-hand-over.ts): a write's rule mail goes to the mailer
 * right after its batch commits, later (waitUntil); the cron is the retry path.
 */

const db = openDb(env.DB);
const MINUTE = 60_000;
const rowOf = (id: string) => env.DB.prepare("select status, attempts, next_attempt_at as nextAttemptAt, created_at as createdAt from outbound_messages where id = ?").bind(id).first<{ status: string; attempts: number; nextAttemptAt: number | null; createdAt: number }>();

function message(tenantId: string, id: string, now: Date) {
  return { id, tenantId, ticketId: null, messageId: null, purpose: "rule_notice", fromAddress: "notices@kefu.test", fromName: "Kefu", toAddress: "ann@example.com", replyTo: null, subject: "A rule's notice", bodyText: "Hello", bodyHtml: null, emailMessageId: `${id}@kefu.test`, inReplyTo: null, references: null, headers: {}, createdAt: now };
}

/** A hand-over whose `later` work the test can wait for. */
function handOver(mailer: Mailer): MailHandOver & { done: () => Promise<unknown> } {
  const pending: Promise<unknown>[] = [];
  return { mailer, later: (p) => void pending.push(p), done: () => Promise.all(pending) };
}

describe("mail handed over after the commit", () => {
  it("sends only the committed statements' mail, once, and records it sent; a failed attempt is the cron's to retry; without a hand-over the mail is due at once for the cron", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace("Hand Over");
    const tenantId = ws.workspace.id;
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const sent: string[] = [];
    const ok = handOver({ send: async (m) => void sent.push(m.messageId) });
    const scope = { db, tenantId, outbox: ok };

    // Handed over: the grace period recorded first (the cron never races the write's attempt), then sent.
    const committed = queueHandedOver(scope, message(tenantId, "out_hand_a", now));
    const neverCommitted = queueHandedOver(scope, message(tenantId, "out_hand_b", now));
    await runBatch(db, [committed]);
    expect((await rowOf("out_hand_a"))!.nextAttemptAt).toBe(now.getTime() + 2 * MINUTE);
    handOverCommitted(scope, [committed, "not a statement", null], now);
    await ok.done();
    expect(sent).toEqual(["out_hand_a@kefu.test"]);
    expect(await rowOf("out_hand_a")).toMatchObject({ status: "sent", attempts: 1, nextAttemptAt: null });
    expect(await rowOf("out_hand_b")).toBeNull();
    void neverCommitted;

    // The mailer fails: recorded failed with its next attempt; the cron's mail step sends it then.
    const failing = handOver({ send: async () => Promise.reject(new Error("550 relay unavailable")) });
    const failed = queueHandedOver({ db, outbox: failing }, message(tenantId, "out_hand_c", now));
    await runBatch(db, [failed]);
    handOverCommitted({ db, tenantId, outbox: failing }, [failed], now);
    await failing.done();
    expect(await rowOf("out_hand_c")).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: now.getTime() + MINUTE });
    const retried = await deliverDue(db, { send: async () => undefined }, new Date(now.getTime() + MINUTE), 500);
    expect(retried.find((m) => m.id === "out_hand_c")).toMatchObject({ status: "sent", attempts: 2 });

    // No hand-over (the cron's automations, a survey answer): due at once, nothing sent by the write.
    const forCron = queueHandedOver({ db }, message(tenantId, "out_hand_d", now));
    await runBatch(db, [forCron]);
    handOverCommitted({ db, tenantId }, [forCron], now);
    expect(await rowOf("out_hand_d")).toMatchObject({ status: "queued", attempts: 0, nextAttemptAt: now.getTime() });
  });
});
