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
import { Email, iso, multiLineText, Name, Password, Slug } from "../schemas/common";
import { LanguageSchema, ProfileSchema, SessionSchema, TenantSchema, toProfile, toTenant, TwoFactorChallengeSchema } from "../schemas/users";
import { completeTwoFactorSignIn } from "../../core/accounts/two-factor-login";
import { setSessionCookie, signedIn } from "../session-response";
import { USER_LANGUAGES } from "../../../schema";


/** Routes that need no credential: they are how a credential is obtained. */
export const publicAuth = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/signup",
      tags: ["Auth"],
      summary: "Create a workspace and its owner, and sign in",
      request: {
        body: jsonBody(
          z
            .object({
              tenantName: Name.openapi({ example: "Acme Tea Co." }),
              slug: Slug,
              name: Name,
              email: Email,
              password: Password,
              language: z.enum(USER_LANGUAGES).optional().openapi({ description: "The language the owner signs up in: the default groups are named in it and it becomes the workspace's default mail language. Default `en`." }),
            })
            .strict(),
        ),
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
      description:
        "Rate-limited per client and per address: after 5 failures an address is locked for 15 minutes (429 `login_locked`). A user with two-factor sign-in (or in a workspace that requires it) gets a `TwoFactorChallenge` instead of a session: send it with a code to `/auth/login/two-factor`.",
      request: {
        body: jsonBody(z.object({ workspace: Slug, email: Email, password: z.string().min(1).max(200) }).strict()),
      },
      responses: { 200: json(z.union([SessionSchema, TwoFactorChallengeSchema]), "A session, or the challenge of a second step"), 401: errors[401], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const db = openDb(c.env.DB);
      const { workspace, email, password } = c.req.valid("json");
      const outcome = await logIn(db, c.env.JWT_SECRET, { tenant: workspace, email, password, client: clientOf(c) });
      if (outcome.kind === "two_factor") return c.json({ twoFactor: outcome.enrolment ? ("enrol" as const) : ("verify" as const), challenge: outcome.challenge, enrolment: outcome.enrolment }, 200);
      return c.json(signedIn(c, outcome.user, outcome.tenant, outcome.session), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login/two-factor",
      tags: ["Auth"],
      summary: "Second step of a sign-in: the challenge and a code (authenticator or recovery code)",
      description:
        "A code is accepted once (a replay in its 30-second window is refused). After 5 wrong codes the user is locked for 15 minutes (429 `two_factor_locked`). For an `enrol` challenge the code comes from the newly added authenticator; two-factor sign-in is then on and `recoveryCodes` (shown only here) are returned.",
      request: {
        body: jsonBody(z.object({ challenge: z.string().min(1).max(2000), code: z.string().trim().min(6).max(20) }).strict()),
      },
      responses: {
        200: json(SessionSchema.extend({ recoveryCodes: z.array(z.string()).nullable() }), "A session (and, after an enrolment, the recovery codes)"),
        401: errors[401],
        422: errors[422],
        429: errors[429],
      },
    }),
    async (c) => {
      const { user, tenant, session, recoveryCodes } = await completeTwoFactorSignIn(openDb(c.env.DB), c.env.JWT_SECRET, c.req.valid("json"));
      return c.json({ ...signedIn(c, user, tenant, session), recoveryCodes }, 200);
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

const Me = z.object({ user: ProfileSchema, workspace: TenantSchema }).openapi("Me");
/** An IANA zone; one the runtime does not know is refused by the core (422 `invalid_time_zone`). */
const TimeZone = z.string().min(1).max(64).openapi({ example: "Asia/Shanghai" });

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
      return c.json({ user: toProfile(user), workspace: toTenant(tenant, c.env.MAIL_DOMAIN) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags: ["Auth"],
      summary: "Change your profile (name, language, time zone, signature) or password (a new password signs out your other sessions)",
      description: "A password change needs `currentPassword`; after 5 wrong ones the check is locked for 15 minutes (429 `password_check_locked`, with Retry-After).",
      security: authed,
      middleware: [authenticate] as const,
      request: {
        body: jsonBody(
          z
            .object({
              name: Name.optional(),
              language: LanguageSchema.nullable().optional(),
              timeZone: TimeZone.nullable().optional(),
              signature: multiLineText(0, 2000).optional(),
              currentPassword: z.string().max(200).optional(),
              newPassword: Password.optional(),
            })
            .strict()
            .refine((p) => Object.entries(p).some(([key, value]) => key !== "currentPassword" && value !== undefined), "Send a field to change"),
        ),
      },
      responses: { 200: json(ProfileSchema, "You, after the change"), 401: errors[401], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const principal = c.get("principal");
      // A new password ends every session; a caller signed in with one gets a fresh session cookie.
      const { user, session } = await updateOwnProfile(scope, principal.userId, c.req.valid("json"), principal.sessionId ? { secret: c.env.JWT_SECRET } : null);
      if (session) setSessionCookie(c, session.token, session.expiresAt);
      return c.json(toProfile(user), 200);
    },
  );
