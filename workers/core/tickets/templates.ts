/**
 * Standard replies are plain text with placeholders such as `{{customer.first_name}}` and
 * `{{ticket.number}}`. Placeholders are a closed list, checked when a reply is saved.
 */
export const PLACEHOLDERS = [
  "customer.name",
  "customer.first_name",
  "customer.email",
  "ticket.number",
  "ticket.subject",
  "agent.name",
  "workspace.name",
  "sla.first_reply_due",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

// Anything between double braces is a placeholder (its name trimmed); only known names are filled.
// (Trimmed after matching: /\{\{\s*([^{}]*?)\s*\}\}/ split a run of spaces three ways, cubically.)
const PATTERN = /\{\{([^{}]*)\}\}/g;

/** Placeholders used in `template` that Kefu does not know. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...new Set([...template.matchAll(PATTERN)].map((m) => m[1]!.trim()).filter((name) => !known.has(name)))];
}

/** Fills every known placeholder in one pass (values are never re-scanned for placeholders). */
export function renderTemplate(template: string, values: PlaceholderValues): string {
  return template.replace(PATTERN, (whole, inner: string) => {
    const name = inner.trim();
    return Object.hasOwn(values, name) ? values[name as Placeholder] : whole;
  });
}

/** First word of a display name; for CJK names without spaces, the whole name. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}
