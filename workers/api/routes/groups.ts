import { createRoute, z } from "@hono/zod-openapi";
import { addGroupMember, createGroup, deleteGroup, getGroup, listGroups, removeGroupMember, updateGroup, type Group } from "../../core/tenancy/groups";
import { requireLevel } from "../auth-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";
import { multiLineText, Name, Timestamp, iso, patchOf } from "../schemas/common";

const GroupId = IdParam("Group", "grp_01jq3v9f2k8x7d0m4n5p6r7s8t");
const admin = [requireLevel("admin")];

const GroupSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ example: "Tier 2" }),
    description: z.string(),
    memberIds: z.array(z.string()),
    leadUserId: z.string().nullable().openapi({ description: "The group's lead: told by a rule's notice to `group_lead` (null: the members are)" }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Group");
const toGroup = (g: Group): z.infer<typeof GroupSchema> => ({
  id: g.id,
  name: g.name,
  description: g.description,
  memberIds: g.memberIds,
  leadUserId: g.leadUserId,
  createdAt: iso(g.createdAt),
  updatedAt: iso(g.updatedAt),
});
const Description = multiLineText(0, 1000);
const LeadUserId = z.string().min(1).max(64).nullable().openapi({ description: "An active agent of the workspace (null: no lead)" });

export const groups = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/groups", tags: ["Groups"], summary: "Groups with their members", security: authed, responses: { 200: json(z.object({ items: z.array(GroupSchema) }), "Groups"), 401: errors[401] } }),
    async (c) => c.json({ items: (await listGroups(c.get("scope"))).map(toGroup) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/groups",
      tags: ["Groups"],
      summary: "Create a group",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ name: Name, description: Description.default(""), leadUserId: LeadUserId.optional() }).strict()) },
      responses: { 201: json(GroupSchema, "The group"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => c.json(toGroup(await createGroup(c.get("scope"), c.req.valid("json"))), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/groups/{id}",
      tags: ["Groups"],
      summary: "One group",
      security: authed,
      request: { params: GroupId },
      responses: { 200: json(GroupSchema, "The group"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toGroup(withETag(c, await getGroup(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/groups/{id}",
      tags: ["Groups"],
      summary: "Rename or describe a group, or set its lead",
      description: ifMatchNote("group"),
      security: authed,
      middleware: admin,
      request: {
        params: GroupId,
        headers: IfMatch,
        body: jsonBody(patchOf({ name: Name, description: Description, leadUserId: LeadUserId })),
      },
      responses: { 200: json(GroupSchema, "The group"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      return c.json(toGroup(await versionedWrite(c, (version) => updateGroup(scope, id, c.req.valid("json"), new Date(), version), async () => toGroup(await getGroup(scope, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/groups/{id}",
      tags: ["Groups"],
      summary: "Delete a group that holds no tickets",
      security: authed,
      middleware: admin,
      request: { params: GroupId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => {
      await deleteGroup(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/groups/{id}/members",
      tags: ["Groups"],
      summary: "Add a user to a group",
      security: authed,
      middleware: admin,
      request: { params: GroupId, body: jsonBody(z.object({ userId: z.string().min(1).max(64) }).strict()) },
      responses: { 200: json(GroupSchema, "The group"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(toGroup(await addGroupMember(c.get("scope"), c.req.valid("param").id, c.req.valid("json").userId)), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/groups/{id}/members/{userId}",
      tags: ["Groups"],
      summary: "Remove a user from a group",
      security: authed,
      middleware: admin,
      request: { params: GroupId.extend({ userId: z.string().min(1).max(64).openapi({ param: { name: "userId", in: "path" } }) }) },
      responses: { 200: json(GroupSchema, "The group"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      const { id, userId } = c.req.valid("param");
      return c.json(toGroup(await removeGroupMember(c.get("scope"), id, userId)), 200);
    },
  );
