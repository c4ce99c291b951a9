/**
 * The one error type of the core. `code` is a stable machine code clients can switch on;
 * the API turns it into an RFC 9457 problem document with the same code.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details: { errors?: FieldError[]; retryAfterSeconds?: number; current?: unknown } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. `body.requester.email`. */
  field: string;
  code: string;
  message: string;
}

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const forbidden = (message: string) => new AppError(403, "forbidden", message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const invalidField = (field: string, code: string, message: string) =>
  new AppError(422, code, message, { errors: [{ field, code, message }] });
