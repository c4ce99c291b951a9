/**
 * Collision safety in the app (issue 12): every PATCH carries If-Match with the version the form
 * loaded; a 409 carries the resource as it is now. The pure decisions around that: the If-Match
 * of a resource as read, what someone else changed meanwhile, what the user changed.
 */

/** A resource as the API returns it: its `updatedAt` is its version. */
export interface Versioned {
  updatedAt: string;
}

/** The If-Match of a change to a resource as read: the API's ETag is its `updatedAt` in milliseconds. */
export const ifMatchOf = (resource: Versioned) => `"${Date.parse(resource.updatedAt)}"`;

/** Two values as the API sends them (strings, numbers, lists, objects) are the same. */
export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields (of those a form shows) someone else changed between the resource as read and as it is now. */
export function differingFields<F extends string>(read: Partial<Record<F, unknown>>, current: Partial<Record<F, unknown>>, fields: readonly F[]): F[] {
  return fields.filter((field) => !sameValue(read[field], current[field]));
}

/** What the user changed: the entries of a patch that differ from the resource as read (what "on top" re-sends). */
export function editsOf<P extends object>(read: object, patch: P): Partial<P> {
  const base = read as Record<string, unknown>;
  return Object.fromEntries(Object.entries(patch).filter(([field, value]) => !sameValue(base[field], value))) as Partial<P>;
}
