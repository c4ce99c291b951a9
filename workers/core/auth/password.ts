/**
 * Password hashing with PBKDF2-SHA-256 from WebCrypto. Each hash carries its algorithm and
 * parameters (`pbkdf2-sha256$<iterations>$<salt>$<hash>`), so the cost can be raised later
 * and old hashes still verify. 100,000 iterations is the most production Workers allow
 * (local workerd has no cap, so a higher number would pass every test and fail after deploy).
 */
export const PBKDF2_MAX_ITERATIONS = 100_000;
export const PASSWORD_ITERATIONS = PBKDF2_MAX_ITERATIONS;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS)
    throw new RangeError(`PBKDF2 iterations must be 1..${PBKDF2_MAX_ITERATIONS} (the production Workers cap)`);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return ["pbkdf2-sha256", iterations, toBase64(salt), toBase64(hash)].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(actual, parsed.hash);
}

export function parsePasswordHash(stored: string) {
  const [algorithm, iterations, salt, hash, ...rest] = stored.split("$");
  const count = Number(iterations);
  if (algorithm !== "pbkdf2-sha256" || !/^[1-9]\d*$/.test(iterations ?? "") || count > PBKDF2_MAX_ITERATIONS || !salt || !hash || rest.length > 0)
    return null;
  try {
    return { algorithm, iterations: count, salt: fromBase64(salt), hash: fromBase64(hash) };
  } catch {
    return null; // not base64: a damaged hash verifies nothing
  }
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
