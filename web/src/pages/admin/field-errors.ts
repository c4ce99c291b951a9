/**
 * The API names nested fields either zod's way ("weekly.1.0.start") or the validator's
 * ("weekly[1][0].start"). Editors of nested values show every error under a prefix together.
 */
export function errorsUnder(fields: Record<string, string>, prefix: string): string | undefined {
  const messages = Object.entries(fields)
    .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`))
    .map(([, message]) => message);
  return messages.length ? [...new Set(messages)].join(" · ") : undefined;
}

/** The error of one element of a list: "weekly.3…" or "weekly[3]…". */
export const errorsAt = (fields: Record<string, string>, list: string, index: number) =>
  errorsUnder(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(`${list}[${index}]`, `${list}.${index}`), v])), `${list}.${index}`);
