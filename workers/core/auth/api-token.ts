import { randomSecret, sha256Hex } from "../ids";

/**
 * API tokens look like `kefu_<prefix>_<secret>`. The prefix is stored in clear to find the
 * row; only a SHA-256 of the whole token is stored (the secret has 256 bits of entropy, so a
 * fast hash is enough). The token itself is shown once, when it is created.
 */
const TOKEN_PATTERN = /^kefu_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export async function generateApiToken() {
  const prefix = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  const token = `kefu_${prefix}_${randomSecret(32)}`;
  return { token, prefix, secretHash: await sha256Hex(token) };
}

export function parseApiToken(token: string): { prefix: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { prefix: match[1]! } : null;
}

export const hashApiToken = sha256Hex;
