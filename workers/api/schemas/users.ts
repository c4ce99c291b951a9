import { z } from "@hono/zod-openapi";
import { ROLES, TOKEN_SCOPES } from "../../../schema";
import type { User } from "../../core/tenancy/users";
import type { Tenant } from "../../core/tenancy/tenant";
import type { Invitation } from "../../core/tenancy/invitations";
import { builtInAddress } from "../../core/mail/addresses";
import { iso, isoOrNull, NullableTimestamp, Timestamp } from "./common";

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
  })
  .openapi("User");

export const toUser = (u: User): z.infer<typeof UserSchema> => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: iso(u.createdAt) });

export const TenantSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ example: "Acme Tea Co." }),
    slug: z.string().openapi({ example: "acme-tea" }),
    supportAddress: z.string().openapi({ description: "The built-in support address", example: "acme-tea@kefu.localhost" }),
    createdAt: Timestamp,
  })
  .openapi("Workspace");

export const toTenant = (t: Tenant, mailDomain: string): z.infer<typeof TenantSchema> => ({
  id: t.id,
  name: t.name,
  slug: t.slug,
  supportAddress: builtInAddress(t.slug, mailDomain),
  createdAt: iso(t.createdAt),
});

export const SessionSchema = z
  .object({
    token: z.string().openapi({ description: "Session JWT; send as `Authorization: Bearer <token>`. Also set as an HttpOnly cookie." }),
    expiresAt: Timestamp,
    user: UserSchema,
    workspace: TenantSchema,
  })
  .openapi("Session");

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
