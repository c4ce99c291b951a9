import { and, asc, eq } from "drizzle-orm";
import { attachments, ticketParticipants } from "../../../schema";
import { AppError, notFound } from "../errors";
import type { TenantScope } from "../tenancy/scope";

export type Attachment = typeof attachments.$inferSelect;

export function listTicketAttachments(scope: TenantScope, ticketId: string) {
  return scope.db.query.attachments.findMany({
    where: and(eq(attachments.tenantId, scope.tenantId), eq(attachments.ticketId, ticketId)),
    orderBy: [asc(attachments.createdAt), asc(attachments.id)],
  });
}

/** An attachment's bytes from R2, with what a download needs. */
export async function attachmentContent(scope: TenantScope, blobs: R2Bucket, id: string) {
  const attachment = await scope.db.query.attachments.findFirst({ where: and(eq(attachments.tenantId, scope.tenantId), eq(attachments.id, id)) });
  if (!attachment) throw notFound("Attachment");
  if (!attachment.storageKey) throw new AppError(404, "attachment_not_stored", attachment.droppedReason ?? "This file was not stored");
  const object = await blobs.get(attachment.storageKey);
  if (!object) throw new AppError(503, "attachment_unavailable", "The file could not be read; try again later");
  return { attachment, body: object.body };
}

export function listParticipants(scope: TenantScope, ticketId: string) {
  return scope.db.query.ticketParticipants.findMany({
    where: and(eq(ticketParticipants.tenantId, scope.tenantId), eq(ticketParticipants.ticketId, ticketId)),
    orderBy: [asc(ticketParticipants.createdAt), asc(ticketParticipants.email)],
  });
}
