import { z } from "@hono/zod-openapi";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Not an e-mail address" }).max(254))
  .openapi({ example: "li.wei@example.com" });

export const Password = z.string().min(10, "At least 10 characters").max(200).openapi({ example: "correct horse battery" });
export const Name = z.string().trim().min(1).max(200);
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
