/** The most tickets one merge from the bulk bar takes: the target and ten sources (the API's limit). */
export const BULK_MERGE_MAX = 11;

/**
 * The ticket a bulk merge proposes as the target: the oldest selected ticket the page knows
 * (earliest `createdAt`, then lowest number), else the first selected.
 */
export function oldestSelected(ids: readonly string[], known: readonly { id: string; number: number; createdAt: string }[]): string | undefined {
  const candidates = known.filter((t) => ids.includes(t.id));
  const oldest = candidates.reduce<(typeof candidates)[number] | undefined>((best, t) => (!best || t.createdAt < best.createdAt || (t.createdAt === best.createdAt && t.number < best.number) ? t : best), undefined);
  return oldest?.id ?? ids[0];
}
