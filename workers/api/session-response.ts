import type { Context } from "hono";
import { setCookie } from "hono/cookie";
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

/**
 * The cookie and the body the sign-in routes return, for a session a core function started in
 * its own batch (sign-in, sign-up, accepting an invitation).
 */
export function signedIn(c: Context<AppEnv>, user: User, tenant: Tenant, { token, expiresAt }: { token: string; expiresAt: Date }) {
  setSessionCookie(c, token, expiresAt);
  return { token, expiresAt: iso(expiresAt), user: toUser(user), workspace: toTenant(tenant, c.env.MAIL_DOMAIN) };
}
