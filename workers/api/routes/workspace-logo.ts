import { createRoute, z } from "@hono/zod-openapi";
import { LOGO_MAX_BYTES, LOGO_TYPES } from "../../core/tenancy/logo-rules";
import { removeWorkspaceLogo, setWorkspaceLogo } from "../../core/tenancy/workspace-logo";
import { requireLevel } from "../auth-middleware";
import { ProblemSchema } from "../problem";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { TenantSchema, toTenant } from "../schemas/users";
import { withETag } from "../schemas/versioning";

const problemResponse = (description: string) => ({ content: { "application/problem+json": { schema: ProblemSchema } }, description });

const LogoUpload = z
  .object({
    contentType: z.string().min(1).max(100).openapi({ description: `The image's type: ${LOGO_TYPES.join(", ")} (checked against the bytes; SVG is refused)`, example: "image/png" }),
    // Base64 of at most 512 KB is about 700,000 characters; more decodes to an image refused as too large (or the 1 MiB body limit answers).
    data: z.base64().max(1_000_000).openapi({ description: `The image's bytes, base64-encoded; at most ${LOGO_MAX_BYTES / 1024} KB decoded` }),
  })
  .strict()
  .openapi("WorkspaceLogoUpload");

const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** The workspace's uploaded logo (admins): shown on its public survey pages instead of the logo URL. */
export const workspaceLogo = createRouter()
  .openapi(
    createRoute({
      method: "put",
      path: "/workspace/logo",
      tags: ["Workspace"],
      summary: "Upload the workspace's logo",
      description: `A PNG, JPEG or WebP image of at most ${LOGO_MAX_BYTES / 1024} KB (SVG is refused: it can carry scripts), stored with a content id; \`logoImageUrl\` is then its public, cacheable address (the survey pages show it instead of \`logoUrl\`). Replacing it removes the previous image.`,
      security: authed,
      middleware: [requireLevel("admin")] as const,
      request: { body: jsonBody(LogoUpload) },
      responses: {
        200: json(TenantSchema, "The workspace"),
        401: errors[401],
        403: errors[403],
        413: problemResponse(`\`logo_too_large\`: over ${LOGO_MAX_BYTES / 1024} KB`),
        415: problemResponse("`logo_type_not_allowed`: not a PNG, JPEG or WebP image, or not the type declared"),
        422: errors[422],
      },
    }),
    async (c) => {
      const { contentType, data } = c.req.valid("json");
      const tenant = await setWorkspaceLogo(c.get("scope"), c.env.BLOBS, { contentType, bytes: decode(data) });
      return c.json(toTenant(withETag(c, tenant), c.env.MAIL_DOMAIN), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/workspace/logo",
      tags: ["Workspace"],
      summary: "Remove the workspace's uploaded logo",
      description: "Its image is deleted (its address answers 404); the logo URL, if set, shows again.",
      security: authed,
      middleware: [requireLevel("admin")] as const,
      responses: { 200: json(TenantSchema, "The workspace"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json(toTenant(withETag(c, await removeWorkspaceLogo(c.get("scope"), c.env.BLOBS)), c.env.MAIL_DOMAIN), 200),
  );
