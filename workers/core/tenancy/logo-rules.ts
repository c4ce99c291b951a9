import type { LogoErrorCode } from "../errors";

/** The largest logo a workspace may upload. */
export const LOGO_MAX_BYTES = 512 * 1024;

/** The image types a logo may be. SVG is not among them: it can carry scripts, and Kefu does not sanitise it. */
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** What the bytes are, by their signature (never by what the client says): PNG, JPEG, WebP, or null. */
export function sniffLogoType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/**
 * Why a logo is refused, or null with its type: over the size limit (`logo_too_large`); declared
 * as anything but PNG, JPEG or WebP — SVG included — or bytes that are not what was declared
 * (`logo_type_not_allowed`).
 */
export function checkLogo(declaredType: string, bytes: Uint8Array): { refused: LogoErrorCode } | { type: LogoType } {
  if (bytes.byteLength > LOGO_MAX_BYTES) return { refused: "logo_too_large" };
  const declared = declaredType.split(";")[0]!.trim().toLowerCase().replace(/^image\/jpg$/, "image/jpeg");
  const actual = sniffLogoType(bytes);
  if (!actual || actual !== declared) return { refused: "logo_type_not_allowed" };
  return { type: actual };
}

/** A logo's public id: its first 160 bits of SHA-256 over the workspace and the bytes (content-addressed, per workspace). */
export const LOGO_ID = /^[0-9a-f]{40}$/;

/** Where a logo lives in R2. */
export const logoObjectKey = (id: string) => `logos/${id}`;

/** The public address of a logo (the survey pages' origin, cacheable for ever: a new image is a new id). */
export const logoPath = (id: string) => `/survey/logo/${id}`;
