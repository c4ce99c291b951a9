import { and, asc, eq, inArray, isNull, lte, not, sql } from "drizzle-orm";
import { mailLanguage } from "../mail/mail-language";
import { notifications, tenants, users } from "../../../schema";
import { readAll, runBatch, type Db } from "../db";
import { sha256Hex } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliver, queueOutbound, type OutboundRecord } from "../mail/outbox";
import { isolated } from "../work/failure-boundary";
import { backedOff, clearWork, type WorkRef } from "../work/work-items";
import { composeDigest } from "./digest-email";
import { emailWanted } from "./recipients";

/** A burst is over when an agent's newest unemailed notice is this old… */
export const QUIET_MS = 2 * 60_000;
/** …or its oldest this old (a burst that never stops still mails every quarter of an hour). */
export const LONGEST_WAIT_MS = 15 * 60_000;
const USERS_PER_TICK = 50;
const NOTICES_PER_EMAIL = 50;

/**
 * The cron's scan: the agents whose notices are due by email — everything they have not been
 * emailed about, once the burst has been quiet for QUIET_MS (or waited LONGEST_WAIT_MS).
 */
export function dueDigests(db: Db, now: Date) {
  return db
    .select({ tenantId: notifications.tenantId, userId: notifications.userId })
    .from(notifications)
    // Through the unemailed index (a small set); the unary `+` keeps SQLite from grouping by walking the bell's index instead.
    .where(and(isNull(notifications.emailedAt), lte(notifications.createdAt, now), not(backedOff("notification_digest", notifications.tenantId, notifications.userId, now))))
    .groupBy(sql`+${notifications.tenantId}`, sql`+${notifications.userId}`)
    .having(sql`max(${notifications.createdAt}) <= ${now.getTime() - QUIET_MS} or min(${notifications.createdAt}) <= ${now.getTime() - LONGEST_WAIT_MS}`)
    .limit(USERS_PER_TICK);
}

export type DueDigest = Awaited<ReturnType<typeof dueDigests>>[number];

/** Sends each due agent one email, each behind its own failure boundary. Returns how many went out. */
export async function sendDigests(db: Db, mail: MailSettings & { appUrl: string }, due: readonly DueDigest[], now: Date): Promise<number> {
  let sent = 0;
  for (const { tenantId, userId } of due) {
    const ref: WorkRef = { tenantId, kind: "notification_digest", itemId: userId };
    if (await isolated(db, ref, now, () => sendDigest(db, mail, ref, now))) sent++;
  }
  return sent;
}

/**
 * One agent's email, in three round trips: read the agent, the workspace and the unemailed
 * notices; record the email and mark those notices emailed in one batch (kinds the agent turned
 * off are marked without an email); send it and record the outcome. The email's id comes from
 * its first notice, so an overlapping run records nothing twice. Returns whether one was sent.
 */
async function sendDigest(db: Db, mail: MailSettings & { appUrl: string }, ref: WorkRef, now: Date): Promise<boolean> {
  const { tenantId, itemId: userId } = ref;
  const read = await readAll(db, {
    user: db
      .select({ email: users.email, name: users.name, language: users.language, active: users.active, off: users.emailNotificationsOff })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId))),
    tenant: db.select({ slug: tenants.slug, name: tenants.name, defaultLanguage: tenants.defaultLanguage }).from(tenants).where(eq(tenants.id, tenantId)),
    notices: db
      .select()
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.emailedAt), lte(notifications.createdAt, now)))
      .orderBy(asc(notifications.createdAt), asc(notifications.id))
      .limit(NOTICES_PER_EMAIL),
  });
  const [user] = read.user;
  const [tenant] = read.tenant;
  if (!read.notices.length) return false;
  const wanted = user?.active && tenant ? read.notices.filter((n) => emailWanted(n.kind, user.off)) : [];
  const markEmailed = db
    .update(notifications)
    .set({ emailedAt: now })
    // By primary key (the unary + keeps SQLite off the tenant-led index, which would read every notice of the workspace).
    .where(and(sql`+${notifications.tenantId} = ${tenantId}`, inArray(notifications.id, read.notices.map((n) => n.id)), isNull(notifications.emailedAt)));
  if (!wanted.length) {
    await runBatch(db, [markEmailed, clearWork(db, ref, now)]);
    return false;
  }
  const digest = composeDigest({ language: mailLanguage({ stored: user!.language }, tenant!.defaultLanguage), recipientName: user!.name, workspaceName: tenant!.name, appUrl: mail.appUrl, items: wanted });
  const id = `out_${(await sha256Hex(`${tenantId}/digest/${userId}/${read.notices[0]!.id}`)).slice(0, 26)}`;
  const [queued] = (await runBatch(db, [
    queueOutbound(db, {
      id,
      tenantId,
      ticketId: wanted.length === 1 ? wanted[0]!.ticketId : null,
      purpose: "notification",
      fromAddress: `${tenant!.slug}@${mail.mailDomain}`,
      fromName: `${tenant!.name} (Kefu)`,
      toAddress: user!.email,
      subject: digest.subject,
      bodyText: digest.text,
      emailMessageId: newMessageId(mail.mailDomain),
      headers: { "Auto-Submitted": "auto-generated" },
      createdAt: now,
    })
      .onConflictDoNothing()
      .returning(),
    markEmailed,
    clearWork(db, ref, now),
  ])) as [OutboundRecord[], ...unknown[]];
  if (!queued[0]) return false; // another run recorded it
  await deliver(db, mail.mailer, queued[0], now);
  return true;
}

