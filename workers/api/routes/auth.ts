import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie } from "hono/cookie";
import { clientOf } from "../client-address";
import { refreshSession, revokeSession } from "../../core/auth/sessions";
import { openDb } from "../../core/db";
import { AppError } from "../../core/errors";
import { acceptInvitation } from "../../core/tenancy/invitations";
import { logIn } from "../../core/tenancy/login";
import { signUp } from "../../core/tenancy/signup";
import { getUserWithTenant, updateOwnProfile } from "../../core/tenancy/users";
import { authenticate, SESSION_COOKIE } from "../auth-middleware";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { Email, iso, Name, Password } from "../schemas/common";
import { SessionSchema, TenantSchema, toTenant, toUser, UserSchema } from "../schemas/users";
import { setSessionCookie, signedIn } from "../session-response";

const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "3–40 characters: letters, digits and inner hyphens")
  .openapi({ example: "acme-tea" });


/** Routes that need no credential: they are how a credential is obtained. */
export const publicAuth = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/signup",
      tags: ["Auth"],
      summary: "Create a workspace and its owner, and sign in",
      request: {
        body: jsonBody(z.object({ tenantName: Name.openapi({ example: "Acme Tea Co." }), slug: Slug, name: Name, email: Email, password: Password }).strict()),
      },
      responses: { 201: json(SessionSchema, "The new workspace, its owner and a session"), 409: errors[409], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const { tenant, owner, session } = await signUp(openDb(c.env.DB), c.req.valid("json"), { client: clientOf(c), mailDomain: c.env.MAIL_DOMAIN, secret: c.env.JWT_SECRET });
      return c.json(signedIn(c, owner, tenant, session), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags: ["Auth"],
      summary: "Sign in with workspace, e-mail address and password",
      description: "Rate-limited per client and per address: after 5 failures an address is locked for 15 minutes (429 `login_locked`).",
      request: {
        body: jsonBody(z.object({ workspace: Slug, email: Email, password: z.string().min(1).max(200) }).strict()),
      },
      responses: { 200: json(SessionSchema, "A session"), 401: errors[401], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const db = openDb(c.env.DB);
      const { workspace, email, password } = c.req.valid("json");
      const { user, tenant, session } = await logIn(db, c.env.JWT_SECRET, { tenant: workspace, email, password, client: clientOf(c) });
      return c.json(signedIn(c, user, tenant, session), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/accept-invitation",
      tags: ["Auth"],
      summary: "Accept an invitation: create the account and sign in",
      request: {
        body: jsonBody(z.object({ token: z.string().min(1).max(200), name: Name, password: Password }).strict()),
      },
      responses: { 201: json(SessionSchema, "The new user and a session"), 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const { user, tenant, session } = await acceptInvitation(openDb(c.env.DB), c.req.valid("json"), c.env.JWT_SECRET);
      return c.json(signedIn(c, user, tenant, session), 201);
    },
  );

const Me = z.object({ user: UserSchema, workspace: TenantSchema }).openapi("Me");

export const sessionAuth = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/refresh",
      tags: ["Auth"],
      summary: "A fresh session token for the current session (sessions last at most 7 days)",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 200: json(z.object({ token: z.string(), expiresAt: z.string() }), "A new token"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => {
      const { sessionId, userId } = c.get("principal");
      if (!sessionId) throw new AppError(403, "forbidden", "API tokens do not expire and cannot be refreshed");
      const { token, expiresAt } = await refreshSession(c.get("scope"), c.env.JWT_SECRET, userId, sessionId);
      setSessionCookie(c, token, expiresAt);
      return c.json({ token, expiresAt: iso(expiresAt) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/logout",
      tags: ["Auth"],
      summary: "End the current session (its tokens stop working at once)",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 204: { description: "Signed out" }, 401: errors[401] },
    }),
    async (c) => {
      const { sessionId } = c.get("principal");
      if (sessionId) await revokeSession(c.get("scope"), sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["Auth"],
      summary: "The signed-in user and their workspace",
      security: authed,
      middleware: [authenticate] as const,
      responses: { 200: json(Me, "Who you are"), 401: errors[401] },
    }),
    async (c) => {
      const { user, tenant } = await getUserWithTenant(c.get("scope"), c.get("principal").userId);
      return c.json({ user: toUser(user), workspace: toTenant(tenant, c.env.MAIL_DOMAIN) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags: ["Auth"],
      summary: "Change your name or password (a new password signs out your other sessions)",
      description: "A password change needs `currentPassword`; after 5 wrong ones the check is locked for 15 minutes (429 `password_check_locked`, with Retry-After).",
      security: authed,
      middleware: [authenticate] as const,
      request: {
        body: jsonBody(
          z
            .object({ name: Name.optional(), currentPassword: z.string().max(200).optional(), newPassword: Password.optional() })
            .strict()
            .refine((p) => p.name !== undefined || p.newPassword !== undefined, "Send a name or a new password"),
        ),
      },
      responses: { 200: json(UserSchema, "You, after the change"), 401: errors[401], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const principal = c.get("principal");
      // A new password ends every session; a caller signed in with one gets a fresh session cookie.
      const { user, session } = await updateOwnProfile(scope, principal.userId, c.req.valid("json"), principal.sessionId ? { secret: c.env.JWT_SECRET } : null);
      if (session) setSessionCookie(c, session.token, session.expiresAt);
      return c.json(toUser(user), 200);
    },
  );
