/**
 * Word and phrase matching for rule conditions (issue 15): case-insensitive and NFKC-normalised
 * (full-width ＲＥＦＵＮＤ is refund), runs of white space are one space. A needle in a script
 * written without word breaks (Chinese, Japanese kana) matches anywhere as a substring — 退款 in
 * 我想申请退款谢谢; any other needle matches only as whole words — `refund` not in `refunded`, the
 * phrase `not working` as a unit — i.e. no letter or digit right before or after it.
 */

const NO_WORD_BREAKS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/** The form both sides are compared in. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Whether `haystack` (normalised) holds `needle` (normalised) by the rules above. */
export function containsWord(haystack: string, needle: string): boolean {
  if (!needle) return false;
  if (NO_WORD_BREAKS.test(needle)) return haystack.includes(needle);
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if (!isWordEdge(before, needle[0]) && !isWordEdge(after, needle.at(-1))) return true;
  }
  return false;
}

/** A character next to a match breaks it when both it and the match's edge are word characters. */
function isWordEdge(outside: string | undefined, edge: string | undefined): boolean {
  return outside !== undefined && edge !== undefined && WORD_CHAR.test(outside) && WORD_CHAR.test(edge) && !NO_WORD_BREAKS.test(outside);
}
