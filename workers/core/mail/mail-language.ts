import type { UserLanguage } from "../../../schema";

/** The languages Kefu writes system mail in. */
export type MailLanguage = UserLanguage;

/** The language a person's own text is in, as far as Kefu can tell: Simplified Chinese when it has Han characters, English when it has Latin letters; null when it says nothing (no letters, or another script). */
export function detectLanguage(text: string): MailLanguage | null {
  if (/\p{Script=Han}/u.test(text)) return "zh-CN";
  return /\p{Script=Latin}/u.test(text) ? "en" : null;
}

/**
 * The one language rule for system mail (acknowledgements, reply footers, surveys, notifications):
 * the person's stored language, else the language of their own text, else the workspace default.
 */
export function mailLanguage(person: { stored: MailLanguage | null | undefined; text?: string }, workspaceDefault: MailLanguage): MailLanguage {
  return person.stored ?? detectLanguage(person.text ?? "") ?? workspaceDefault;
}
