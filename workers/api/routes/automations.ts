import { createRoute, z } from "@hono/zod-openapi";
import { USER_LANGUAGES } from "../../../schema";
import { AUTOMATION_PRESETS, notifiesGroupToChoose } from "../../core/automations/automation-presets";
import {
  createAutomation,
  createFromPreset,
  deleteAutomation,
  getAutomation,
  listAutomations,
  MAX_AUTOMATIONS_PER_WORKSPACE,
  reorderAutomations,
  updateAutomation,
  type AutomationRow,
} from "../../core/automations/automation-store";
import { Actions, Conditions } from "../../core/rules/rule-schema";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, IdParam, json, jsonBody } from "../router";
import { iso, isoOrNull, multiLineText, Name, NullableTimestamp, patchOf, Timestamp } from "../schemas/common";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";

/** Automations are workspace settings: admins only (docs/rules.md "Automations"). */
const admin = [requireLevel("admin")];
const AutomationId = IdParam("Automation", "aut_01jq3v9f2k8x7d0m4n5p6r7s8t");

const AutomationFields = {
  name: Name.openapi({ example: "Remind the customer after 3 days pending" }),
  description: multiLineText(0, 2_000),
  active: z.boolean(),
  conditions: Conditions.openapi({
    description:
      "As a trigger's, plus at least one `hours_since` condition with `gt` in `all` (the first is what the cron scans by, and the firing window: it fires once per ticket per value of that moment)",
    example: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null }], any: [] },
  }),
  actions: Actions.openapi({ description: "Run in order when it fires (1–30)", example: [{ type: "set_status", value: "solved" }] }),
};
const AutomationBody = z
  .object({ ...AutomationFields, description: AutomationFields.description.default(""), active: AutomationFields.active.default(true) })
  .strict()
  .openapi("NewAutomation");

const AutomationSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    ...AutomationFields,
    preset: z.string().nullable().openapi({ description: "The preset it was added from (null: none)" }),
    firedCount: z.number().int().openapi({ description: "How many times it has fired" }),
    lastFiredAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Automation");

const toAutomation = (a: AutomationRow): z.infer<typeof AutomationSchema> => ({
  id: a.id,
  position: a.position,
  name: a.name,
  description: a.description,
  active: a.active,
  conditions: a.conditions,
  actions: a.actions,
  preset: a.preset,
  firedCount: a.firedCount,
  lastFiredAt: isoOrNull(a.lastFiredAt),
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

const AutomationList = z.object({ items: z.array(AutomationSchema) });
const Localized = z.object({ en: z.string(), "zh-CN": z.string() });
const PresetSchema = z
  .object({ key: z.string(), name: Localized, description: Localized, conditions: Conditions, actions: Actions, needsGroup: z.boolean().openapi({ description: "Adding it takes `groupId` (the group it tells and watches); needed to notify a group's members, optional for its lead (none: the lead of each ticket's group)" }) })
  .openapi("AutomationPreset");
const FromPreset = z
  .object({
    preset: z.string().min(1).max(64),
    language: z.enum(USER_LANGUAGES).default("en").openapi({ description: "The language of its name and description" }),
    groupId: z.string().min(1).max(64).optional().openapi({ description: "For a preset that notifies a group: the group (its tickets, its members told)" }),
    active: z.boolean().default(true),
  })
  .strict();

export const automationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/automations",
      tags: ["Automations"],
      summary: "The workspace's automations in order",
      security: authed,
      middleware: admin,
      responses: { 200: json(AutomationList, "Automations"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json({ items: (await listAutomations(c.get("scope"))).map(toAutomation) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/automation-presets",
      tags: ["Automations"],
      summary: "The automations an admin can add from a list",
      security: authed,
      middleware: admin,
      responses: { 200: json(z.object({ items: z.array(PresetSchema) }), "Presets"), 401: errors[401], 403: errors[403] },
    }),
    (c) => c.json({ items: AUTOMATION_PRESETS.map((p) => ({ ...p, needsGroup: p.actions.some(notifiesGroupToChoose) })) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/automations",
      tags: ["Automations"],
      summary: "Add an automation at the end of the order",
      description: `A workspace has at most ${MAX_AUTOMATIONS_PER_WORKSPACE} automations (409 \`too_many_automations\`). Ids named must exist in the workspace (422 naming the field); \`all\` needs an \`hours_since … gt\` condition (422 \`automation_time_condition_required\`).`,
      security: authed,
      middleware: admin,
      request: { body: jsonBody(AutomationBody) },
      responses: { 201: json(AutomationSchema, "The automation"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toAutomation(await createAutomation(c.get("scope"), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/automations/from-preset",
      tags: ["Automations"],
      summary: "Add an automation from a preset (then edit it as any other)",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(FromPreset) },
      responses: { 201: json(AutomationSchema, "The automation"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const { preset, ...options } = c.req.valid("json");
      return c.json(toAutomation(await createFromPreset(c.get("scope"), preset, options)), 201);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/automations/order",
      tags: ["Automations"],
      summary: "Set the order of the automations (every automation's id exactly once)",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ ids: z.array(z.string().min(1).max(64)).max(MAX_AUTOMATIONS_PER_WORKSPACE) }).strict()) },
      responses: { 200: json(AutomationList, "Automations in the new order"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json({ items: (await reorderAutomations(c.get("scope"), c.req.valid("json").ids)).map(toAutomation) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/automations/{id}",
      tags: ["Automations"],
      summary: "One automation",
      security: authed,
      middleware: admin,
      request: { params: AutomationId },
      responses: { 200: json(AutomationSchema, "The automation"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(toAutomation(withETag(c, await getAutomation(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/automations/{id}",
      tags: ["Automations"],
      summary: "Change an automation; `{ \"active\": false }` turns it off",
      description: `${ifMatchNote("automation")} Checked as on creation.`,
      security: authed,
      middleware: admin,
      request: { params: AutomationId, headers: IfMatch, body: jsonBody(patchOf(AutomationFields)) },
      responses: { 200: json(AutomationSchema, "The automation"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      return c.json(toAutomation(await versionedWrite(c, (version) => updateAutomation(scope, id, c.req.valid("json"), new Date(), version), async () => toAutomation(await getAutomation(scope, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/automations/{id}",
      tags: ["Automations"],
      summary: "Delete an automation (the ones after it move up)",
      security: authed,
      middleware: admin,
      request: { params: AutomationId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteAutomation(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
