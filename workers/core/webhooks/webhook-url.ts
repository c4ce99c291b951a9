import ipaddr from "ipaddr.js";

/** Longest webhook URL accepted. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * Where webhooks may go. `allowLocal` (WEBHOOKS_ALLOW_LOCAL=on, for local development only) also
 * lets this machine — localhost, *.localhost, 127.0.0.0/8, ::1 — receive them, over plain http too.
 */
export interface WebhookTargetPolicy {
  allowLocal?: boolean;
}

/** What a URL's host is, as far as sending webhooks goes. */
export type HostClass = { kind: "public" } | { kind: "loopback" } | { kind: "internal"; why: string };

/**
 * Why a webhook URL is malformed, or null: it must be an absolute http(s) URL with a host, no
 * user name or password in it, and at most 2,000 characters. Where it points is judged by
 * `webhookTargetProblem`.
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
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https URL";
  if (url.username || url.password) return "No user name or password in the URL; the signature authenticates Kefu";
  return url.hostname ? null : "The URL needs a host";
}

/**
 * Why Kefu will not post to this URL, or null. Beyond `webhookUrlProblem`: the host, as the
 * WHATWG URL parser reads it (which turns `0x7f.1`, `2130706433`, `0177.0.0.1` and `127.1` into
 * 127.0.0.1), must not be this machine, a private, shared, link-local, multicast or reserved
 * address, or a name that only resolves inside a network; and the scheme must be https. With
 * `allowLocal`, this machine is allowed, over http too.
 */
export function webhookTargetProblem(text: string, policy: WebhookTargetPolicy = {}): string | null {
  const malformed = webhookUrlProblem(text);
  if (malformed) return malformed;
  const url = new URL(text);
  const host = classifyHost(url.hostname);
  if (host.kind === "internal") return `Kefu does not post to ${host.why} (${url.hostname}); use a public https URL`;
  if (host.kind === "loopback") return policy.allowLocal ? null : `Kefu does not post to this machine (${url.hostname}); use a public https URL`;
  return url.protocol === "https:" ? null : "Use https (plain http only to this machine, in local development)";
}

/** Names that resolve only inside a network (RFC 6761, RFC 8375, ICANN's .internal, mDNS). */
const INTERNAL_SUFFIXES = ["internal", "local", "localdomain", "home.arpa", "lan", "intranet", "corp"];

/** Classifies a host exactly as `new URL(…).hostname` gives it (lower case; IPv6 in brackets). */
export function classifyHost(hostname: string): HostClass {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name.startsWith("[") && name.endsWith("]")) return classifyIPv6(name.slice(1, -1));
  if (ipaddr.IPv4.isValidFourPartDecimal(name)) return classifyIPv4(ipaddr.IPv4.parse(name));
  if (name === "localhost" || name.endsWith(".localhost")) return { kind: "loopback" };
  if (!name.includes(".")) return { kind: "internal", why: "a single-label name, which resolves only inside a network" };
  const suffix = INTERNAL_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  return suffix ? { kind: "internal", why: `a .${suffix} name, which resolves only inside a network` } : { kind: "public" };
}

function classifyIPv4(address: ipaddr.IPv4): HostClass {
  const range = address.range();
  if (range === "unicast") return { kind: "public" };
  if (range === "loopback") return { kind: "loopback" };
  return { kind: "internal", why: `a ${RANGE_WORDS[range] ?? range} address` };
}

function classifyIPv6(text: string): HostClass {
  if (!ipaddr.IPv6.isValid(text)) return { kind: "internal", why: "an unreadable IPv6 address" };
  const address = ipaddr.IPv6.parse(text);
  const range = address.range();
  if (range === "ipv4Mapped") return classifyIPv4(address.toIPv4Address());
  if (range === "loopback") return { kind: "loopback" };
  // ::/96 (IPv4-compatible, deprecated) is not in the library's table; it would reach the IPv4 inside.
  if (address.parts.slice(0, 6).every((part) => part === 0)) return { kind: "internal", why: "an IPv4-compatible IPv6 address" };
  if (range === "unicast") return { kind: "public" };
  return { kind: "internal", why: `a ${RANGE_WORDS[range] ?? range} address` };
}

const RANGE_WORDS: Record<string, string> = {
  unspecified: "unspecified (0.0.0.0/8, ::)",
  private: "private (RFC 1918)",
  carrierGradeNat: "shared (100.64.0.0/10)",
  linkLocal: "link-local (cloud metadata lives here)",
  uniqueLocal: "unique-local (fc00::/7)",
  multicast: "multicast",
  broadcast: "broadcast",
  reserved: "reserved or documentation",
  rfc6052: "NAT64",
  rfc6145: "IPv4-translated",
  "6to4": "6to4",
  teredo: "Teredo",
};
