/**
 * Turns what an agent types into search terms. Terms of three or more characters are matched
 * through the FTS5 trigram indexes (`match`, a quoted phrase). Words of one or two CJK characters
 * (退款, 茶, 王芳) are matched through the CJK unigram/bigram indexes (`gram`, the word itself;
 * migration 0011, cjk-index.ts). Other shorter words (`ab`, `5%`) fall back to a substring scan
 * of the workspace's rows (`like`), whose pattern stays far below D1's 50-byte limit. Every term
 * must occur somewhere in the ticket (subject or any message) or customer (name, organisation or
 * any address); for tickets, the requester's name, organisation or an address may have it
 * instead. A number (`1042`, `#1042`) also finds the ticket of that number; a number of one or
 * two digits (`42`, `#7`) finds only that ticket.
 */
export interface SearchTerm {
  kind: "match" | "gram" | "like";
  value: string;
  /** The word as a ticket number (`#1042` or `1042`), if it is one. */
  number?: number;
}

export const MAX_SEARCH_TERMS = 8;

/** Whitespace and control characters (a NUL would cut the query short in SQLite) separate words. */
const SEPARATORS = /[\s\p{Cc}]+/u;

/**
 * The characters the CJK index holds: kana, bopomofo and Hangul jamo (U+3040–31FF), Han and
 * extension A (U+3400–9FFF), Hangul syllables (U+AC00–D7AF), compatibility ideographs
 * (U+F900–FAFF), Han extensions B and on (U+20000–3FFFD). The same set as the GLOB class of
 * migration 0011: a word of these characters only is found through the index exactly when it is
 * a substring of the text.
 */
export const CJK_CHARACTER = /[\u3040-\u31FF\u3400-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3FFFD}]/u;

/** A word the CJK index can answer: one or two characters, all CJK. */
export function isCjkGram(word: string): boolean {
  const characters = [...word];
  return characters.length >= 1 && characters.length <= 2 && characters.every((c) => CJK_CHARACTER.test(c));
}

export function searchTerms(query: string): SearchTerm[] {
  const words = [...new Set(query.split(SEPARATORS).map((w) => w.replace(/^"+|"+$/g, "")).filter(Boolean))];
  return words.slice(0, MAX_SEARCH_TERMS).map((typed) => {
    const number = TICKET_NUMBER.exec(typed)?.[1];
    const word = number ?? typed;
    const term: SearchTerm =
      [...word].length >= 3
        ? { kind: "match", value: `"${word.replaceAll('"', '""')}"` }
        : isCjkGram(word)
          ? { kind: "gram", value: word }
          : { kind: "like", value: containsPattern(word) };
    return number === undefined ? term : { ...term, number: Number(number) };
  });
}

/** A ticket number as typed: digits, perhaps after `#` (up to 9 digits: beyond any workspace's count). */
const TICKET_NUMBER = /^#?(\d{1,9})$/;

/** Whether some term is answered by an index (the others, if any, are then checked on its matches only). */
export const searchesAnIndex = (terms: SearchTerm[]) => terms.some((term) => term.kind !== "like");

/** A LIKE pattern (with `escape '\\'`) matching text that contains `text` literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
