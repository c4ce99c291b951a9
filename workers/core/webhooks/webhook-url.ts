/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);

/**
 * Why a webhook URL is refused, or null if it is acceptable: it must be an absolute https URL
 * (plain http only to localhost or 127.0.0.1, for local development), with a host, no user
 * name or password in it, and at most 2,000 characters.
 */
export function webhookUrlProblem(text: string): string | null {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `At most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  if (/[\s\x00-\x1f\x7f]/.test(text)) return "No spaces or control characters";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Not an absolute URL";
  }
  if (url.username || url.password) return "No user name or password in the URL; the signature authenticates Kefu";
  if (url.protocol === "https:") return url.hostname ? null : "The URL needs a host";
  if (url.protocol === "http:") return LOCAL_HOSTS.has(url.hostname) ? null : "Use https (plain http only to localhost or 127.0.0.1)";
  return "Use an https URL";
}
