/** Keys whose values are credentials: never stored in the audit log. */
export const SECRET_KEY = /secret|token|password|acceptUrl/i;

export const REDACTED = "[redacted]";

/**
 * A copy of a JSON value with every value under a secret-like key replaced by `"[redacted]"`,
 * at any depth. An object under such a key is not replaced but redacted in turn, so that e.g.
 * `apiToken: { name, prefix }` keeps the token's name and prefix while `token` itself goes.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isPlainObject(value)) return value;
  // fromEntries defines own properties, so even a `__proto__` key stays data.
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) && !isPlainObject(inner) ? REDACTED : redactSecrets(inner)]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
