/** The first retry of failed work comes after a minute… */
export const FIRST_RETRY_MS = 60_000;
/** …then twice as long after every further failure, up to six hours. */
export const MAX_RETRY_MS = 6 * 3_600_000;

/** How long to wait after the `attempts`-th failure (1, 2, …) before trying the work again. */
export function workRetryDelayMs(attempts: number): number {
  const doublings = Math.min(Math.max(Math.floor(attempts), 1) - 1, 30);
  return Math.min(FIRST_RETRY_MS * 2 ** doublings, MAX_RETRY_MS);
}
