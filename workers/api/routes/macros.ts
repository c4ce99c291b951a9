import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { MACRO_REPLY_KINDS } from "../../../schema";
import { allows } from "../../core/auth/access";
import { applyMacro, bulkApplyMacro, previewMacro } from "../../core/macros/macro-apply";
import { MACRO_ACTION_TYPES } from "../../core/macros/macro-rules";
import { createMacro, deleteMacro, getMacro, listMacros, updateMacro, type Macro } from "../../core/macros/macro-store";
import { Action } from "../../core/rules/rule-schema";
import { PLACEHOLDERS } from "../../core/tickets/templates";
import { requireLevel } from "../auth-middleware";
import type { AppEnv } from "../context";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { Timestamp, iso, isoOrNull, multiLineText, NullableTimestamp, patchOf, singleLineText } from "../schemas/common";
import { TicketSchema, toTicket } from "../schemas/tickets";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";
import { bulkErrors, oneTarget, oneTargetIssue, ResultsSchema, targetShape, toResults, toTarget } from "./ticket-bulk";

const MacroId = IdParam("Macro", "mac_01jq3v9f2k8x7d0m4n5p6r7s8t");
const TicketMacro = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: "Ticket id", example: "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
  macroId: z.string().min(1).max(64).openapi({ param: { name: "macroId", in: "path" }, description: "Macro id", example: "mac_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
});
/** A read-only API token may list and preview macros, not change or apply them. */
const writer = [requireLevel("write")];
const placeholderHelp = `Placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`;

const MacroFields = {
  title: singleLineText(1, 200).openapi({ example: "Refund received" }),
  replyText: multiLineText(0, 20_000).openapi({ description: `The text the composer gets, placeholders filled for the ticket (may be empty). ${placeholderHelp}`, example: "Hi {{customer.first_name}}, your refund for {{ticket.number}} is on its way." }),
  replyKind: z.enum(MACRO_REPLY_KINDS).openapi({ description: "reply: a public reply; note: an internal note" }),
  actions: z
    .array(Action)
    .max(30)
    .openapi({
      description: `The ticket fields it sets, in order (${MACRO_ACTION_TYPES.join(", ")}; anything else, apply_macro included, is refused with 422 \`macro_action_not_allowed\`)`,
      example: [{ type: "set_priority", value: "high" }, { type: "add_tags", tags: ["refund"] }],
    }),
};

const MacroSchema = z
  .object({
    id: z.string(),
    ...MacroFields,
    shared: z.boolean().openapi({ description: "true: the whole workspace uses it (admins change it); false: only its owner sees and uses it" }),
    ownerId: z.string().nullable(),
    usageCount: z.number().int().openapi({ description: "How many times it was applied (a bulk apply counts each ticket)" }),
    lastUsedAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Macro");

const toMacro = (m: Macro): z.infer<typeof MacroSchema> => ({
  id: m.id,
  title: m.title,
  replyText: m.replyText,
  replyKind: m.replyKind,
  actions: m.actions,
  shared: m.ownerId === null,
  ownerId: m.ownerId,
  usageCount: m.usageCount,
  lastUsedAt: isoOrNull(m.lastUsedAt),
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});

const FieldChangeSchema = z
  .object({ field: z.string().openapi({ example: "priority" }), from: z.string().nullable().openapi({ example: "normal" }), to: z.string().nullable().openapi({ example: "high" }) })
  .openapi("FieldChange", { description: "One ticket field's change; tags as a JSON array of the whole list" });
const MacroTextFields = {
  replyKind: z.enum(MACRO_REPLY_KINDS),
  text: z.string().openapi({ description: "The macro's text with its placeholders filled for this ticket and you" }),
  changes: z.array(FieldChangeSchema),
};
const PreviewSchema = z.object(MacroTextFields).openapi("MacroPreview");
const AppliedSchema = z.object({ ...MacroTextFields, ticket: TicketSchema }).openapi("MacroApplied");

const actorOf = (c: Context<AppEnv>) => {
  const principal = c.get("principal");
  return { userId: principal.userId, admin: allows(principal.level, "admin") };
};

export const macroRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/macros",
      tags: ["Macros"],
      summary: "Your macros and the workspace's shared ones, most used first",
      security: authed,
      responses: { 200: json(z.object({ items: z.array(MacroSchema) }), "Macros"), 401: errors[401] },
    }),
    async (c) => c.json({ items: (await listMacros(c.get("scope"), c.get("principal").userId)).map(toMacro) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/macros",
      tags: ["Macros"],
      summary: "Create a macro",
      description: `Personal by default; \`shared: true\` (admins only, else 403) gives it to the whole workspace. It needs a text, an action, or both. ${placeholderHelp}`,
      security: authed,
      middleware: writer,
      request: {
        body: jsonBody(
          z
            .object({ ...MacroFields, replyText: MacroFields.replyText.default(""), replyKind: MacroFields.replyKind.default("reply"), actions: MacroFields.actions.default([]), shared: z.boolean().default(false) })
            .strict()
            .openapi("NewMacro"),
        ),
      },
      responses: { 201: json(MacroSchema, "The macro"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toMacro(await createMacro(c.get("scope"), actorOf(c), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/macros/{id}",
      tags: ["Macros"],
      summary: "One macro",
      security: authed,
      request: { params: MacroId },
      responses: { 200: json(MacroSchema, "The macro"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toMacro(withETag(c, await getMacro(c.get("scope"), c.get("principal").userId, c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/macros/{id}",
      tags: ["Macros"],
      summary: "Change a macro",
      description: `Its owner, or for a shared macro an admin (else 403). ${ifMatchNote("macro")}`,
      security: authed,
      middleware: writer,
      request: { params: MacroId, headers: IfMatch, body: jsonBody(patchOf(MacroFields)) },
      responses: { 200: json(MacroSchema, "The macro"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const actor = actorOf(c);
      const { id } = c.req.valid("param");
      return c.json(toMacro(await versionedWrite(c, (version) => updateMacro(scope, actor, id, c.req.valid("json"), new Date(), version), async () => toMacro(await getMacro(scope, actor.userId, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/macros/{id}",
      tags: ["Macros"],
      summary: "Delete a macro",
      description: "Its owner, or for a shared macro an admin (else 403).",
      security: authed,
      middleware: writer,
      request: { params: MacroId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteMacro(c.get("scope"), actorOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/macros/{macroId}/preview",
      tags: ["Macros"],
      summary: "What applying a macro to a ticket would do, changing nothing",
      description: "The macro's text with its placeholders filled for the ticket and you, and each field its actions would change (from → to).",
      security: authed,
      request: { params: TicketMacro },
      responses: { 200: json(PreviewSchema, "The preview"), 401: errors[401], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const { id, macroId } = c.req.valid("param");
      return c.json(await previewMacro(c.get("scope"), c.get("principal").userId, id, macroId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/macros/{macroId}/apply",
      tags: ["Macros"],
      summary: "Apply a macro to a ticket: its field changes now, its text for you to send",
      description:
        "Changes the ticket's fields as the macro's actions say, as you (the history names the macro: reason `macro:<id>:<title>`), and counts a use. The text is returned for the composer — it is NOT sent: edit it and send it as a reply or note (as Zendesk's macros do).",
      security: authed,
      middleware: writer,
      request: { params: TicketMacro },
      responses: { 200: json(AppliedSchema, "The ticket after, the changes, and the text"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const { id, macroId } = c.req.valid("param");
      const applied = await applyMacro(c.get("scope"), c.get("principal").userId, id, macroId);
      return c.json({ replyKind: applied.replyKind, text: applied.text, changes: applied.changes, ticket: toTicket(applied.ticket) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk/tickets/macro",
      tags: ["Macros"],
      summary: "Apply a macro's field changes to many tickets",
      description:
        "As POST /bulk/tickets with the macro's actions as the change (each ticket answers on its own; `undo` puts them back); the history names the macro; each ticket counts as a use. Its text is not sent. A macro without actions: 422 `macro_has_no_actions`.",
      security: authed,
      middleware: writer,
      request: { body: jsonBody(z.object({ ...targetShape, macroId: z.string().min(1).max(64) }).strict().refine(oneTarget, oneTargetIssue).openapi("BulkTicketMacro")) },
      responses: { 200: json(ResultsSchema, "Each ticket's outcome"), 404: errors[404], ...bulkErrors },
    }),
    async (c) => {
      const { macroId, ...target } = c.req.valid("json");
      return c.json(toResults(await bulkApplyMacro(c.get("scope"), c.get("principal").userId, toTarget(target), macroId)), 200);
    },
  );
