import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { invitations, tenants, users, type Role } from "../../../schema";
import { hashPassword } from "../auth/password";
import { newSession } from "../auth/sessions";
import { isUniqueViolation, type Db } from "../db";
import { AppError, conflict, notFound } from "../errors";
import { newId, randomSecret, sha256Hex } from "../ids";
import { builtInAddress, newMessageId } from "../mail/addresses";
import { queueOutbound, sendQueued } from "../mail/outbox";
import type { MailSettings } from "../mail/mailer";
import type { TenantScope } from "./scope";
import { getTenant } from "./tenant";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export type Invitation = typeof invitations.$inferSelect;

/**
 * Invites someone to the workspace: records the invitation and the invitation email (sent at
 * once, retried by cron if sending fails). The accept link carries a one-time secret; only
 * its hash is stored. The link is also returned once, for the admin to pass on by hand.
 */
export async function inviteUser(
  scope: TenantScope,
  mail: MailSettings & { appUrl: string },
  inviter: { id: string; name: string },
  input: { email: string; role: Exclude<Role, "owner"> },
  now = new Date(),
) {
  const { db, tenantId } = scope;
  if (await db.query.users.findFirst({ where: and(eq(users.tenantId, tenantId), eq(users.email, input.email)), columns: { id: true } }))
    throw conflict("user_exists", `${input.email} is already a member of this workspace`);
  const tenant = await getTenant(scope);
  const secret = randomSecret(32);
  const acceptUrl = `${mail.appUrl}/accept-invitation?token=${secret}`;
  const id = newId("inv", now.getTime());
  const address = builtInAddress(tenant.slug, mail.mailDomain);
  const outboundId = newId("out", now.getTime());
  const [[invitation]] = await db.batch([
    db
      .insert(invitations)
      .values({ id, tenantId, email: input.email, role: input.role, tokenHash: await sha256Hex(secret), invitedBy: inviter.id, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS), createdAt: now })
      .returning(),
    queueOutbound(db, {
      id: outboundId,
      tenantId,
      purpose: "invitation",
      fromAddress: address,
      fromName: tenant.name,
      toAddress: input.email,
      subject: `${inviter.name} invited you to ${tenant.name} on Kefu`,
      bodyText: `${inviter.name} invited you to join ${tenant.name} on Kefu as ${input.role === "admin" ? "an admin" : "an agent"}.\n\nAccept the invitation (valid for 7 days):\n${acceptUrl}\n`,
      emailMessageId: newMessageId(mail.mailDomain),
      headers: { "Auto-Submitted": "auto-generated" },
      createdAt: now,
    }),
  ]);
  await sendQueued(db, mail.mailer, outboundId, now);
  return { invitation: invitation!, acceptUrl, token: secret };
}

export function listInvitations(scope: TenantScope) {
  return scope.db.query.invitations.findMany({ where: eq(invitations.tenantId, scope.tenantId), orderBy: [desc(invitations.createdAt)] });
}

export async function revokeInvitation(scope: TenantScope, id: string, now = new Date()) {
  const [row] = await scope.db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.tenantId, scope.tenantId), eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning();
  if (!row) throw notFound("Open invitation");
  return row;
}

/**
 * Accepting an invitation creates the user. The invitation is the credential here: its
 * secret names the tenant, and it works once, before it expires, unless revoked.
 */
/**
 * Accepts an invitation: the new user, in the invitation's workspace, signed in. Two round
 * trips: the invitation with its workspace, then the user, the invitation marked accepted and
 * the session in one batch.
 */
export async function acceptInvitation(db: Db, input: { token: string; name: string; password: string }, secret: string, now = new Date()) {
  const [found] = await db
    .select({ invitation: invitations, tenant: tenants })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(and(eq(invitations.tokenHash, await sha256Hex(input.token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)));
  if (!found)
    throw new AppError(404, "invitation_not_found", "This invitation link is not valid: it may have expired, been used, or been revoked");
  const { invitation, tenant } = found;
  const userId = newId("usr", now.getTime());
  const passwordHash = await hashPassword(input.password);
  const session = await newSession({ db, tenantId: tenant.id }, secret, userId, now);
  try {
    const [[user]] = await db.batch([
      db
        .insert(users)
        .values({ id: userId, tenantId: invitation.tenantId, email: invitation.email, name: input.name, role: invitation.role, passwordHash, createdAt: now, updatedAt: now })
        .returning(),
      db.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, invitation.id)),
      session.insert,
    ]);
    return { user: user!, tenant, session: { token: session.token, expiresAt: session.expiresAt } };
  } catch (error) {
    if (isUniqueViolation(error, "users.tenant_id, users.email"))
      throw conflict("user_exists", `${invitation.email} is already a member of this workspace`);
    throw error;
  }
}
