import { createRoute, z } from "@hono/zod-openapi";
import { API_TOKENS_PER_USER, enforce } from "../../core/auth/rate-limit";
import { createApiToken, listApiTokens, revokeApiToken } from "../../core/auth/api-tokens";
import { revokeUserSessions } from "../../core/auth/sessions";
import { checkTwoFactorRequirement } from "../../core/accounts/two-factor";
import { AppError } from "../../core/errors";
import { sendEmailBindingMailer } from "../../core/mail/mailer";
import { inviteUser, listInvitations, revokeInvitation } from "../../core/tenancy/invitations";
import { getTenant, updateTenant } from "../../core/tenancy/tenant";
import { getUser, listUsers, updateUser } from "../../core/tenancy/users";
import { requireLevel } from "../auth-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { Email, Name, NullableTimestamp, Timestamp, iso, isoOrNull, patchOf } from "../schemas/common";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";
import { AssignableRole, InvitationSchema, LanguageSchema, LogoUrl, ScopeSchema, TenantSchema, toInvitation, toTenant, toUser, UserSchema } from "../schemas/users";

const UserId = IdParam("User", "usr_01jq3v9f2k8x7d0m4n5p6r7s8t");
const admin = [requireLevel("admin")];

const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "Shown to tell tokens apart; the secret is never shown again" }),
    scope: ScopeSchema,
    userId: z.string().openapi({ description: "The user the token acts for; their role caps its scope" }),
    createdAt: Timestamp,
    lastUsedAt: NullableTimestamp,
    revokedAt: NullableTimestamp,
  })
  .openapi("ApiToken");

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];
const toApiToken = (t: TokenRow): z.infer<typeof ApiTokenSchema> => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scope: t.scope,
  userId: t.userId,
  createdAt: iso(t.createdAt),
  lastUsedAt: isoOrNull(t.lastUsedAt),
  revokedAt: isoOrNull(t.revokedAt),
});

/** The workspace, its people and its credentials. Reading people is open to agents (to assign); changing is admin-only. */
export const team = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/workspace", tags: ["Workspace"], summary: "The workspace", security: authed, responses: { 200: json(TenantSchema, "The workspace"), 401: errors[401] } }),
    async (c) => {
      return c.json(toTenant(withETag(c, await getTenant(c.get("scope"))), c.env.MAIL_DOMAIN), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/workspace",
      tags: ["Workspace"],
      summary: "Rename the workspace, set its logo, set whether a reply assigns the ticket and whether a reply on a new subject starts a new ticket, set its default mail language, or (owner only) require two-factor sign-in for everyone",
      description:
        `\`requireTwoFactor: true\` needs the owner's own two-factor sign-in on (409 \`two_factor_enable_first\`); users without it enrol at their next sign-in. ${ifMatchNote("workspace")}`,
      security: authed,
      middleware: admin,
      request: { headers: IfMatch, body: jsonBody(patchOf({ name: Name, requireTwoFactor: z.boolean(), assignOnReply: z.boolean(), newSubjectNewTicket: z.boolean(), defaultLanguage: LanguageSchema, logoUrl: LogoUrl })) },
      responses: { 200: json(TenantSchema, "The workspace"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { name, requireTwoFactor, assignOnReply, newSubjectNewTicket, defaultLanguage, logoUrl } = c.req.valid("json");
      if (requireTwoFactor !== undefined) await checkTwoFactorRequirement(scope, c.get("principal").userId, requireTwoFactor);
      const tenant = await versionedWrite(c, (version) => updateTenant(scope, { name, assignOnReply, newSubjectNewTicket, defaultLanguage, requireTwoFactor, logoUrl }, new Date(), version), async () => toTenant(await getTenant(scope), c.env.MAIL_DOMAIN));
      return c.json(toTenant(tenant, c.env.MAIL_DOMAIN), 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/users", tags: ["Users"], summary: "Everyone in the workspace", security: authed, responses: { 200: json(z.object({ items: z.array(UserSchema) }), "Users"), 401: errors[401] } }),
    async (c) => c.json({ items: (await listUsers(c.get("scope"))).map(toUser) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/users/{id}",
      tags: ["Users"],
      summary: "One user",
      security: authed,
      request: { params: UserId },
      responses: { 200: json(UserSchema, "The user"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      return c.json(toUser(withETag(c, await getUser(c.get("scope"), c.req.valid("param").id))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/users/{id}",
      tags: ["Users"],
      summary: "Change a user's name, role or active flag (deactivating or changing the role ends their sessions)",
      description: ifMatchNote("user"),
      security: authed,
      middleware: admin,
      request: {
        params: UserId,
        headers: IfMatch,
        body: jsonBody(patchOf({ name: Name, role: AssignableRole, active: z.boolean() })),
      },
      responses: { 200: json(UserSchema, "The user after the change"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      if (id === c.get("principal").userId && c.req.valid("json").active === false) throw new AppError(403, "forbidden", "You cannot deactivate yourself");
      const user = await versionedWrite(c, (version) => updateUser(scope, id, c.req.valid("json"), new Date(), version), async () => toUser(await getUser(scope, id)));
      return c.json(toUser(user), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/users/{id}/sessions",
      tags: ["Users"],
      summary: "Sign a user out everywhere (revokes all their sessions)",
      security: authed,
      middleware: admin,
      request: { params: UserId },
      responses: { 204: { description: "Revoked" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const user = await getUser(scope, c.req.valid("param").id);
      await revokeUserSessions(scope, user.id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/invitations",
      tags: ["Users"],
      summary: "Invitations, newest first",
      security: authed,
      middleware: admin,
      responses: { 200: json(z.object({ items: z.array(InvitationSchema) }), "Invitations"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json({ items: (await listInvitations(c.get("scope"))).map(toInvitation) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/invitations",
      tags: ["Users"],
      summary: "Invite an agent or admin by e-mail",
      description: "Sends the invitation email. The accept link is also returned, once, to pass on by hand.",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ email: Email, role: AssignableRole.default("agent") }).strict()) },
      responses: {
        201: json(z.object({ invitation: InvitationSchema, acceptUrl: z.string() }), "The invitation and its link"),
        401: errors[401],
        403: errors[403],
        409: errors[409],
        422: errors[422],
      },
    }),
    async (c) => {
      const principal = c.get("principal");
      const mail = { mailer: sendEmailBindingMailer(c.env.EMAIL), mailDomain: c.env.MAIL_DOMAIN, appUrl: c.env.APP_URL };
      const { invitation, acceptUrl } = await inviteUser(c.get("scope"), mail, { id: principal.userId, name: principal.userName }, c.req.valid("json"));
      return c.json({ invitation: toInvitation(invitation), acceptUrl }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/invitations/{id}",
      tags: ["Users"],
      summary: "Revoke an open invitation",
      security: authed,
      middleware: admin,
      request: { params: IdParam("Invitation", "inv_01jq3v9f2k8x7d0m4n5p6r7s8t") },
      responses: { 200: json(InvitationSchema, "The revoked invitation"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(toInvitation(await revokeInvitation(c.get("scope"), c.req.valid("param").id)), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api-tokens",
      tags: ["API tokens"],
      summary: "API tokens (never their secrets)",
      security: authed,
      middleware: admin,
      responses: { 200: json(z.object({ items: z.array(ApiTokenSchema) }), "Tokens"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json({ items: (await listApiTokens(c.get("scope"))).map(toApiToken) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api-tokens",
      tags: ["API tokens"],
      summary: "Create an API token acting for you; the token is shown only in this response",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(z.object({ name: Name, scope: ScopeSchema }).strict()) },
      responses: { 201: json(z.object({ token: z.string().openapi({ example: "kefu_ab12cd34ef56_…" }), apiToken: ApiTokenSchema }), "The token, once"), 401: errors[401], 403: errors[403], 422: errors[422], 429: errors[429] },
    }),
    async (c) => {
      const { name, scope } = c.req.valid("json");
      await enforce(c.get("scope").db, API_TOKENS_PER_USER, c.get("principal").userId, "Too many API tokens created in the last hour; try again later");
      const { token, record } = await createApiToken(c.get("scope"), { userId: c.get("principal").userId, name, scope });
      return c.json({ token, apiToken: toApiToken(record) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/api-tokens/{id}",
      tags: ["API tokens"],
      summary: "Revoke an API token (it stops working at once)",
      security: authed,
      middleware: admin,
      request: { params: IdParam("API token", "tok_01jq3v9f2k8x7d0m4n5p6r7s8t") },
      responses: { 200: json(ApiTokenSchema, "The revoked token"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(toApiToken(await revokeApiToken(c.get("scope"), c.req.valid("param").id)), 200),
  );
