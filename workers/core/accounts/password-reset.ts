import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { passwordResets, rateLimits, tenants, users, type UserLanguage } from "../../../schema";
import { hashPassword } from "../auth/password";
import { counter, hitStatement, limitState, PASSWORD_RESETS_PER_ADDRESS, PASSWORD_RESETS_PER_CLIENT, refuseOverLimit } from "../auth/rate-limit";
import { userSessionsRevocation } from "../auth/sessions";
import type { Db } from "../db";
import { accountError } from "../errors";
import { newId, randomSecret, sha256Hex } from "../ids";
import { builtInAddress, newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliver, queueOutbound } from "../mail/outbox";
import { passwordResetMail } from "./password-reset-mail";

/** A reset link works for an hour, once. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export interface ResetRequest {
  /** The workspace slug, as on the sign-in form: the account is looked up in that workspace only. */
  workspace: string;
  email: string;
  /** The language the request was made in; the mail uses the user's own language when they chose one. */
  language: UserLanguage;
  /** The client's address as the edge saw it; used only for rate limiting. */
  client: string;
}

/**
 * Asks for a password reset link. The answer never says whether the account exists: both paths
 * cost two round trips (one batch counts the request against the client's and the address's
 * limits and finds the account; a second records the link and its email — or, with no account,
 * reads a row, so the timing matches) and hash a secret. The mail is recorded before it is
 * sent; the caller sends it after answering (`send`), so sending time says nothing either.
 */
export async function requestPasswordReset(db: Db, mail: MailSettings & { appUrl: string }, input: ResetRequest, now = new Date()) {
  const at = now.getTime();
  const [perClient, perAddress] = await Promise.all([counter(PASSWORD_RESETS_PER_CLIENT, input.client), counter(PASSWORD_RESETS_PER_ADDRESS, `${input.workspace}\n${input.email}`)]);
  const [[clientHits], [addressHits], [tenant], [user]] = await db.batch([
    hitStatement(db, perClient, at),
    hitStatement(db, perAddress, at),
    db.select().from(tenants).where(eq(tenants.slug, input.workspace)).limit(1),
    db
      .select()
      .from(users)
      .where(and(inArray(users.tenantId, db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.workspace))), eq(users.email, input.email)))
      .limit(1),
  ]);
  refuseOverLimit(limitState(PASSWORD_RESETS_PER_CLIENT, clientHits, at), "Too many password reset requests from this client; try again later");
  refuseOverLimit(limitState(PASSWORD_RESETS_PER_ADDRESS, addressHits, at), "Too many password reset requests for this address; try again later");

  const secret = randomSecret(32);
  const tokenHash = await sha256Hex(secret);
  if (!tenant || !user || !user.active) {
    await db.batch([db.select({ key: rateLimits.key }).from(rateLimits).where(eq(rateLimits.key, perAddress.key)).limit(1)]);
    return { send: async () => undefined };
  }
  const link = `${mail.appUrl}/reset-password?token=${secret}`;
  const words = passwordResetMail(user.language ?? input.language, { userName: user.name, workspaceName: tenant.name, link });
  const [, [queued]] = await db.batch([
    db.insert(passwordResets).values({ id: newId("pwr", at), tenantId: tenant.id, userId: user.id, tokenHash, expiresAt: new Date(at + PASSWORD_RESET_TTL_MS), createdAt: now }),
    queueOutbound(db, {
      id: newId("out", at),
      tenantId: tenant.id,
      purpose: "password_reset",
      fromAddress: builtInAddress(tenant.slug, mail.mailDomain),
      fromName: tenant.name,
      toAddress: user.email,
      subject: words.subject,
      bodyText: words.text,
      emailMessageId: newMessageId(mail.mailDomain),
      headers: { "Auto-Submitted": "auto-generated" },
      createdAt: now,
    }).returning(),
  ]);
  return { send: async () => void (await deliver(db, mail.mailer, queued!, now)) };
}

const invalidLink = () => accountError(404, "reset_link_invalid", "This reset link is not valid: it may have expired or been used. Ask for a new one.", "body.token");

/**
 * Sets a new password with a reset link. Two round trips: the link is claimed (a conditional
 * update: of two clicks, only one gets it back), then the password is set, every session of the
 * user ends and every other open link of theirs is spent, in one batch. The workspace is the
 * link's; nothing else in the request names it.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }, now = new Date()) {
  const passwordHash = await hashPassword(input.password);
  const [claimed] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.tokenHash, await sha256Hex(input.token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .returning();
  if (!claimed) throw invalidLink();
  const scope = { db, tenantId: claimed.tenantId };
  const [[user]] = await db.batch([
    db
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(and(eq(users.tenantId, claimed.tenantId), eq(users.id, claimed.userId), eq(users.active, true)))
      .returning({ id: users.id }),
    userSessionsRevocation(scope, claimed.userId, now),
    db
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tenantId, claimed.tenantId), eq(passwordResets.userId, claimed.userId), isNull(passwordResets.usedAt))),
  ]);
  if (!user) throw invalidLink();
}
