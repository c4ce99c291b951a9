const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/**
 * A new opaque id such as `tkt_01jq3…`: a prefix naming the kind of object, then 48 bits of
 * millisecond time and 80 random bits in base32. Ids sort roughly by creation time.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = "";
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time;
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = "";
  for (const byte of random) tail += ALPHABET[byte % 32];
  return `${prefix}_${time}${tail}`;
}

/** `count` random bytes as URL-safe base64 without padding. */
export function randomSecret(count: number): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(count)));
}

export function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  // Our bytes are never shared memory; the cast satisfies the DOM typings the web app checks this with.
  const digest = await crypto.subtle.digest("SHA-256", typeof data === "string" ? new TextEncoder().encode(data) : (data as Uint8Array<ArrayBuffer>));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
