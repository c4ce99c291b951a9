import { createRoute, z } from "@hono/zod-openapi";
import { allows } from "../../core/auth/access";
import { requireLevel } from "../auth-middleware";
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView, type SavedView } from "../../core/tickets/saved-views";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { Timestamp, iso, patchOf, singleLineText } from "../schemas/common";
import { ListFilters as Filters } from "../schemas/ticket-filters";
import { TICKET_COLUMNS, validColumns } from "../../core/tickets/ticket-columns";
import type { Context } from "hono";
import type { AppEnv } from "../context";

/** The ticket table's columns the view shows, in order; null: the table's default. */
const Columns = z
  .array(z.enum(TICKET_COLUMNS))
  .min(1)
  .max(TICKET_COLUMNS.length)
  .refine(validColumns, "Each column once, the subject among them")
  .openapi({ description: "The ticket table's columns, in order (the subject always one)", example: ["number", "subject", "status", "updated"] });

const ViewId = IdParam("Saved view", "svw_01jq3v9f2k8x7d0m4n5p6r7s8t");
const Name = singleLineText(1, 80);
/** A read-only API token may list views, not change them. */
const writer = [requireLevel("write")];

const SavedViewSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ example: "VIP refunds" }),
    shared: z.boolean().openapi({ description: "true: the whole workspace sees it; false: only its owner" }),
    ownerId: z.string().nullable(),
    filters: z.record(z.string(), z.string()),
    columns: Columns.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("SavedView");

const toView = (v: SavedView): z.infer<typeof SavedViewSchema> => ({
  id: v.id,
  name: v.name,
  shared: v.ownerId === null,
  ownerId: v.ownerId,
  filters: Object.fromEntries(Object.entries(v.filters).filter((e): e is [string, string] => typeof e[1] === "string")),
  columns: v.columns && validColumns(v.columns) ? v.columns : null,
  createdAt: iso(v.createdAt),
  updatedAt: iso(v.updatedAt),
});

const actorOf = (c: Context<AppEnv>) => {
  const principal = c.get("principal");
  return { userId: principal.userId, admin: allows(principal.level, "admin") };
};

export const savedViewRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/saved-views",
      tags: ["Saved views"],
      summary: "The caller's saved ticket-list views and the workspace's shared ones, by name",
      security: authed,
      responses: { 200: json(z.object({ items: z.array(SavedViewSchema) }), "Saved views"), 401: errors[401] },
    }),
    async (c) => c.json({ items: (await listSavedViews(c.get("scope"), c.get("principal").userId)).map(toView) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/saved-views",
      tags: ["Saved views"],
      summary: "Save a ticket-list query under a name",
      description: "Personal by default; `shared: true` (admins only, else 403) shows it to the whole workspace.",
      security: authed,
      middleware: writer,
      request: { body: jsonBody(z.object({ name: Name, filters: Filters, columns: Columns.nullable().default(null), shared: z.boolean().default(false) }).strict()) },
      responses: { 201: json(SavedViewSchema, "The saved view"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(toView(await createSavedView(c.get("scope"), actorOf(c), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/saved-views/{id}",
      tags: ["Saved views"],
      summary: "Rename a saved view, or change its query or columns",
      description: "Its owner, or for a shared view an admin (else 403).",
      security: authed,
      middleware: writer,
      request: { params: ViewId, body: jsonBody(patchOf({ name: Name, filters: Filters, columns: Columns.nullable() })) },
      responses: { 200: json(SavedViewSchema, "The saved view"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(toView(await updateSavedView(c.get("scope"), actorOf(c), c.req.valid("param").id, c.req.valid("json"))), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/saved-views/{id}",
      tags: ["Saved views"],
      summary: "Delete a saved view",
      description: "Its owner, or for a shared view an admin (else 403).",
      security: authed,
      middleware: writer,
      request: { params: ViewId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteSavedView(c.get("scope"), actorOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
