import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { TokenScope } from "../../schema";
import { allows, effectiveLevel, type AccessLevel } from "../core/auth/access";
import { userForApiToken } from "../core/auth/api-tokens";
import { userForSessionToken } from "../core/auth/sessions";
import { openDb } from "../core/db";
import { AppError } from "../core/errors";
import type { User } from "../core/tenancy/users";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { liveHub, waitUntilOf } from "../live/live-publisher";
import type { AppEnv, Principal } from "./context";

export const SESSION_COOKIE = "kefu_session";

/**
 * Resolves the caller from `Authorization: Bearer <session JWT | API token>` or the session
 * cookie, and puts the principal and its tenant scope on the context. The tenant comes from
 * the credential alone.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = openDb(c.env.DB);
  const header = c.req.header("Authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const credential = bearer ?? getCookie(c, SESSION_COOKIE);
  if (!credential) throw new AppError(401, "unauthenticated", "Sign in, or send an API token as `Authorization: Bearer <token>`");
  if (!bearer && !SAFE_METHODS.has(c.req.method) && !sameOrigin(c.req.raw)) throw new AppError(403, "csrf_rejected", "A change made with the session cookie must come from Kefu's own pages");

  const found = credential.startsWith("kefu_")
    ? await userForApiToken(db, credential).then((token) => token && { principal: principalOf(token.user, "token", null, token.token.scope), settingsVersion: token.settingsVersion })
    : await userForSessionToken(db, c.env.JWT_SECRET, credential).then((session) => session && { principal: principalOf(session.user, "session", session.sessionId), settingsVersion: session.settingsVersion });
  if (!found) throw new AppError(401, "invalid_credentials", "The credential is expired, revoked or not valid; sign in again");
  const { principal, settingsVersion } = found;
  c.set("principal", principal);
  // A write's rule mail goes to the mailer right after it commits, after the answer (mail-hand-over.ts).
  const outbox = { mailer: sendEmailBindingMailer(c.env.EMAIL, c.env.BLOBS), later: waitUntilOf(c) };
  c.set("scope", { db, tenantId: principal.tenantId, live: liveHub(c.env.LIVE, waitUntilOf(c))?.(principal.tenantId), outbox });
  c.set("settingsVersion", settingsVersion);
  await next();
};

/**
 * For routes that never change the workspace's settings (tickets and their messages): the
 * settings their writes read are kept per isolate under the version the credential's read found
 * (settings-cache.ts). Never for a route that changes settings: it would read its own change's
 * "before" from the isolate.
 */
export const keepSettings: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("scope", { ...c.get("scope"), settingsVersion: c.get("settingsVersion") });
  await next();
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated writes (on top of the SameSite=Strict cookie and
 * JSON-only bodies): the browser must say the request comes from this origin — Sec-Fetch-Site
 * `same-origin`, else an Origin equal to the request's. A request saying neither is refused.
 */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site) return site === "same-origin";
  const origin = request.headers.get("Origin");
  return origin !== null && origin === new URL(request.url).origin;
}

function principalOf(user: User, via: Principal["via"], sessionId: string | null, tokenScope?: TokenScope): Principal {
  return { tenantId: user.tenantId, userId: user.id, userName: user.name, role: user.role, level: effectiveLevel(user.role, tokenScope), via, sessionId };
}

/** Route guard: the caller's access level must reach `required`. */
export const requireLevel =
  (required: AccessLevel): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (!allows(c.get("principal").level, required))
      throw new AppError(403, "forbidden", required === "admin" ? "Only workspace admins may do this" : `This needs ${required} access`);
    await next();
  };
