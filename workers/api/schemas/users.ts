import { z } from "@hono/zod-openapi";
import { ROLES, TOKEN_SCOPES, USER_LANGUAGES } from "../../../schema";
import type { User } from "../../core/tenancy/users";
import type { Tenant } from "../../core/tenancy/tenant";
import type { Invitation } from "../../core/tenancy/invitations";
import { builtInAddress } from "../../core/mail/addresses";
import { iso, isoOrNull, NullableTimestamp, Timestamp } from "./common";
import { logoPath } from "../../core/tenancy/logo-rules";

export const RoleSchema = z.enum(ROLES);
export const AssignableRole = z.enum(["admin", "agent"]);
export const ScopeSchema = z.enum(TOKEN_SCOPES);

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp.openapi({ description: "Its version: the ETag is this instant in milliseconds (If-Match)" }),
  })
  .openapi("User");

export const toUser = (u: User): z.infer<typeof UserSchema> => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt) });

export const LanguageSchema = z.enum(USER_LANGUAGES);

/** You, as GET/PATCH /me show you: the user and your own settings. */
export const ProfileSchema = UserSchema.extend({
  language: LanguageSchema.nullable().openapi({ description: "The app's and your mail's language; null: not chosen" }),
  timeZone: z.string().nullable().openapi({ description: "IANA zone the app shows times in; null: the browser's", example: "Asia/Shanghai" }),
  signature: z.string().openapi({ description: "Offered at the end of your replies" }),
  twoFactorEnabled: z.boolean(),
}).openapi("Profile");

export const toProfile = (u: User): z.infer<typeof ProfileSchema> => ({
  ...toUser(u),
  language: u.language,
  timeZone: u.timeZone,
  signature: u.signature,
  twoFactorEnabled: u.totpEnabledAt !== null,
});

export const TenantSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ example: "Acme Tea Co." }),
    slug: z.string().openapi({ example: "acme-tea" }),
    supportAddress: z.string().openapi({ description: "The built-in support address", example: "acme-tea@kefu.localhost" }),
    requireTwoFactor: z.boolean().openapi({ description: "Set by the owner: everyone signs in with a second factor" }),
    assignOnReply: z.boolean().openapi({ description: "An agent's public reply to, or solving of, an unassigned ticket assigns it to them (a ticket in a group: if they are a member)" }),
    newSubjectNewTicket: z.boolean().openapi({
      description: "An emailed reply whose headers point at a ticket but whose subject is another topic (prefixes such as Re:, AW:, 回复: and case ignored) starts a new ticket linked to it; false (default): it joins the ticket",
    }),
    defaultLanguage: LanguageSchema.openapi({ description: "The language of system mail to a customer whose language is neither stored nor detected from their mail, and to an agent who chose none (default `en`; set at sign-up from its language)" }),
    logoUrl: z.string().nullable().openapi({ description: "An https URL of the workspace's logo, shown on the satisfaction survey page; null: none" }),
    logoImageUrl: z.string().nullable().openapi({ description: "The uploaded logo's public address (PUT /workspace/logo), shown instead of `logoUrl`; null: none uploaded", example: "/survey/logo/3f2a9c0e7b1d4a6f8e2c5b9a0d3f6e1c7a4b8d2e" }),
    createdAt: Timestamp,
    updatedAt: Timestamp.openapi({ description: "When the settings above last changed: the ETag is this instant in milliseconds (If-Match)" }),
  })
  .openapi("Workspace");

export const toTenant = (t: Tenant, mailDomain: string): z.infer<typeof TenantSchema> => ({
  id: t.id,
  name: t.name,
  slug: t.slug,
  supportAddress: builtInAddress(t.slug, mailDomain),
  requireTwoFactor: t.requireTwoFactor,
  assignOnReply: t.assignOnReply,
  newSubjectNewTicket: t.newSubjectNewTicket,
  defaultLanguage: t.defaultLanguage,
  logoUrl: t.logoUrl,
  logoImageUrl: t.logoKey ? logoPath(t.logoKey) : null,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

export const SessionSchema = z
  .object({
    token: z.string().openapi({ description: "Session JWT; send as `Authorization: Bearer <token>`. Also set as an HttpOnly cookie." }),
    expiresAt: Timestamp,
    user: UserSchema,
    workspace: TenantSchema,
  })
  .openapi("Session");

/** The first step of a sign-in that needs a second factor: no session yet. */
export const TwoFactorChallengeSchema = z
  .object({
    twoFactor: z.enum(["verify", "enrol"]).openapi({ description: "`verify`: send a code from the authenticator (or a recovery code); `enrol`: the workspace requires two-factor sign-in — add `enrolment.secret` to an authenticator and send its code" }),
    challenge: z.string().openapi({ description: "Send back to /auth/login/two-factor within 5 minutes" }),
    enrolment: z.object({ secret: z.string().openapi({ description: "Base32 TOTP secret" }), otpauthUri: z.string() }).nullable(),
  })
  .openapi("TwoFactorChallenge");

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    expiresAt: Timestamp,
    acceptedAt: NullableTimestamp,
    revokedAt: NullableTimestamp,
    createdAt: Timestamp,
  })
  .openapi("Invitation");

export const toInvitation = (i: Invitation): z.infer<typeof InvitationSchema> => ({
  id: i.id,
  email: i.email,
  role: i.role,
  expiresAt: iso(i.expiresAt),
  acceptedAt: isoOrNull(i.acceptedAt),
  revokedAt: isoOrNull(i.revokedAt),
  createdAt: iso(i.createdAt),
});

/** A logo's address: https only (the survey page's Content-Security-Policy allows https images only), at most 2,000 characters. */
export const LogoUrl = z
  .url({ protocol: /^https$/, error: "An https URL of an image" })
  .max(2000)
  .nullable()
  .openapi({ description: "An https URL of the workspace's logo (null removes it)", example: "https://example.com/logo.png" });
