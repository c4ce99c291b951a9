import { createRoute, z } from "@hono/zod-openapi";
import { attachmentError, createUpload, deleteUpload } from "../../core/attachments/upload-store";
import { MAX_UPLOAD_BYTES } from "../../core/attachments/upload-rules";
import { requireLevel } from "../auth-middleware";
import { IdParam, authed, createRouter, errors, json } from "../router";
import { toUpload, UploadSchema } from "../schemas/uploads";
import { ProblemSchema } from "../problem";

/** The one route whose body is a file, not JSON: index.ts exempts it from the JSON-only and 1 MiB checks. */
export const UPLOAD_PATH = "/uploads";

const problemResponse = (description: string) => ({ content: { "application/problem+json": { schema: ProblemSchema } }, description });

/** Files an agent uploads before sending them with a reply or note (Zendesk's upload tokens). */
export const uploadRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: UPLOAD_PATH,
      tags: ["Tickets"],
      summary: "Upload a file to send with a reply or note",
      description:
        "The body is the file's bytes; its Content-Type is the file's type and `filename` names it. At most 20 MB; programs, scripts and installers (.exe, .bat, .js, .msi…) are refused. Send the returned id in `attachments` of POST /tickets/{id}/messages within 24 hours; an upload never sent is then deleted.",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: {
        query: z.object({ filename: z.string().min(1).max(255).openapi({ example: "invoice.pdf" }) }),
        body: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } }, required: true },
      },
      responses: {
        201: json(UploadSchema, "The upload"),
        401: errors[401],
        403: errors[403],
        413: problemResponse("`file_too_large`: over 20 MB"),
        415: problemResponse("`file_type_not_allowed`: a program, script or installer"),
        422: errors[422],
      },
    }),
    async (c) => {
      const length = c.req.header("Content-Length");
      const declaredSize = length && /^\d+$/.test(length) ? Number(length) : null;
      const upload = await createUpload(c.get("scope"), c.env.BLOBS, c.get("principal").userId, {
        filename: c.req.valid("query").filename,
        contentType: c.req.header("Content-Type") ?? "application/octet-stream",
        declaredSize,
        read: () => readLimited(c.req.raw, MAX_UPLOAD_BYTES),
      });
      return c.json(toUpload(upload), 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: `${UPLOAD_PATH}/{id}`,
      tags: ["Tickets"],
      summary: "Remove an upload not sent yet",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { params: IdParam("Upload", "upl_01jq3v9f2k8x7d0m4n5p6r7s8t") },
      responses: { 204: { description: "Removed" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteUpload(c.get("scope"), c.env.BLOBS, c.get("principal").userId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

/** The body's bytes, refused as soon as they pass `max` (a chunked body has no length to check first). */
async function readLimited(request: Request, max: number): Promise<ArrayBuffer> {
  if (!request.body) return new ArrayBuffer(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > max) throw attachmentError("file_too_large");
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  return bytes.buffer;
}
