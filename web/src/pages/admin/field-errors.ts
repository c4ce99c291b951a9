import { messages } from "../../i18n";

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

const text = messages({
  en: { checkFields: "Please correct the fields marked below." },
  "zh-CN": { checkFields: "请修改下方标出的字段。" },
});

/**
 * The form-level message: when the API named the fields (they show next to each field), a
 * sentence in the user's language instead of the API's generic English summary.
 */
export function formError(form: { error: string | null; fields: Record<string, string> }): string | null {
  return form.error && Object.keys(form.fields).length ? text().checkFields : form.error;
}
