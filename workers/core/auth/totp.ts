/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with HMAC-SHA-1 from WebCrypto:
 * 30-second steps, 6 digits, one step of clock drift either way. Pure apart from WebCrypto; the
 * caller keeps the last accepted step so a code is never accepted twice.
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted before and after the current one (clock drift between phone and server). */
export const TOTP_WINDOW = 1;
const SECRET_BYTES = 20; // 160 bits, the HMAC-SHA-1 block the RFC recommends

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (how authenticator apps take secrets). */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Base32 back to bytes; spaces, hyphens, padding and case are ignored. Null for other characters. */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(bytes);
}

/** A new random shared secret, base32. */
export const newTotpSecret = () => base32Encode(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));

/** The step an instant falls in. */
export const totpStep = (at: Date) => Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);

/** RFC 4226 HOTP: the code for one counter value. */
export async function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): Promise<string> {
  const message = new Uint8Array(8);
  // The counter is a 64-bit big-endian integer; steps fit in 53 bits.
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const hmacKey = await crypto.subtle.importKey("raw", key as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, message));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The code for the step `at` falls in. */
export async function totpCode(key: Uint8Array, at: Date, digits = TOTP_DIGITS): Promise<string> {
  return hotp(key, totpStep(at), digits);
}

/**
 * The step a code matches within the window around `at`, or null. A step at or before
 * `lastStep` (already used) never matches: that is the replay protection.
 */
export async function matchTotp(secret: string, code: string, at: Date, lastStep: number | null): Promise<number | null> {
  const key = base32Decode(secret);
  const digits = code.replace(/\s/g, "");
  if (!key || !/^\d{6}$/.test(digits)) return null;
  const now = totpStep(at);
  let matched: number | null = null;
  // Every step of the window is computed, so the time taken does not say which one matched.
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    const candidate = await hotp(key, step);
    if (timingSafeEqual(candidate, digits) && (lastStep === null || step > lastStep) && matched === null) matched = step;
  }
  return matched;
}

/** The otpauth:// URI authenticator apps read (as text, or as a QR code of it). */
export function otpauthUri(issuer: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret, issuer, algorithm: "SHA1", digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params}`;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
