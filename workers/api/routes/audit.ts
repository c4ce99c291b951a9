import { createRoute, z } from "@hono/zod-openapi";
import { AUDIT_ACTOR_VIA } from "../../../schema";
import { listAuditEvents, type AuditEvent } from "../../core/audit/audit-store";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, json } from "../router";
import { CursorParam, iso, Limit, pageOf, Timestamp } from "../schemas/common";

const Snapshot = z.unknown().openapi({ description: "The resource as the API showed it, secrets replaced by \"[redacted]\"; null when not recorded" });

const AuditEventSchema = z
  .object({
    id: z.string(),
    actor: z.object({
      userId: z.string(),
      name: z.string().openapi({ description: "The user's name when they acted" }),
      via: z.enum(AUDIT_ACTOR_VIA).openapi({ description: "Signed in (`session`) or with an API token (`token`)" }),
    }),
    action: z.string().openapi({ description: "Method and route template", example: "PATCH /sla-policies/{id}" }),
    resourceType: z.string().openapi({ example: "sla-policies" }),
    resourceId: z.string().nullable().openapi({ example: "sla_01jq3v9f2k8x7d0m4n5p6r7s8t" }),
    before: Snapshot,
    after: Snapshot,
    status: z.number().int().openapi({ description: "The HTTP status the action answered with" }),
    requestId: z.string(),
    createdAt: Timestamp,
  })
  .openapi("AuditEvent");

const toAuditEvent = (e: AuditEvent): z.infer<typeof AuditEventSchema> => ({
  id: e.id,
  actor: { userId: e.actorUserId, name: e.actorName, via: e.actorVia },
  action: e.action,
  resourceType: e.resourceType,
  resourceId: e.resourceId,
  before: e.before ?? null,
  after: e.after ?? null,
  status: e.status,
  requestId: e.requestId,
  createdAt: iso(e.createdAt),
});

/** The workspace's audit log: admins only. */
export const audit = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/audit-events",
    tags: ["Audit log"],
    summary: "Admin actions in this workspace, newest first",
    description: "Changes to users, invitations, API tokens, groups, the email channel, SLA calendars, policies and settings, survey settings, webhooks and the workspace, and customer data exports and erasures. Only successful actions are recorded.",
    security: authed,
    middleware: [requireLevel("admin")] as const,
    request: {
      query: z.object({
        resourceType: z.string().trim().min(1).max(64).optional().openapi({ description: "Only this kind of resource (the path's first segment)", example: "webhooks" }),
        actorUserId: z.string().trim().min(1).max(64).optional().openapi({ description: "Only actions by this user" }),
        since: z.iso.datetime({ offset: true }).optional().openapi({ description: "Only actions at or after this instant" }),
        limit: Limit,
        cursor: CursorParam,
      }),
    },
    responses: { 200: json(pageOf(AuditEventSchema, "AuditEventPage"), "A page of the audit log"), 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const page = await listAuditEvents(c.get("scope"), { ...query, since: query.since ? new Date(query.since) : undefined });
    return c.json({ items: page.items.map(toAuditEvent), nextCursor: page.nextCursor }, 200);
  },
);
