/** A mention being typed: the `@` at `start`, and what follows it up to the caret. */
export interface MentionQuery {
  start: number;
  query: string;
}

/** The mention the caret is in (`@` at the start or after a space, no space typed after it yet), or null. */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

/** The agents a query offers: names or addresses starting with it (any case), then containing it. */
export function mentionChoices<U extends { name: string; email: string }>(users: readonly U[], query: string, max = 6): U[] {
  const q = query.toLowerCase();
  const starts = users.filter((u) => u.name.toLowerCase().startsWith(q) || u.email.toLowerCase().startsWith(q));
  const contains = users.filter((u) => !starts.includes(u) && u.name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, max);
}

/** The text with the mention replaced by `@Name ` and the caret after it. */
export function applyMention(text: string, mention: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, mention.start) + inserted + text.slice(caret), caret: mention.start + inserted.length };
}
