/**
 * Where a search's words occur in a text, for marking them in the results: the text cut into
 * parts, each a match of some word (case-insensitively) or not. Longer words win where two
 * overlap; the parts put back together are the text. Pure, so the ticket list and its test share it.
 */
export interface TextPart {
  text: string;
  match: boolean;
}

/** The words of a search box as the API reads them (whitespace-separated, quotes and a number's `#` dropped). */
export function searchWords(q: string): string[] {
  const words = q.split(/\s+/).map((w) => w.replace(/^"+|"+$/g, "").replace(/^#(?=\d+$)/, ""));
  return [...new Set(words.filter(Boolean))];
}

export function highlightParts(text: string, words: string[]): TextPart[] {
  const lower = text.toLowerCase();
  const byLength = [...new Set(words.map((w) => w.toLowerCase()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const marked = new Array<boolean>(text.length).fill(false);
  for (const word of byLength)
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1))
      // Lower-casing keeps lengths for the scripts people search in; where it does not, mark nothing rather than the wrong letters.
      if (lower.length === text.length && marked.slice(at, at + word.length).every((m) => !m)) marked.fill(true, at, at + word.length);
  const parts: TextPart[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.match === marked[i]) last.text += text[i];
    else parts.push({ text: text[i]!, match: marked[i]! });
  }
  return parts;
}
