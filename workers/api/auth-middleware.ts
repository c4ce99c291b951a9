import type { Context, HonoRequest, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { TokenScope } from "../../schema";
import { allows, effectiveLevel, type AccessLevel } from "../core/auth/access";
import { userForApiToken } from "../core/auth/api-tokens";
import { checkedInFirstRead } from "../core/auth/session-check";
import { verifySessionToken } from "../core/auth/session-token";
import { sessionVersionStatement, userForSession } from "../core/auth/sessions";
import { openDb, type Db } from "../core/db";
import { AppError, errorOfKind } from "../core/errors";
import type { User } from "../core/tenancy/users";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { liveHub, waitUntilOf } from "../live/live-publisher";
import type { AppEnv, Principal, RunAgain } from "./context";
import { forgetPrincipal, keepPrincipal, keptPrincipal } from "./kept-principals";

export const SESSION_COOKIE = "kefu_session";

/**
 * Resolves the caller from `Authorization: Bearer <session JWT | API token>` or the session
 * cookie, and puts the principal and its tenant scope on the context. The tenant comes from
 * the credential alone.
 *
 * On the ticket routes (`keepSettings`), a session this isolate has read in full before is
 * checked inside the route's first read instead of a round trip of its own (session-check.ts).
 * If the workspace's settings changed meanwhile (the user's role or name among them), what the
 * isolate knew is dropped and the request runs again from the start with a full read.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = openDb(c.env.DB);
  const header = c.req.header("Authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const credential = bearer ?? getCookie(c, SESSION_COOKIE);
  if (!credential) throw new AppError(401, "unauthenticated", "Sign in, or send an API token as `Authorization: Bearer <token>`");
  if (!bearer && !SAFE_METHODS.has(c.req.method) && !sameOrigin(c.req.raw)) throw new AppError(403, "csrf_rejected", "A change made with the session cookie must come from Kefu's own pages");

  if (credential.startsWith("kefu_")) {
    const found = await userForApiToken(db, credential);
    if (!found) throw invalidCredential();
    enter(c, db, principalOf(found.user, "token", null, found.token.scope), found.settingsVersion);
    return next();
  }
  const now = new Date();
  const claims = await verifySessionToken(c.env.JWT_SECRET, credential, now);
  if (!claims) throw invalidCredential();
  const again = c.get("keepsSettings")?.again;
  const kept = again && !runAgain.has(c.req.raw) ? keptPrincipal(claims) : undefined;
  if (!again || !kept) {
    const session = await userForSession(db, claims, now);
    if (!session) throw invalidCredential();
    const principal = principalOf(session.user, "session", session.sessionId);
    keepPrincipal(principal, session.settingsVersion);
    enter(c, db, principal, session.settingsVersion);
    return next();
  }

  const { d1, confirmed } = checkedInFirstRead(c.env.DB, sessionVersionStatement(db, claims, now), ([row]) => {
    if (!row) throw (forgetPrincipal(claims.sessionId), invalidCredential());
    if (Object.values(row)[0] !== kept.settingsVersion) throw (forgetPrincipal(claims.sessionId), new SettingsChanged());
  });
  enter(c, openDb(d1), kept.principal, kept.settingsVersion);
  await next();
  if (!errorOfKind(c.error, SettingsChanged)) {
    try {
      await confirmed();
      return;
    } catch (error) {
      if (!errorOfKind(error, SettingsChanged)) throw error;
    }
  }
  const request = await sameRequest(c.req);
  runAgain.add(request);
  c.error = undefined;
  c.res = undefined; // the first attempt's answer goes, headers and all
  c.res = await again(request, c.env, c.executionCtx);
};

/**
 * Thrown inside a request whose isolate knew stale settings: `authenticate` runs the request
 * again, so no client sees it (an AppError, so that it is not logged as a failure of ours).
 */
class SettingsChanged extends AppError {
  constructor() {
    super(503, "settings_changed", "The workspace's settings changed while this request ran; send it again");
  }
}

/** Requests run again after `SettingsChanged`: they read the session in full. */
const runAgain = new WeakSet<Request>();

/** The request as it came, its body taken from what the route read of it (Hono keeps it). */
async function sameRequest(req: HonoRequest): Promise<Request> {
  const raw = req.raw;
  const [read] = Object.entries(req.bodyCache);
  if (!read) return raw.bodyUsed ? new Request(raw.url, { method: raw.method, headers: raw.headers }) : raw;
  const [kind, body] = read;
  const value = await body;
  const headers = new Headers(raw.headers);
  headers.delete("Content-Length"); // the body's own length (JSON written out again may differ in spacing)
  return new Request(raw.url, { method: raw.method, headers, body: kind === "json" ? JSON.stringify(value) : value });
}

const invalidCredential = () => new AppError(401, "invalid_credentials", "The credential is expired, revoked or not valid; sign in again");

function enter(c: Context<AppEnv>, db: Db, principal: Principal, settingsVersion: number) {
  c.set("principal", principal);
  // A write's rule mail goes to the mailer right after it commits, after the answer (mail-hand-over.ts).
  const outbox = { mailer: sendEmailBindingMailer(c.env.EMAIL, c.env.BLOBS), later: waitUntilOf(c) };
  const live = liveHub(c.env.LIVE, waitUntilOf(c))?.(principal.tenantId);
  // The settings read by the ticket routes are kept per isolate under the version the credential's read found.
  c.set("scope", { db, tenantId: principal.tenantId, live, outbox, settingsVersion: c.get("keepsSettings") ? settingsVersion : undefined });
}

/**
 * Marks the ticket routes, which never change the workspace's settings: the settings their writes
 * read are kept per isolate (settings-cache.ts), and a session known to the isolate is checked in
 * their first read. Never for a route that changes settings: it would read its own change's
 * "before" from the isolate. `again` runs a request again from the start.
 */
export const keepSettings =
  (again: RunAgain): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set("keepsSettings", { again });
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
