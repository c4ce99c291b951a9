import { createRoute } from "@hono/zod-openapi";
import { AppError } from "../../core/errors";
import { encodeLiveUser, LIVE_USER_HEADER } from "../../live/workspace-live";
import { liveRoom } from "../../live/live-publisher";
import { sameOrigin } from "../auth-middleware";
import { authed, createRouter, errors } from "../router";

/**
 * The live workspace: a WebSocket to the caller's workspace's Durable Object. The workspace and
 * the user come from the verified credential (never from the request); the object trusts the
 * user it is handed because only this Worker can reach it.
 */
export const live = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/live",
    tags: ["Live"],
    summary: "Live updates of your workspace (WebSocket)",
    description:
      "Upgrade to a WebSocket. The server sends `{type:\"events\",events}` after ticket changes commit (ticket.created, ticket.updated with status/priority/assignee/group, message.added with its kind) and `{type:\"presence\",viewers}` when who views or types on which ticket changes. Send `{type:\"view\",ticketId}` and `{type:\"typing\",typing}`; `ping` is answered `pong`. Nothing depends on it: without it, poll the lists.",
    security: authed,
    responses: { 101: { description: "Switching protocols: the live socket" }, 400: errors[400], 401: errors[401], 403: errors[403] },
  }),
  async (c) => {
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") throw new AppError(400, "websocket_required", "Connect to this address with a WebSocket (Upgrade: websocket)");
    const principal = c.get("principal");
    // A browser opens a WebSocket from any page with the cookie: only Kefu's own pages may.
    if (!c.req.header("Authorization") && !sameOrigin(c.req.raw)) throw new AppError(403, "csrf_rejected", "The live socket must be opened from Kefu's own pages");
    const headers = new Headers({ Upgrade: "websocket", [LIVE_USER_HEADER]: encodeLiveUser({ userId: principal.userId, name: principal.userName }) });
    const upgraded = await liveRoom(c.env.LIVE, principal.tenantId).fetch("https://live.internal/connect", { headers });
    // Re-wrapped: the object's response has immutable headers, and the middlewares add theirs.
    return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket });
  },
);
