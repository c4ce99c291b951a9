import { createRoute, z } from "@hono/zod-openapi";
import { NOTIFICATION_KINDS } from "../../../schema";
import { listNotifications, markNotificationsRead, notificationSettings, setNotificationSettings } from "../../core/notifications/inbox";
import { authenticate } from "../auth-middleware";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { CursorParam, iso, isoOrNull, Limit, NullableTimestamp, pageOf, Timestamp } from "../schemas/common";

const Kind = z.enum(NOTIFICATION_KINDS).openapi({ description: "What happened (docs/notifications.md)" });
const Notification = z
  .object({
    id: z.string(),
    kind: Kind,
    ticketId: z.string(),
    ticketNumber: z.number().int(),
    ticketSubject: z.string(),
    actor: z.object({ type: z.enum(["agent", "customer", "system"]), id: z.string().nullable(), name: z.string().nullable() }).openapi({ description: "Who made the change; a rule's notice: the rule (system, its name)" }),
    text: z.string().nullable().openapi({ description: "A rule's notice (`rule`): the rule's words; null otherwise" }),
    createdAt: Timestamp,
    readAt: NullableTimestamp,
  })
  .openapi("Notification");
const NotificationPage = pageOf(Notification, "NotificationPage").extend({ unreadCount: z.number().int() }).openapi("NotificationPage");
const UnreadCount = z.object({ unreadCount: z.number().int() }).openapi("UnreadCount");
const MarkRead = z.union([z.object({ ids: z.array(z.string().max(64)).min(1).max(100) }).strict(), z.object({ all: z.literal(true) }).strict()]).openapi("MarkNotificationsRead");
const EmailSettings = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.boolean()])) as Record<(typeof NOTIFICATION_KINDS)[number], z.ZodBoolean>).strict();
const NotificationSettings = z.object({ email: EmailSettings.openapi({ description: "Per kind: also by email (in-app notices always show)" }) }).strict().openapi("NotificationSettings");

const toApi = (n: Awaited<ReturnType<typeof listNotifications>>["items"][number]) => ({
  id: n.id,
  kind: n.kind,
  ticketId: n.ticketId,
  ticketNumber: n.ticketNumber,
  ticketSubject: n.ticketSubject,
  actor: { type: n.actorType, id: n.actorId, name: n.actorName },
  text: n.text,
  createdAt: iso(n.createdAt),
  readAt: isoOrNull(n.readAt),
});

/** Your own notices (the bell) and which of them you also get by email. Every signed-in user, any role. */
export const notificationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/notifications",
      tags: ["Notifications"],
      summary: "Your notifications, newest first, with your unread count",
      security: authed,
      middleware: [authenticate] as const,
      request: { query: z.object({ limit: Limit, cursor: CursorParam, unread: z.enum(["true", "false"]).optional().openapi({ description: "Only unread ones" }) }) },
      responses: { 200: json(NotificationPage, "Notifications"), 400: errors[400], 401: errors[401] },
    }),
    async (c) => {
      const { limit, cursor, unread } = c.req.valid("query");
      const page = await listNotifications(c.get("scope"), c.get("principal").userId, { limit, cursor, unread: unread === "true" });
      return c.json({ items: page.items.map(toApi), nextCursor: page.nextCursor, unreadCount: page.unreadCount }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/notifications/read",
      tags: ["Notifications"],
      summary: "Mark some of your notifications (ids) or all of them read",
      security: authed,
      middleware: [authenticate] as const,
      request: { body: jsonBody(MarkRead) },
      responses: { 200: json(UnreadCount, "Your unread count after"), 401: errors[401], 422: errors[422] },
    }),
    async (c) => c.json(await markNotificationsRead(c.get("scope"), c.get("principal").userId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/notification-settings",
      tags: ["Notifications"],
      summary: "Which notifications you also get by email",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 200: json(NotificationSettings, "Settings"), 401: errors[401] },
    }),
    async (c) => c.json(await notificationSettings(c.get("scope"), c.get("principal").userId), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/me/notification-settings",
      tags: ["Notifications"],
      summary: "Choose, per kind, whether you also get it by email",
      security: authed,
      middleware: [authenticate] as const,
      request: { body: jsonBody(NotificationSettings) },
      responses: { 200: json(NotificationSettings, "Saved"), 401: errors[401], 422: errors[422] },
    }),
    async (c) => c.json(await setNotificationSettings(c.get("scope"), c.get("principal").userId, c.req.valid("json").email), 200),
  );
