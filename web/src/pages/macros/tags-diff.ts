/** The tags a history change (each side the whole list as JSON) adds and removes, in the list's order. */
export function tagsDiff(change: { from: string | null; to: string | null }): { added: string[]; removed: string[] } {
  const from = tagList(change.from);
  const to = tagList(change.to);
  return { added: to.filter((t) => !from.includes(t)), removed: from.filter((t) => !to.includes(t)) };
}

function tagList(value: string | null): string[] {
  try {
    const list: unknown = value ? JSON.parse(value) : [];
    return Array.isArray(list) ? list.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}
