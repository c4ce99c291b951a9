import { hc, type ClientResponse } from "hono/client";
import { zodIssueText, type FieldErrorInput } from "./field-error-text";
import { locale } from "./i18n";
import { problemText } from "./problem-text";
import type { AppType } from "../../workers/api";

/**
 * The typed API client: request and response types come from the Worker's routes (Hono RPC),
 * nothing is copied. The session travels as the HttpOnly cookie the API sets at login.
 */
export const api = hc<AppType>("/api/v1", { init: { credentials: "same-origin" } });

/** A problem document from the API (RFC 9457), thrown by `data()`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    /** Field errors, keyed by the field's name without its `body.`/`query.` prefix. */
    readonly fields: Record<string, string> = {},
    /** With a conflict (409): what the server has now — the ticket (`ticket_changed`) or the messages (`newer_messages`). */
    readonly current?: unknown,
  ) {
    super(detail);
  }
}

/** Listeners told when the API answers 401 (the session ended). */
export const onUnauthorized = new Set<() => void>();

/** The body type of a route's successful answers. */
type Success<R> = R extends ClientResponse<infer Body, infer Status, string> ? (Status extends 200 | 201 | 202 | 204 ? Body : never) : never;

/** The JSON of a successful answer, or an ApiError. */
export async function data<R extends ClientResponse<unknown, number, string>>(pending: Promise<R>): Promise<Success<R>> {
  const response = (await pending) as unknown as Response;
  if (response.ok) return (response.status === 204 ? null : await response.json()) as Success<R>;
  if (response.status === 401) for (const listener of onUnauthorized) listener();
  const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; errors?: FieldErrorInput[]; current?: unknown };
  const words = problemText();
  const fields = Object.fromEntries(
    (problem.errors ?? []).map((e) => {
      const field = e.field.replace(/^(body|query|param|path)\./, "");
      return [field, zodIssueText(locale.value, { ...e, field }) ?? words.fields[e.code] ?? words.codes[e.code] ?? e.message];
    }),
  );
  const code = problem.code ?? "error";
  throw new ApiError(response.status, code, words.codes[code] ?? problem.detail ?? response.statusText, fields, problem.current);
}
