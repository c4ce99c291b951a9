import { createRoute, z } from "@hono/zod-openapi";
import { confirmEnrolment, disableTwoFactor, startEnrolment } from "../../core/accounts/two-factor";
import { listUserSessions, revokeOtherSessions } from "../../core/auth/sessions";
import { authenticate } from "../auth-middleware";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { iso, Timestamp } from "../schemas/common";

const SessionInfo = z.object({ id: z.string(), createdAt: Timestamp, expiresAt: Timestamp, current: z.boolean().openapi({ description: "The session making this request" }) }).openapi("SessionInfo");
const Code = z.object({ code: z.string().trim().min(6).max(20).openapi({ example: "123456" }) }).strict();

/** Your own account: where you are signed in, and two-factor sign-in. Every signed-in user, any role. */
export const profile = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/me/sessions",
      tags: ["Auth"],
      summary: "Your live sessions, newest first",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 200: json(z.object({ items: z.array(SessionInfo) }), "Sessions"), 401: errors[401] },
    }),
    async (c) => {
      const { userId, sessionId } = c.get("principal");
      const rows = await listUserSessions(c.get("scope"), userId);
      return c.json({ items: rows.map((s) => ({ id: s.id, createdAt: iso(s.createdAt), expiresAt: iso(s.expiresAt), current: s.id === sessionId })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/me/sessions",
      tags: ["Auth"],
      summary: "Sign out everywhere else: ends every session of yours but this one",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 204: { description: "Signed out elsewhere" }, 401: errors[401] },
    }),
    async (c) => {
      const { userId, sessionId } = c.get("principal");
      await revokeOtherSessions(c.get("scope"), userId, sessionId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/two-factor",
      tags: ["Auth"],
      summary: "Start adding an authenticator: a new TOTP secret (two-factor sign-in stays off until confirmed)",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 201: json(z.object({ secret: z.string(), otpauthUri: z.string() }).openapi("TwoFactorEnrolment"), "Add this to an authenticator app, then confirm a code"), 401: errors[401], 409: errors[409] },
    }),
    async (c) => c.json(await startEnrolment(c.get("scope"), c.get("principal").userId), 201),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/two-factor/confirm",
      tags: ["Auth"],
      summary: "Confirm the new authenticator with a code: two-factor sign-in is on; the 10 recovery codes are shown only here",
      security: authed,
      middleware: [authenticate] as const,
      request: { body: jsonBody(Code) },
      responses: { 200: json(z.object({ recoveryCodes: z.array(z.string()) }), "Recovery codes, each usable once"), 401: errors[401], 409: errors[409], 422: errors[422], 429: errors[429] },
    }),
    async (c) => c.json(await confirmEnrolment(c.get("scope"), c.get("principal").userId, c.req.valid("json").code), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/two-factor/disable",
      tags: ["Auth"],
      summary: "Turn two-factor sign-in off, with a current code or a recovery code (refused while the workspace requires it)",
      security: authed,
      middleware: [authenticate] as const,
      request: { body: jsonBody(Code) },
      responses: { 204: { description: "Off" }, 401: errors[401], 409: errors[409], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      await disableTwoFactor(c.get("scope"), c.get("principal").userId, c.req.valid("json").code);
      return c.body(null, 204);
    },
  );
