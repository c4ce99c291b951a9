import { createRoute, z } from "@hono/zod-openapi";
import {
  createStandardReply,
  deleteStandardReply,
  getStandardReply,
  listStandardReplies,
  renderStandardReply,
  updateStandardReply,
  type StandardReply,
} from "../../core/tickets/standard-replies";
import { PLACEHOLDERS } from "../../core/tickets/templates";
import { requireLevel } from "../auth-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { Timestamp, iso, multiLineText, patchOf, singleLineText } from "../schemas/common";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";

const ReplyId = IdParam("Standard reply", "srp_01jq3v9f2k8x7d0m4n5p6r7s8t");
const admin = [requireLevel("admin")];
const placeholderHelp = `Placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`;

const StandardReplySchema = z
  .object({
    id: z.string(),
    title: z.string().openapi({ example: "Refund on its way" }),
    body: z.string().openapi({ example: "Hi {{customer.first_name}}, your refund for {{ticket.number}} is on its way." }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("StandardReply");
const toReply = (r: StandardReply): z.infer<typeof StandardReplySchema> => ({ id: r.id, title: r.title, body: r.body, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });
const Title = singleLineText(1, 200);
const TemplateBody = multiLineText(1, 20_000).openapi({ description: placeholderHelp });

export const standardReplies = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/standard-replies",
      tags: ["Standard replies"],
      summary: "Standard replies (canned responses), by title",
      security: authed,
      responses: { 200: json(z.object({ items: z.array(StandardReplySchema) }), "Standard replies"), 401: errors[401] },
    }),
    async (c) => c.json({ items: (await listStandardReplies(c.get("scope"))).map(toReply) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/standard-replies",
      tags: ["Standard replies"],
      summary: "Create a standard reply",
      description: placeholderHelp,
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ title: Title, body: TemplateBody }).strict()) },
      responses: { 201: json(StandardReplySchema, "The standard reply"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toReply(await createStandardReply(c.get("scope"), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/standard-replies/{id}",
      tags: ["Standard replies"],
      summary: "One standard reply",
      security: authed,
      request: { params: ReplyId },
      responses: { 200: json(StandardReplySchema, "The standard reply"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toReply(withETag(c, await getStandardReply(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/standard-replies/{id}",
      tags: ["Standard replies"],
      summary: "Change a standard reply",
      description: ifMatchNote("standard reply"),
      security: authed,
      middleware: admin,
      request: {
        params: ReplyId,
        headers: IfMatch,
        body: jsonBody(patchOf({ title: Title, body: TemplateBody })),
      },
      responses: { 200: json(StandardReplySchema, "The standard reply"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      return c.json(toReply(await versionedWrite(c, (version) => updateStandardReply(scope, id, c.req.valid("json"), new Date(), version), async () => toReply(await getStandardReply(scope, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/standard-replies/{id}",
      tags: ["Standard replies"],
      summary: "Delete a standard reply",
      security: authed,
      middleware: admin,
      request: { params: ReplyId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteStandardReply(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/standard-replies/{id}/render",
      tags: ["Standard replies"],
      summary: "The reply's text with its placeholders filled for a ticket",
      security: authed,
      request: { params: ReplyId, body: jsonBody(z.object({ ticketId: z.string().min(1).max(64) }).strict()) },
      responses: { 200: json(z.object({ body: z.string() }), "The rendered text"), 401: errors[401], 404: errors[404], 422: errors[422] },
    }),
    async (c) => {
      const body = await renderStandardReply(c.get("scope"), c.req.valid("param").id, c.req.valid("json").ticketId, c.get("principal").userId);
      return c.json({ body }, 200);
    },
  );
