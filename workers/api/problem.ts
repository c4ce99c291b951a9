import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, errorOfKind, type FieldError, type FieldErrorParams } from "../core/errors";
import type { AppEnv } from "./context";

/** RFC 9457 problem details, with a stable machine `code` and the request id. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://kefu.dev/problems/validation_failed" }),
    title: z.string().openapi({ example: "The request is not valid" }),
    status: z.number().int(),
    code: z.string().openapi({ description: "Stable machine-readable error code", example: "validation_failed" }),
    detail: z.string(),
    requestId: z.string(),
    errors: z
      .array(
        z.object({
          field: z.string().openapi({ example: "body.subject" }),
          code: z.string().openapi({ example: "too_small" }),
          message: z.string().openapi({ description: "English, for developers; apps word the error from `code` and `params`" }),
          params: z
            .object({ origin: z.string(), minimum: z.number(), maximum: z.number(), format: z.string(), expected: z.string() })
            .partial()
            .optional()
            .openapi({ description: "The limit or format the value missed, e.g. `{ origin: \"string\", minimum: 1 }` (a blank required text)" }),
        }),
      )
      .optional()
      .openapi({ description: "One entry per invalid field" }),
    current: z.unknown().optional().openapi({ description: "With `ticket_changed` or `changed_since_read` (an old If-Match): the resource as it is now; with `newer_messages`: the messages that arrived after the one you saw" }),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Request too large",
  415: "Unsupported media type",
  422: "The request is not valid",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

export function problem(c: Context<AppEnv>, status: ContentfulStatusCode, code: string, detail: string, errors?: FieldError[], current?: unknown) {
  const body: Problem = {
    type: `https://kefu.dev/problems/${code}`,
    title: TITLES[status] ?? "Error",
    status,
    code,
    detail,
    requestId: c.get("requestId") ?? "unknown",
    ...(errors?.length ? { errors } : {}),
    ...(current === undefined ? {} : { current }),
  };
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
}

/** zod issues as field errors, the path prefixed with where the value came from. */
export function fieldErrors(target: string, error: z.ZodError): FieldError[] {
  const where = target === "json" ? "body" : target === "param" ? "path" : target;
  return error.issues.map((issue) => {
    const params = paramsOf(issue);
    return { field: [where, ...issue.path.map(String)].join("."), code: issue.code, message: issue.message, ...(params ? { params } : {}) };
  });
}

/** The limit or format of a zod issue, as plain data (numbers only when finite; bigint limits as numbers). */
function paramsOf(issue: z.ZodError["issues"][number]): FieldErrorParams | undefined {
  const raw = issue as { origin?: unknown; minimum?: unknown; maximum?: unknown; inclusive?: unknown; format?: unknown; expected?: unknown };
  const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : typeof value === "bigint" ? Number(value) : undefined);
  const params: FieldErrorParams = {};
  if (typeof raw.origin === "string") params.origin = raw.origin;
  const minimum = number(raw.minimum);
  const maximum = number(raw.maximum);
  if (minimum !== undefined) params.minimum = minimum;
  if (maximum !== undefined) params.maximum = maximum;
  if (raw.inclusive === false) params.inclusive = false;
  if (typeof raw.format === "string") params.format = raw.format;
  if (typeof raw.expected === "string") params.expected = raw.expected;
  return Object.keys(params).length ? params : undefined;
}

/** The root error handler: every failure leaves as the same envelope; unknown errors are logged, never leaked. */
export function onError(thrown: Error, c: Context<AppEnv>) {
  // Ours, as thrown or as Drizzle wrapped it (a statement refused by the session check, session-check.ts).
  const error = errorOfKind(thrown, AppError) ?? thrown;
  if (error instanceof AppError) {
    if (error.details.retryAfterSeconds) c.header("Retry-After", String(error.details.retryAfterSeconds));
    return problem(c, error.status, error.code, error.message, error.details.errors, error.details.current);
  }
  if (error instanceof HTTPException) {
    const code = error.message.startsWith("Malformed JSON") ? "malformed_json" : error.status === 413 ? "payload_too_large" : "bad_request";
    return problem(c, error.status as ContentfulStatusCode, code, error.message || TITLES[error.status] || "Request failed");
  }
  console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), path: c.req.path, error: String(error), stack: error.stack }));
  return problem(c, 500, "internal_error", "Something went wrong on our side; the request id helps us find it");
}
