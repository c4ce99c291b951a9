import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, conflict } from "../core/errors";
import { claimKey, findKey, releaseKey, storeAnswer } from "../core/idempotency/idempotency-store";
import { keepsAnswer, MAX_KEY_LENGTH, verdictFor } from "../core/idempotency/idempotent-request";
import { sha256Hex } from "../core/ids";
import type { AppEnv } from "./context";
import { fieldErrors } from "./problem";

const DESCRIPTION =
  "Any unique string (e.g. a UUID), at most 255 characters. Sending the same request again with the same key within 24 hours returns the first answer (with `Idempotent-Replayed: true`) instead of doing it twice; the same key with another body, path or user is refused (422 `idempotency_key_reused`), and so is a repeat while the first request runs (409 `idempotency_key_in_use`). Answers with a 5xx status are not kept: retry with the same key.";

const KeySchema = z.string().min(1).max(MAX_KEY_LENGTH);

/**
 * The header as an OpenAPI parameter of the routes that take it. Declared here rather than as a
 * request validator so typed clients (`hc`) need not pass a `header` object; `idempotent` checks it.
 */
export const IdempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  description: DESCRIPTION,
  schema: { type: "string" as const, minLength: 1, maxLength: MAX_KEY_LENGTH, example: "5f0c8a52-8d3e-4d8e-9a1e-6b7f3f1c2d4e" },
};

/**
 * `Idempotency-Key` with Stripe's semantics, for the create routes that take it. Must run after
 * `authenticate` (the key is the workspace's, the tenant comes from the credential). One
 * statement claims the key; the handler runs; one more stores its answer (a 5xx is forgotten so
 * the client can retry). A key already claimed is answered from the store: the first answer
 * replayed, or 422 for another request, or 409 while the first one runs.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("Idempotency-Key");
  if (header === undefined) return next();
  const parsed = z.object({ "idempotency-key": KeySchema }).safeParse({ "idempotency-key": header });
  if (!parsed.success) throw new AppError(422, "validation_failed", "Some fields are not valid; see `errors`", { errors: fieldErrors("header", parsed.error) });
  const key = parsed.data["idempotency-key"];

  const scope = c.get("scope");
  const request = { userId: c.get("principal").userId, route: `${c.req.method} ${c.req.path}`, requestHash: await sha256Hex(await c.req.text()) };
  const claimedAt = new Date();
  if (!(await claimKey(scope, key, request, claimedAt))) {
    const stored = await findKey(scope, key);
    // Released or pruned between the two statements: the first request is just over; retrying is safe.
    const verdict = stored ? verdictFor(stored, request) : { kind: "in_use" as const };
    if (verdict.kind === "reused") throw keyReused();
    if (verdict.kind === "in_use") throw conflict("idempotency_key_in_use", "A request with this Idempotency-Key is still running; retry when it is done");
    return c.body(verdict.body, verdict.status as ContentfulStatusCode, { ...(verdict.contentType ? { "Content-Type": verdict.contentType } : {}), "Idempotent-Replayed": "true" });
  }

  await next();
  const status = c.res.status;
  const body = await c.res.clone().text();
  if (!keepsAnswer(status, problemCodeOf(c.res.headers.get("Content-Type"), body))) return releaseKey(scope, key, claimedAt);
  await storeAnswer(scope, key, claimedAt, { status, contentType: c.res.headers.get("Content-Type"), body });
};

/** The `code` of a problem document (RFC 9457), or null for any other answer. */
function problemCodeOf(contentType: string | null, body: string): string | null {
  if (!contentType?.includes("application/problem+json")) return null;
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}

function keyReused() {
  const message = "This Idempotency-Key was used for another request (another body, path or user); use a new key for a new request";
  return new AppError(422, "idempotency_key_reused", message, { errors: [{ field: "header.idempotency-key", code: "idempotency_key_reused", message }] });
}
