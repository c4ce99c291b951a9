import { and, eq, inArray, lte } from "drizzle-orm";
import { attachments, uploads, type OutboundAttachment } from "../../../schema";
import { AppError, invalidField } from "../errors";
import { newId } from "../ids";
import { inChunks, runBatch, type Db, type Statement } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { cleanFilename, mediaType, MAX_FILES_PER_MESSAGE, refusedUpload, UPLOAD_LIFETIME_MS, type AttachmentErrorCode } from "./upload-rules";

export type Upload = typeof uploads.$inferSelect;

const STATUS_OF: Record<AttachmentErrorCode, AppError["status"]> = {
  file_too_large: 413,
  file_type_not_allowed: 415,
  file_empty: 422,
  too_many_files: 422,
  unknown_upload: 422,
  file_link_invalid: 404,
};

const MESSAGES: Record<AttachmentErrorCode, string> = {
  file_too_large: "The file is larger than the 20 MB limit",
  file_type_not_allowed: "Files of this type (programs, scripts, installers) cannot be attached",
  file_empty: "The file is empty",
  too_many_files: `A message can carry at most ${MAX_FILES_PER_MESSAGE} files`,
  unknown_upload: "No such upload: it was never made, has been sent already or expired, or is someone else's",
  file_link_invalid: "This download link is not valid or has expired",
};

export const attachmentError = (code: AttachmentErrorCode, field?: string) =>
  new AppError(STATUS_OF[code], code, MESSAGES[code], field ? { errors: [{ field, code, message: MESSAGES[code] }] } : {});

export interface NewUpload {
  filename: string;
  contentType: string;
  /** The declared length, checked before the body is read. */
  declaredSize: number | null;
  read: () => Promise<ArrayBuffer>;
}

/**
 * Stores a file an agent is about to send (two round trips: the row, then the file in R2). The
 * size is checked against the declared length before reading and against the bytes after.
 * A row whose file failed to store is removed by the cron with the other expired uploads.
 */
export async function createUpload(scope: TenantScope, blobs: R2Bucket, userId: string, file: NewUpload, now = new Date()): Promise<Upload> {
  const filename = cleanFilename(file.filename);
  const contentType = mediaType(file.contentType) || "application/octet-stream";
  const early = refusedUpload({ filename, contentType, size: file.declaredSize ?? 1 });
  if (early) throw attachmentError(early);
  const body = await file.read();
  const refused = refusedUpload({ filename, contentType, size: body.byteLength });
  if (refused) throw attachmentError(refused);
  const id = newId("upl", now.getTime());
  const row: Upload = {
    id,
    tenantId: scope.tenantId,
    userId,
    filename,
    contentType,
    size: body.byteLength,
    storageKey: `att/${scope.tenantId}/up/${id}`,
    createdAt: now,
    expiresAt: new Date(now.getTime() + UPLOAD_LIFETIME_MS),
  };
  await scope.db.insert(uploads).values(row);
  await blobs.put(row.storageKey, body, { httpMetadata: { contentType } });
  return row;
}

/** Removes an upload not sent yet (the agent took it off the message). */
export async function deleteUpload(scope: TenantScope, blobs: R2Bucket, userId: string, id: string): Promise<void> {
  const [row] = await scope.db
    .delete(uploads)
    .where(and(eq(uploads.tenantId, scope.tenantId), eq(uploads.id, id), eq(uploads.userId, userId)))
    .returning();
  if (!row) throw new AppError(404, "not_found", "Upload not found");
  await blobs.delete(row.storageKey);
}

/** The read of an agent's uploads a message names (for the message's read batch); undefined when it names none. */
export function uploadReads(scope: TenantScope, userId: string, ids: readonly string[] | undefined) {
  if (!ids?.length) return {};
  return {
    uploads: scope.db
      .select()
      .from(uploads)
      .where(and(eq(uploads.tenantId, scope.tenantId), eq(uploads.userId, userId), inArray(uploads.id, [...new Set(ids)]))),
  };
}

/** A message's files, as its attachments rows and what its email needs of each. */
export interface MessageFile extends OutboundAttachment {
  attachmentId: string;
}

/**
 * The statements that give a message the files its uploads hold: each becomes an attachment of
 * the message (same storage key) and the upload row goes. Refuses a list naming an upload the
 * agent does not have (422 `unknown_upload`) or more than MAX_FILES_PER_MESSAGE (422 `too_many_files`).
 */
export function messageFileStatements(scope: TenantScope, ids: readonly string[] | undefined, found: readonly Upload[] | undefined, ticketId: string, messageId: string, now: Date) {
  const wanted = [...new Set(ids ?? [])];
  if (wanted.length > MAX_FILES_PER_MESSAGE) throw attachmentError("too_many_files", "body.attachments");
  if (!wanted.length) return { files: [] as MessageFile[], statements: [] as Statement[] };
  const byId = new Map((found ?? []).map((u) => [u.id, u]));
  const missing = wanted.findIndex((id) => !byId.has(id));
  if (missing >= 0) throw attachmentError("unknown_upload", `body.attachments.${missing}`);
  const files = wanted.map((id, i): MessageFile => {
    const u = byId.get(id)!;
    return { attachmentId: newId("att", now.getTime() + i), filename: u.filename, contentType: u.contentType, size: u.size, storageKey: u.storageKey };
  });
  const { db, tenantId } = scope;
  const rows = files.map((f, i) => ({ id: f.attachmentId, tenantId, ticketId, messageId, filename: f.filename, contentType: f.contentType, size: f.size, storageKey: f.storageKey, createdAt: new Date(now.getTime() + i) }));
  const statements: Statement[] = [
    // Twelve columns a row: five rows stay under D1's 100 bound parameters.
    ...inChunks(rows, 5).map((chunk) => db.insert(attachments).values(chunk)),
    db.delete(uploads).where(and(eq(uploads.tenantId, tenantId), inArray(uploads.id, wanted))),
  ];
  return { files, statements };
}

/** Cron scan: uploads never sent whose time is up, oldest first. */
export function expiredUploads(db: Db, now: Date, limit = 200) {
  return db.select({ id: uploads.id, storageKey: uploads.storageKey }).from(uploads).where(lte(uploads.expiresAt, now)).orderBy(uploads.expiresAt).limit(limit);
}

/** Deletes what the scan found: the files first (a row left behind is found again next time), then the rows. */
export async function deleteExpiredUploads(db: Db, blobs: R2Bucket, found: readonly { id: string; storageKey: string }[]): Promise<number> {
  if (!found.length) return 0;
  await blobs.delete(found.map((u) => u.storageKey));
  // Well under D1's 100 bound parameters a statement.
  await runBatch(db, inChunks(found, 90).map((chunk) => db.delete(uploads).where(inArray(uploads.id, chunk.map((u) => u.id)))));
  return found.length;
}
