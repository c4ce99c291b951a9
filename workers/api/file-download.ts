import type { Attachment } from "../core/tickets/attachments";

/**
 * The headers a stored file is served with: always a download with its declared type, never
 * sniffed, and sandboxed should a browser render it anyway.
 */
export const fileDownloadHeaders = (attachment: Pick<Attachment, "contentType" | "filename">) => ({
  "Content-Type": attachment.contentType,
  "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "sandbox; default-src 'none'",
});
