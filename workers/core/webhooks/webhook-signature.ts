/**
 * Webhook signatures. Kefu signs `${timestamp}.${body}` with HMAC-SHA-256, keyed by the
 * webhook's secret (the whole `whsec_…` string as UTF-8), and sends
 * `Kefu-Signature: t=<unix seconds>,v1=<hex digest>`. Signing the timestamp with the body
 * lets a receiver refuse replays of an old request; every attempt is signed afresh.
 */

/** How far a signature's timestamp may be from the receiver's clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

const hmacKey = (secret: string, usage: "sign" | "verify") =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

function fromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** The `Kefu-Signature` header value for `body` sent at `now`. */
export async function signWebhook(secret: string, body: string, now: Date): Promise<string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  const digest = await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${toHex(digest)}`;
}

/** `t` and every `v1` of a signature header; null when it is not one. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1") signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * What a receiver runs on each request: true only if the header carries a timestamp within
 * `toleranceSeconds` of `now` and a `v1` signature that is the HMAC of `${t}.${body}` under
 * `secret`. `body` must be the raw request body, byte for byte (not re-serialised JSON).
 * The comparison is `crypto.subtle.verify`, which takes the same time for any wrong digest.
 */
export async function verifyWebhookSignature(secret: string, header: string | null, body: string, now: Date, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Promise<boolean> {
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed) return false;
  if (Math.abs(now.getTime() / 1000 - parsed.timestamp) > toleranceSeconds) return false;
  const key = await hmacKey(secret, "verify");
  const signed = encoder.encode(`${parsed.timestamp}.${body}`);
  for (const candidate of parsed.signatures) {
    const digest = fromHex(candidate);
    if (digest && digest.length === 32 && (await crypto.subtle.verify("HMAC", key, digest, signed))) return true;
  }
  return false;
}
