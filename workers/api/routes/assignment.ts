import { createRoute, z } from "@hono/zod-openapi";
import { ASSIGNMENT_METHODS, SKILL_MODES, USER_LANGUAGES } from "../../../schema";
import { assertSelfOrAdmin, getAvailability, getGroupAssignment, getSkills, setAvailability, setGroupAssignment, setSkills, type Availability } from "../../core/assignment/assignment-settings";
import { allows } from "../../core/auth/access";
import { requireLevel } from "../auth-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { isoOrNull, NullableTimestamp } from "../schemas/common";
import { Tag } from "../schemas/tickets";

/** Automatic assignment: a group's settings (admins), an agent's availability (themselves or an admin) and skills. docs/assignment.md. */

const GroupId = IdParam("Group", "grp_01jq3v9f2k8x7d0m4n5p6r7s8t");
const UserId = IdParam("User", "usr_01jq3v9f2k8x7d0m4n5p6r7s8t");
const admin = [requireLevel("admin")];
const write = [requireLevel("write")];

const GroupAssignmentSchema = z
  .object({
    method: z.enum(ASSIGNMENT_METHODS).openapi({ description: "off; round_robin: the next available member in turn; least_open: the available member with the fewest new and open tickets" }),
    cap: z.number().int().min(1).max(1000).nullable().openapi({ description: "At most this many new and open tickets per agent by automatic assignment (null: no cap)" }),
    skills: z.enum(SKILL_MODES).openapi({ description: "Which of an agent's skills a ticket's agent must have: none, tags (the ticket's tags that a member lists as skills), languages (the requester's language), or both" }),
    calendarId: z.string().min(1).max(64).nullable().openapi({ description: "The group's business hours (a business calendar; null: round the clock); outside them nobody receives tickets" }),
    returnToPoolMinutes: z.number().int().min(1).max(10080).nullable().openapi({ description: "An agent unavailable this long has their unanswered new and open tickets of the group returned to the pool (null: never)" }),
  })
  .strict()
  .openapi("GroupAssignment");

const AvailabilitySchema = z.object({ available: z.boolean(), since: NullableTimestamp.openapi({ description: "When it last changed (null: never)" }) }).openapi("Availability");
const toAvailability = (a: Availability) => ({ available: a.available, since: isoOrNull(a.since) });

const SkillsSchema = z.object({ tags: z.array(z.string()), languages: z.array(z.string()) }).openapi("Skills");
const SkillsBody = z
  .object({ tags: z.array(Tag).max(50), languages: z.array(z.enum(USER_LANGUAGES)).max(USER_LANGUAGES.length) })
  .strict()
  .openapi("SkillsInput");

export const assignmentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/groups/{id}/assignment",
      tags: ["Groups"],
      summary: "A group's automatic assignment",
      security: authed,
      request: { params: GroupId },
      responses: { 200: json(GroupAssignmentSchema, "The settings"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(await getGroupAssignment(c.get("scope"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/groups/{id}/assignment",
      tags: ["Groups"],
      summary: "Set a group's automatic assignment",
      security: authed,
      middleware: admin,
      request: { params: GroupId, body: jsonBody(GroupAssignmentSchema) },
      responses: { 200: json(GroupAssignmentSchema, "The settings"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await setGroupAssignment(c.get("scope"), c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/users/{id}/availability",
      tags: ["Users"],
      summary: "Whether an agent is available for automatic assignment",
      security: authed,
      request: { params: UserId },
      responses: { 200: json(AvailabilitySchema, "Availability"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toAvailability(await getAvailability(c.get("scope"), c.req.valid("param").id)), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/users/{id}/availability",
      tags: ["Users"],
      summary: "Turn an agent's availability on or off (your own, or anyone's as an admin)",
      security: authed,
      middleware: write,
      request: { params: UserId, body: jsonBody(z.object({ available: z.boolean() }).strict()) },
      responses: { 200: json(AvailabilitySchema, "Availability"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const principal = c.get("principal");
      const availability = await getAvailability(c.get("scope"), id); // 404 before 403: another workspace's user is not found
      assertSelfOrAdmin({ userId: principal.userId, admin: allows(principal.level, "admin") }, id);
      return c.json(toAvailability(await setAvailability(c.get("scope"), id, c.req.valid("json").available, availability)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/users/{id}/skills",
      tags: ["Users"],
      summary: "The tags and customer languages an agent handles",
      security: authed,
      request: { params: UserId },
      responses: { 200: json(SkillsSchema, "Skills"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(await getSkills(c.get("scope"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/users/{id}/skills",
      tags: ["Users"],
      summary: "Set the tags and customer languages an agent handles",
      security: authed,
      middleware: admin,
      request: { params: UserId, body: jsonBody(SkillsBody) },
      responses: { 200: json(SkillsSchema, "Skills"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json(await setSkills(c.get("scope"), c.req.valid("param").id, c.req.valid("json")), 200),
  );
