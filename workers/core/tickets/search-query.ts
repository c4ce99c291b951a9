/**
 * Turns what an agent types into search terms. The index uses the trigram tokenizer: terms of
 * three or more characters are matched through the FTS index (`match`, a quoted phrase);
 * shorter ones (common in Chinese: 退款) fall back to a substring scan (`like`), whose pattern
 * stays far below D1's 50-byte limit. Every term must occur somewhere in the ticket (subject or
 * any message) or customer (name, organisation or any address).
 */
export interface SearchTerm {
  kind: "match" | "like";
  value: string;
}

export const MAX_SEARCH_TERMS = 8;

/** Whitespace and control characters (a NUL would cut the query short in SQLite) separate words. */
const SEPARATORS = /[\s\p{Cc}]+/u;

export function searchTerms(query: string): SearchTerm[] {
  const words = [...new Set(query.split(SEPARATORS).map((w) => w.replace(/^"+|"+$/g, "")).filter(Boolean))];
  return words.slice(0, MAX_SEARCH_TERMS).map((word) =>
    [...word].length >= 3
      ? { kind: "match", value: `"${word.replaceAll('"', '""')}"` }
      : { kind: "like", value: containsPattern(word) },
  );
}

/** A LIKE pattern (with `escape '\\'`) matching text that contains `text` literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
