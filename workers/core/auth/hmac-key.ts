/**
 * The HS256 key for a secret, imported once per secret and isolate. jose imports a raw secret
 * (a Uint8Array) into a WebCrypto key on every sign and verify; every API request verifies a token.
 */
const keys = new Map<string, Promise<CryptoKey>>();

export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}
