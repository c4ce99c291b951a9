import type { Email } from "postal-mime";
import { attachments } from "../../../schema";
import type { Statement } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { planAttachments, type AttachmentLimits } from "./attachment-plan";
import { normalizeMessageId } from "./threading";

/** The files of an inbound message as stored: their rows (without ticket and message yet) and the URL of each inline image's Content-ID. */
export interface StoredFiles {
  rows: Omit<typeof attachments.$inferInsert, "ticketId" | "messageId" | "createdAt">[];
  urlOfContentId: Map<string, string>;
}

/**
 * Stores in R2 the files of an inbound message that the plan allows (attachment-plan.ts), under
 * keys derived from the inbound record: a retry overwrites, never duplicates. Files over the
 * limits get a row with the reason and no stored bytes.
 */
export async function storeAttachments(blobs: R2Bucket, scope: TenantScope, inboundId: string, parsed: Email, limits: AttachmentLimits): Promise<StoredFiles> {
  const contents = parsed.attachments.map((a) => (typeof a.content === "string" ? new TextEncoder().encode(a.content) : new Uint8Array(a.content)));
  const plan = planAttachments(
    contents.map((c) => c.byteLength),
    limits,
  );
  const rows: StoredFiles["rows"] = [];
  const urlOfContentId = new Map<string, string>();
  for (const [index, file] of parsed.attachments.entries()) {
    const id = `att_${inboundId.slice(4)}_${index}`;
    const storageKey = plan[index]!.droppedReason ? null : `att/${scope.tenantId}/${inboundId}/${index}`;
    if (storageKey) await blobs.put(storageKey, contents[index]!, { httpMetadata: { contentType: file.mimeType } });
    const contentId = normalizeMessageId(file.contentId);
    if (contentId && storageKey) urlOfContentId.set(contentId, `/api/v1/attachments/${id}/content`);
    rows.push({
      id,
      tenantId: scope.tenantId,
      filename: file.filename || `attachment-${index + 1}`,
      contentType: file.mimeType,
      size: plan[index]!.size,
      contentId,
      inline: file.disposition === "inline" || Boolean(file.related),
      storageKey,
      droppedReason: plan[index]!.droppedReason,
    });
  }
  return { rows, urlOfContentId };
}

/** The stored files' rows on the message they came with, for the batch that files it. */
export function attachmentStatements(scope: TenantScope, files: StoredFiles, ticketId: string, messageId: string, now: Date): Statement[] {
  return files.rows.map((row) => scope.db.insert(attachments).values({ ...row, ticketId, messageId, createdAt: now }));
}
