import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { recordAuditEvent } from "../core/audit/audit-store";
import { allows } from "../core/auth/access";
import type { AppEnv } from "./context";

/** The first path segment of the workspace settings whose every change is recorded. */
const ADMIN_RESOURCES = new Set([
  "users",
  "invitations",
  "api-tokens",
  "groups",
  "support-addresses",
  "spam-settings",
  "spam-blocklist",
  "inbound-messages",
  "business-calendars",
  "sla-policies",
  "sla-settings",
  "triggers",
  "survey-settings",
  "webhooks",
  "workspace",
]);
/** Writes under those resources that change nothing. */
const NOT_CHANGES = new Set(["POST /business-calendars/preview", "POST /triggers/preview"]);
/**
 * Access to and erasure of a customer's personal data, recorded whatever the method. The
 * customer is never copied into the log (that would defeat the erasure): no "before", and
 * "after" only for the erasure, whose answer is a summary of counts.
 */
const DATA_RIGHTS: Record<string, { before: boolean; after: boolean }> = {
  "GET /customers/{id}/export": { before: false, after: false },
  "POST /customers/{id}/erase": { before: false, after: true },
};
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface AuditedAction {
  /** `METHOD /template`, e.g. `PATCH /sla-policies/{id}`. */
  action: string;
  resourceType: string;
  /** Whether the resource's state before (for PUT, PATCH, DELETE) and after (except DELETE) is recorded. */
  before: boolean;
  after: boolean;
}

/** Which requests are admin actions worth recording, by method and OpenAPI path template. */
export function auditedAction(method: string, template: string): AuditedAction | null {
  const action = `${method} ${template}`;
  const resourceType = template.split("/")[1] ?? "";
  const dataRights = DATA_RIGHTS[action];
  if (dataRights) return { action, resourceType, ...dataRights };
  if (!WRITES.has(method) || NOT_CHANGES.has(action) || !ADMIN_RESOURCES.has(resourceType)) return null;
  return { action, resourceType, before: method !== "POST", after: method !== "DELETE" };
}

/** Sends a request through the whole API (with the caller's own credential), for reading a resource's current state. */
export type Dispatch = (request: Request, env: Env) => Response | Promise<Response>;

/**
 * Records successful admin actions in the caller's workspace: who, what (the route template),
 * the resource's state before (read with an internal GET of the same path, when the route
 * has one) and after (the JSON response; null after a DELETE). Secrets are redacted by the
 * store. Failed requests (non-2xx) are not recorded. Must run after `authenticate`.
 */
export const auditAdminActions =
  (dispatch: Dispatch): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const route = matchedRoutes(c).find((r) => r.method === c.req.method);
    const template = route && templateOf(route.path);
    const audited = template && auditedAction(c.req.method, template);
    if (!audited) return next();

    const params = paramsOf(route.path, c.req.path);
    // These routes are for admins: a caller below that is refused by the route, so reading the
    // state before for it would be wasted work (its action, if ever allowed, is still recorded).
    const before = audited.before && allows(c.get("principal").level, "admin") ? await currentState(c, dispatch, template, params.id) : null;
    await next();
    if (c.res.status < 200 || c.res.status > 299) return;

    const after = audited.after ? await jsonOf(c.res.clone()) : null;
    const principal = c.get("principal");
    await recordAuditEvent(c.get("scope"), {
      actor: { userId: principal.userId, name: principal.userName, via: principal.via },
      action: audited.action,
      resourceType: audited.resourceType,
      resourceId: params.id ?? createdId(after),
      before,
      after,
      status: c.res.status,
      requestId: c.get("requestId"),
    });
  };

/** `/api/v1/sla-policies/:id` → `/sla-policies/{id}`, as in the OpenAPI document. */
function templateOf(routePath: string): string {
  return routePath.replace(/^\/api\/v\d+(?=\/)/, "").replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
}

function paramsOf(routePath: string, path: string): Record<string, string> {
  const names = routePath.split("/");
  const values = path.split("/");
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (name.startsWith(":") && value !== undefined) params[name.slice(1).replace(/\{.*$/, "")] = decoded(value);
  });
  return params;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not valid percent-encoding: the route will refuse the id anyway
  }
}

/**
 * The resource as a GET of the same path returns it; for items without their own GET
 * (invitations, API tokens), the item with this id in the collection's list.
 */
async function currentState(c: Context<AppEnv>, dispatch: Dispatch, template: string, id: string | undefined): Promise<unknown> {
  const itself = await get(c, dispatch, c.req.path);
  if (itself !== null || !id || !template.endsWith("/{id}")) return itself;
  const list = await get(c, dispatch, c.req.path.slice(0, c.req.path.lastIndexOf("/")));
  const items = isObject(list) && Array.isArray(list.items) ? list.items : [];
  return items.find((item) => isObject(item) && item.id === id) ?? null;
}

async function get(c: Context<AppEnv>, dispatch: Dispatch, path: string): Promise<unknown> {
  const headers = new Headers();
  for (const name of ["Authorization", "Cookie"]) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  const response = await dispatch(new Request(new URL(path, c.req.url), { headers }), c.env);
  return response.ok ? jsonOf(response) : null;
}

async function jsonOf(response: Response): Promise<unknown> {
  if (!response.headers.get("Content-Type")?.includes("json")) return null;
  return response.json();
}

/** The id of what a POST created: the response's `id`, or that of the one object it wraps (`{ webhook, secret }`). */
function createdId(after: unknown): string | null {
  if (!isObject(after)) return null;
  if (typeof after.id === "string") return after.id;
  const wrapped = Object.values(after).filter((v): v is Record<string, unknown> => isObject(v) && typeof v.id === "string");
  return wrapped.length === 1 ? (wrapped[0]!.id as string) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
