import { createRoute, z } from "@hono/zod-openapi";
import { attachmentError } from "../../core/attachments/upload-store";
import { verifyFileLink } from "../../core/attachments/file-link";
import { openDb } from "../../core/db";
import { AppError } from "../../core/errors";
import { attachmentContent } from "../../core/tickets/attachments";
import { fileDownloadHeaders } from "../file-download";
import { createRouter, errors } from "../router";

/**
 * Download links in reply emails, for files too large to attach. Public: the signed token names
 * the workspace and the file, and is the only credential.
 */
export const fileLinks = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/files/{token}",
    tags: ["Tickets"],
    summary: "Download a file sent as a link in a reply email (public, signed, expiring)",
    description: "The token is signed by Kefu and names the workspace and the file; it expires 30 days after the reply. An expired, altered or unknown token gets 404 `file_link_invalid`.",
    request: { params: z.object({ token: z.string().min(1).max(2048).openapi({ param: { name: "token", in: "path" } }) }) },
    responses: { 200: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } }, description: "The file" }, 404: errors[404], 422: errors[422] },
  }),
  async (c) => {
    const check = await verifyFileLink(c.env.JWT_SECRET, c.req.valid("param").token, new Date());
    if (!check.ok) throw attachmentError("file_link_invalid");
    const scope = { db: openDb(c.env.DB), tenantId: check.claims.tenantId };
    const { attachment, body } = await attachmentContent(scope, c.env.BLOBS, check.claims.attachmentId).catch((error: unknown) => {
      // The file's message was erased (customer data rights) or the workspace deleted.
      throw error instanceof AppError && error.status === 404 ? attachmentError("file_link_invalid") : error;
    });
    c.header("Cache-Control", "private, no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.body(body, 200, fileDownloadHeaders(attachment)) as never;
  },
);
