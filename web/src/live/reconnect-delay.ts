const FIRST_MS = 1_000;
const MOST_MS = 30_000;

/** Milliseconds before reconnect attempt `attempt` (0-based): doubling from 1 s up to 30 s, with jitter so tabs do not reconnect in step. */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(MOST_MS, FIRST_MS * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
