import { z } from "@hono/zod-openapi";
import { AppError, VERSION_ERROR_CODES } from "../../core/errors";

/**
 * Optimistic concurrency for every PATCH (issue 12): GET of one resource and PATCH answer with an
 * `ETag`, the resource's `updatedAt` in milliseconds; a PATCH with `If-Match` naming an older one
 * is refused with 409 and the resource as it is now in `current`. `*` or no header: the change is
 * merged field by field as before.
 */

/** A resource's version: its `updatedAt` in milliseconds, as an ETag. */
export const etagOf = (resource: { updatedAt: Date }) => `"${resource.updatedAt.getTime()}"`;

export const IfMatch = z.object({
  "if-match": z
    .string()
    .regex(/^(\*|(W\/)?"\d{1,16}")$/, 'The ETag of the resource you read, e.g. "1795372261335"')
    .optional()
    .openapi({ description: "Change it only if it is still this version (the ETag you read); `*` or none: merge by field" }),
});

/** The version an If-Match names (none for `*` or no header). */
export function expectedVersion(ifMatch: string | undefined): Date | undefined {
  const digits = ifMatch?.match(/"(\d+)"/)?.[1];
  return digits ? new Date(Number(digits)) : undefined;
}

const versionCodes: readonly string[] = VERSION_ERROR_CODES;

/** A write whose refusal for an old If-Match (409 `ticket_changed`, `changed_since_read`) carries the resource as it is now. */
export function withCurrent<T>(write: Promise<T>, current: () => Promise<unknown>): Promise<T> {
  return write.catch(async (error: unknown) => {
    if (error instanceof AppError && error.status === 409 && versionCodes.includes(error.code)) throw new AppError(409, error.code, error.message, { ...error.details, current: await current() });
    throw error;
  });
}

/** The little of a Hono context the helpers below use. */
interface Exchange {
  req: { header(name: string): string | undefined };
  header(name: string, value: string): void;
}

/** A resource read (GET of one): answered with its ETag. */
export function withETag<R extends { updatedAt: Date }>(c: Exchange, resource: R): R {
  c.header("ETag", etagOf(resource));
  return resource;
}

/**
 * A PATCH in one call: `write` gets the version the request's If-Match names (undefined for `*`
 * or none; the route's `IfMatch` schema has checked its form); its refusal carries `current`; the
 * result is answered with its new ETag.
 */
export async function versionedWrite<R extends { updatedAt: Date }>(c: Exchange, write: (version: Date | undefined) => Promise<R>, current: () => Promise<unknown>): Promise<R> {
  return withETag(c, await withCurrent(write(expectedVersion(c.req.header("if-match"))), current));
}

/** A PATCH route's description of If-Match, for the OpenAPI document. */
export const ifMatchNote = (what: string) =>
  `Send \`If-Match\` with the \`ETag\` of the ${what} you read to refuse the change if anyone changed it since: 409 \`changed_since_read\` with the ${what} as it is now in \`current\`.`;
