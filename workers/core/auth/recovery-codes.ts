import { sha256Hex } from "../ids";

/**
 * Two-factor recovery codes: ten per enrolment, each `xxxx-xxxx-xxxx` from a 31-character alphabet
 * (about 59 bits), shown once; only their SHA-256 is stored and each works once.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: easy to copy from paper
const GROUPS = 3;
const GROUP_LENGTH = 4;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(GROUPS * GROUP_LENGTH));
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
    return Array.from({ length: GROUPS }, (_, i) => chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH)).join("-");
  });
}

/** A typed recovery code as stored (lower case, no spaces or hyphens), or null if it cannot be one. */
export function normalizeRecoveryCode(input: string): string | null {
  const clean = input.toLowerCase().replace(/[\s-]/g, "");
  return clean.length === GROUPS * GROUP_LENGTH && [...clean].every((c) => ALPHABET.includes(c)) ? clean : null;
}

export const hashRecoveryCode = (normalized: string) => sha256Hex(`recovery:${normalized}`);
