/**
 * The order of a workspace's ordered rules (triggers, automations), pure: an admin's new order
 * is accepted only when it names every rule exactly once; only the rules whose place changes are
 * written.
 */
export function newOrder<T extends { id: string; position: number }>(current: readonly T[], ids: readonly string[]): { rows: T[]; moved: { id: string; position: number }[] } | null {
  const byId = new Map(current.map((rule) => [rule.id, rule]));
  if (ids.length !== byId.size || new Set(ids).size !== ids.length || !ids.every((id) => byId.has(id))) return null;
  const rows = ids.map((id, position) => ({ ...byId.get(id)!, position }));
  return { rows, moved: rows.filter((row, position) => byId.get(row.id)!.position !== position).map(({ id, position }) => ({ id, position })) };
}
