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
  /** What a client needs to word the error itself (zod's limits and formats), e.g. `{ origin: "string", minimum: 10 }`. */
  params?: FieldErrorParams;
}

/** The parts of a validation issue a client words its own message from; every key optional. */
export interface FieldErrorParams {
  /** What was measured: `string` (characters), `number`, `array`, `set`, `date`… */
  origin?: string;
  minimum?: number;
  maximum?: number;
  /** `false`: the limit itself is not allowed (e.g. "more than 0"); absent: it is. */
  inclusive?: boolean;
  /** For `invalid_format`: `email`, `url`, `date`, `regex`… */
  format?: string;
  /** For `invalid_type`: the type expected. */
  expected?: string;
}

/** `error` itself, or the first error it wraps, that `matches` (Drizzle wraps what a statement threw: D1's errors and ours). */
export function inErrorChain(error: unknown, matches: (e: Error) => boolean): Error | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (matches(e)) return e;
  return undefined;
}

/** `error` itself, or the first error it wraps, that is a `kind`. */
export const errorOfKind = <E extends Error>(error: unknown, kind: abstract new (...args: never[]) => E): E | undefined => inErrorChain(error, (e) => e instanceof kind) as E | undefined;

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const forbidden = (message: string) => new AppError(403, "forbidden", message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const invalidField = (field: string, code: string, message: string) =>
  new AppError(422, code, message, { errors: [{ field, code, message }] });

/**
 * Codes of the account flows (password reset, profile, two-factor sign-in). The web app words
 * each of them in English and Chinese (`web/src/problem-text.ts` is checked against this list).
 */
export const ACCOUNT_ERROR_CODES = [
  "reset_link_invalid",
  "two_factor_code_wrong",
  "two_factor_locked",
  "two_factor_challenge_expired",
  "two_factor_already_enabled",
  "two_factor_not_started",
  "two_factor_required_by_workspace",
  "two_factor_enable_first",
  "invalid_time_zone",
] as const;
export type AccountErrorCode = (typeof ACCOUNT_ERROR_CODES)[number];

/** An account-flow error; with `field`, it is also reported on that field (shown next to it). */
export const accountError = (status: AppError["status"], code: AccountErrorCode, message: string, field?: string) =>
  new AppError(status, code, message, field ? { errors: [{ field, code, message }] } : {});

/**
 * Codes of a change refused because what it changes moved since the client read it (If-Match
 * with an old ETag; the problem's `current` holds it as it is now): `ticket_changed` for tickets,
 * `changed_since_read` for everything else. Worded in English and Chinese in `web/src/problem-text.ts`.
 */
export const VERSION_ERROR_CODES = ["ticket_changed", "changed_since_read"] as const;
export type VersionErrorCode = (typeof VERSION_ERROR_CODES)[number];

/**
 * Codes of a refused ticket merge or split (`core/tickets/ticket-merge.ts`, `ticket-split.ts`),
 * worded in English and Chinese in `web/src/problem-text.ts`.
 */
export const TICKET_MERGE_ERROR_CODES = ["ticket_merge_self", "ticket_already_merged", "ticket_merge_target_merged", "split_not_customer_message", "split_only_message"] as const;
export type TicketMergeErrorCode = (typeof TICKET_MERGE_ERROR_CODES)[number];
export const ticketMergeError = (status: 409 | 422, code: TicketMergeErrorCode, message: string, field?: string) =>
  new AppError(status, code, message, field ? { errors: [{ field, code, message }] } : {});

/** Codes of a refused workspace logo upload (`core/tenancy/workspace-logo.ts`), worded in English and Chinese in `web/src/problem-text.ts`. */
export const LOGO_ERROR_CODES = ["logo_type_not_allowed", "logo_too_large"] as const;
export type LogoErrorCode = (typeof LOGO_ERROR_CODES)[number];

/** Codes of a refused bulk change (`core/tickets/ticket-bulk.ts`), worded in English and Chinese in `web/src/problem-text.ts`. */
export const BULK_ERROR_CODES = ["bulk_too_many"] as const;
export type BulkErrorCode = (typeof BULK_ERROR_CODES)[number];
export const bulkError = (code: BulkErrorCode, message: string) => new AppError(422, code, message);

/**
 * Codes of a refused trigger change (`core/rules/trigger-store.ts`, docs/rules.md "Triggers API"):
 * a reference to nothing in the workspace (422, on the field that names it), the limit, a
 * reorder that does not name every trigger once. Worded in English and Chinese in `web/src/problem-text.ts`.
 */
export const TRIGGER_ERROR_CODES = [
  "too_many_triggers",
  "trigger_order_mismatch",
  "support_address_not_found",
  "webhook_not_found",
  "macro_not_found",
  "notify_target_invalid",
] as const;
export type TriggerErrorCode = (typeof TRIGGER_ERROR_CODES)[number];

/**
 * Codes of a refused automation change (`core/automations/automation-store.ts`, docs/rules.md
 * "Automations"): the limit, a reorder that does not name every automation once, no time condition
 * to wait for, a follow-up due both in hours and days, an unknown preset. Worded in English and
 * Chinese in `web/src/problem-text.ts`.
 */
export const AUTOMATION_ERROR_CODES = ["too_many_automations", "automation_order_mismatch", "automation_time_condition_required", "follow_up_due_invalid", "preset_not_found"] as const;
export type AutomationErrorCode = (typeof AUTOMATION_ERROR_CODES)[number];
