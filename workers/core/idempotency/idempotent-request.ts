/**
 * Stripe's rules for `Idempotency-Key`, as pure decisions. A key belongs to one request: the
 * same user, the same method and path, the same body (its SHA-256). Sent again with that request
 * it gets the first answer; sent with another request it is refused; while the first request
 * still runs it is busy. Keys are kept a day; a claim left without an answer for longer than a
 * request can run (the Worker was stopped mid-request) may be taken over.
 */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
export const ABANDONED_CLAIM_MS = 5 * 60 * 1000;
export const MAX_KEY_LENGTH = 255;

/** What identifies the request a key was first used for. */
export interface RequestFingerprint {
  userId: string;
  /** `METHOD /path`. */
  route: string;
  requestHash: string;
}

export interface StoredKey extends RequestFingerprint {
  /** Null while the first request runs. */
  status: number | null;
  contentType: string | null;
  body: string | null;
  createdAt: Date;
}

export type Verdict =
  | { kind: "replay"; status: number; contentType: string | null; body: string }
  | { kind: "reused" }
  | { kind: "in_use" };

/** What to answer a request whose key was already claimed (by `stored`). */
export function verdictFor(stored: StoredKey, request: RequestFingerprint): Verdict {
  if (stored.userId !== request.userId || stored.route !== request.route || stored.requestHash !== request.requestHash) return { kind: "reused" };
  if (stored.status === null) return { kind: "in_use" };
  return { kind: "replay", status: stored.status, contentType: stored.contentType, body: stored.body ?? "" };
}

/**
 * Answers worth keeping: success and the errors of requests that ran. A 5xx is forgotten so the
 * request can be retried; so is a request refused by validation before anything ran (as Stripe
 * does), so a client that corrects its body may reuse the key.
 */
export const keepsAnswer = (status: number, problemCode: string | null) => status < 500 && problemCode !== "validation_failed";
