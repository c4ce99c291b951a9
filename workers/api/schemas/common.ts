import { z } from "@hono/zod-openapi";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../core/auth/password-rule";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Not an e-mail address" }).max(254))
  .openapi({ example: "li.wei@example.com" });

export const Password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`).max(PASSWORD_MAX_LENGTH).openapi({ example: "correct horse battery" });

/** A workspace's slug, as typed on the sign-in and sign-up forms. */
export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "3–40 characters: letters, digits and inner hyphens")
  .openapi({ example: "acme-tea" });
/** Line breaks and tabs, which a single line shows as a space: CR, LF, TAB, VT, FF, NEL, U+2028, U+2029. */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;
/** Every other control character: C0, DEL, C1 (and the separators, should any remain). */
const CONTROLS = /[\p{Cc}\u2028\u2029]/gu;
/** Controls a multi-line text loses: all but TAB, LF and CR. */
const CONTROLS_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/gu;

/**
 * Text for a one-line field (names, subjects, titles, tags): each run of line breaks and tabs
 * becomes one space, other control characters (NUL, DEL, C1) go, and the ends are trimmed.
 * "a\u0000b\r\nc" → "ab c".
 */
export const toSingleLine = (text: string) => text.replace(LINE_BREAKS, " ").replace(CONTROLS, "").trim();

/** Text for a multi-line field (message bodies, notes, templates): keeps TAB, LF and CR, loses every other control character. */
export const toMultiLine = (text: string) => text.replace(CONTROLS_BUT_LINE_BREAKS, "");

/** A one-line text field: cleaned by `toSingleLine`, then its length checked. */
export const singleLineText = (min: number, max: number) => z.string().overwrite(toSingleLine).min(min).max(max);

/** A multi-line text field: cleaned by `toMultiLine`, trimmed (unless told not to), then its length checked. */
export const multiLineText = (min: number, max: number, { trim = true } = {}) => {
  const cleaned = z.string().overwrite(toMultiLine);
  return (trim ? cleaned.trim() : cleaned).min(min, min > 0 ? "Cannot be empty" : undefined).max(max);
};

export const Name = singleLineText(1, 200);
export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-22T09:30:00.000Z" });
export const NullableTimestamp = Timestamp.nullable();

export const iso = (date: Date) => date.toISOString();
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export const Limit = z.coerce.number().int().min(1).max(100).default(25).openapi({ description: "Page size (1–100)" });
export const CursorParam = z.string().max(500).optional().openapi({ description: "`nextCursor` of the previous page" });

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last page" }) }).openapi(name);

/** A comma-separated list in a query string: `status=open,pending`. */
export const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      const items = text.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = items.filter((s) => !(values as readonly string[]).includes(s));
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `Unknown value ${bad.join(", ")}; expected any of ${values.join(", ")}` });
        return z.NEVER;
      }
      return items as T[number][];
    })
    .openapi({ type: "string", description: `Comma-separated, any of: ${values.join(", ")}` });

/** A PATCH body: any of the fields, nothing else, at least one. */
export const patchOf = <S extends z.ZodRawShape>(shape: S) =>
  z
    .object(shape)
    .partial()
    .strict()
    .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change");
