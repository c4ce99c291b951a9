import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { startSession } from "../core/auth/sessions";
import type { Db } from "../core/db";
import type { Tenant } from "../core/tenancy/tenant";
import type { User } from "../core/tenancy/users";
import { SESSION_COOKIE } from "./auth-middleware";
import type { AppEnv } from "./context";
import { iso } from "./schemas/common";
import { toTenant, toUser } from "./schemas/users";

/** Sets the session cookie (HttpOnly, Secure, SameSite=Strict) for the web app. */
export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", expires: expiresAt });
}

/** Starts a session for a user who just proved who they are; the body the sign-in routes return. */
export async function sessionResponse(c: Context<AppEnv>, db: Db, user: User, tenant: Tenant) {
  return signedIn(c, user, tenant, await startSession({ db, tenantId: tenant.id }, c.env.JWT_SECRET, user.id));
}

/** The cookie and the body for a session already started (by sign-in or sign-up, in their own batch). */
export function signedIn(c: Context<AppEnv>, user: User, tenant: Tenant, { token, expiresAt }: { token: string; expiresAt: Date }) {
  setSessionCookie(c, token, expiresAt);
  return { token, expiresAt: iso(expiresAt), user: toUser(user), workspace: toTenant(tenant, c.env.MAIL_DOMAIN) };
}
