import { createRoute, z } from "@hono/zod-openapi";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "../../../schema";
import { Actions, Conditions, RULE_EVENTS } from "../../core/rules/rule-schema";
import { PREVIEW_TICKETS, previewTrigger } from "../../core/rules/trigger-preview";
import {
  createTrigger,
  deleteTrigger,
  getTrigger,
  listTriggers,
  MAX_TRIGGERS_PER_WORKSPACE,
  reorderTriggers,
  updateTrigger,
  type TriggerRow,
} from "../../core/rules/trigger-store";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, IdParam, json, jsonBody } from "../router";
import { iso, isoOrNull, multiLineText, Name, NullableTimestamp, patchOf, Timestamp } from "../schemas/common";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";

/** Triggers run inside every ticket write: only admins change them (any member may read them: the history names them). */
const admin = [requireLevel("admin")];
const TriggerId = IdParam("Trigger", "trg_01jq3v9f2k8x7d0m4n5p6r7s8t");

const Events = z
  .array(z.enum(RULE_EVENTS))
  .min(1)
  .max(RULE_EVENTS.length)
  .refine((events) => new Set(events).size === events.length, "Each event once")
  .openapi({ description: "The ticket events it reacts to (at least one)", example: ["ticket_created"] });

const TriggerFields = {
  name: Name.openapi({ example: "Refunds to Tier 2, urgent" }),
  description: multiLineText(0, 2_000),
  active: z.boolean(),
  events: Events,
  conditions: Conditions.openapi({
    description: "Every `all` condition must hold and, if `any` has conditions, at least one of them; ids named must exist in the workspace",
    example: { all: [{ field: "text", op: "contains_any", value: ["退款", "refund"] }], any: [] },
  }),
  actions: Actions.openapi({ description: "Run in order when it fires (1–30)", example: [{ type: "set_group", groupId: "grp_01jq3v9f2k8x7d0m4n5p6r7s8t" }, { type: "set_priority", value: "urgent" }] }),
};
const TriggerBody = z
  .object({ ...TriggerFields, description: TriggerFields.description.default(""), active: TriggerFields.active.default(true) })
  .strict()
  .openapi("NewTrigger");

const TriggerSchema = z
  .object({
    id: z.string(),
    position: z.number().int().openapi({ description: "Its place in the order triggers run in (0 first)" }),
    ...TriggerFields,
    firedCount: z.number().int().openapi({ description: "How many times it has fired" }),
    lastFiredAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Trigger");

const toTrigger = (t: TriggerRow): z.infer<typeof TriggerSchema> => ({
  id: t.id,
  position: t.position,
  name: t.name,
  description: t.description,
  active: t.active,
  events: t.events,
  conditions: t.conditions,
  actions: t.actions,
  firedCount: t.firedCount,
  lastFiredAt: isoOrNull(t.lastFiredAt),
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

const TriggerList = z.object({ items: z.array(TriggerSchema) });

const PreviewSchema = z
  .object({
    items: z.array(
      z.object({
        ticket: z.object({ id: z.string(), number: z.number().int(), subject: z.string(), status: z.enum(TICKET_STATUSES), priority: z.enum(TICKET_PRIORITIES), createdAt: Timestamp }),
        matched: z.boolean(),
        reasons: z.array(z.string()).openapi({ description: "One line per condition (`all` first, then `any`), starting ✓ or ✗, in English", example: ["✓ text contains any 退款 (found 退款)"] }),
      }),
    ),
    matchedCount: z.number().int(),
  })
  .openapi("TriggerPreview");

export const triggerRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/triggers",
      tags: ["Triggers"],
      summary: "The workspace's triggers in the order they run",
      security: authed,
      responses: { 200: json(TriggerList, "Triggers"), 401: errors[401] },
    }),
    async (c) => c.json({ items: (await listTriggers(c.get("scope"))).map(toTrigger) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/triggers",
      tags: ["Triggers"],
      summary: "Add a trigger at the end of the order",
      description: `A workspace has at most ${MAX_TRIGGERS_PER_WORKSPACE} triggers (409 \`too_many_triggers\`). Every id the conditions and actions name (group, agent, support address, calendar, webhook, shared macro) must exist in the workspace: 422 naming the field (\`actions.0.groupId\`) otherwise.`,
      security: authed,
      middleware: admin,
      request: { body: jsonBody(TriggerBody) },
      responses: { 201: json(TriggerSchema, "The trigger"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toTrigger(await createTrigger(c.get("scope"), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/triggers/order",
      tags: ["Triggers"],
      summary: "Set the order triggers run in (every trigger's id exactly once)",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ ids: z.array(z.string().min(1).max(64)).max(MAX_TRIGGERS_PER_WORKSPACE) }).strict()) },
      responses: { 200: json(TriggerList, "Triggers in the new order"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json({ items: (await reorderTriggers(c.get("scope"), c.req.valid("json").ids)).map(toTrigger) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/triggers/preview",
      tags: ["Triggers"],
      summary: "Test a trigger: which of the most recent tickets its conditions match now, and why",
      description: `Send a trigger's conditions (saved or not; the other fields of a trigger may come along and are ignored). Answers the workspace's ${PREVIEW_TICKETS} most recent tickets (merged ones left out), newest first, each with \`matched\` and one reason per condition. The ticket is matched as it is now, with no event: a \`changed\` condition does not hold. Nothing is changed.`,
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ conditions: Conditions }).passthrough()) },
      responses: { 200: json(PreviewSchema, "The recent tickets and whether each matches"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => {
      const items = (await previewTrigger(c.get("scope"), c.req.valid("json").conditions)).map((m) => ({ ...m, ticket: { ...m.ticket, createdAt: iso(m.ticket.createdAt) } }));
      return c.json({ items, matchedCount: items.filter((m) => m.matched).length }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/triggers/{id}",
      tags: ["Triggers"],
      summary: "One trigger",
      security: authed,
      request: { params: TriggerId },
      responses: { 200: json(TriggerSchema, "The trigger"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toTrigger(withETag(c, await getTrigger(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/triggers/{id}",
      tags: ["Triggers"],
      summary: "Change a trigger; `{ \"active\": false }` turns it off (it keeps its place in the order)",
      description: `${ifMatchNote("trigger")} Ids named are checked as on creation.`,
      security: authed,
      middleware: admin,
      request: { params: TriggerId, headers: IfMatch, body: jsonBody(patchOf(TriggerFields)) },
      responses: { 200: json(TriggerSchema, "The trigger"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      return c.json(toTrigger(await versionedWrite(c, (version) => updateTrigger(scope, id, c.req.valid("json"), new Date(), version), async () => toTrigger(await getTrigger(scope, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/triggers/{id}",
      tags: ["Triggers"],
      summary: "Delete a trigger (the ones after it move up)",
      security: authed,
      middleware: admin,
      request: { params: TriggerId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteTrigger(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
