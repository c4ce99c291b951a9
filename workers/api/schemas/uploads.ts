import { z } from "@hono/zod-openapi";
import { MAX_FILES_PER_MESSAGE } from "../../core/attachments/upload-rules";
import type { Upload } from "../../core/attachments/upload-store";
import type { FileLinkSettings } from "../../core/tickets/replies";
import { iso, Timestamp } from "./common";

export const UploadSchema = z
  .object({
    id: z.string().openapi({ example: "upl_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    expiresAt: Timestamp.openapi({ description: "Deleted at this instant unless a reply or note sent it" }),
  })
  .openapi("Upload");

export const toUpload = (u: Upload): z.infer<typeof UploadSchema> => ({ id: u.id, filename: u.filename, contentType: u.contentType, size: u.size, expiresAt: iso(u.expiresAt) });

/** The `attachments` field of a new reply or note. */
export const MessageAttachments = z
  .array(z.string().min(1).max(64))
  .max(MAX_FILES_PER_MESSAGE)
  .optional()
  .openapi({
    description: `Ids of your uploads (POST /uploads) to send with the message, at most ${MAX_FILES_PER_MESSAGE}. A reply emails them as attachments while they total at most 3 MiB; larger ones go as download links valid 30 days. A note keeps them internal.`,
  });

/** Where a reply's download links point, and the secret that signs them. */
export const fileLinkSettings = (env: Env): FileLinkSettings => ({ secret: env.JWT_SECRET, appUrl: env.APP_URL });
