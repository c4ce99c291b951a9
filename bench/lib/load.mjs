// A bounded load generator: a fixed number of requests at a fixed concurrency, with a wall-clock
// cap; it stops by itself. Shared by the benchmarks in bench/.

/** The q-quantile (0…1) of ascending `sorted` numbers (nearest rank, lower side). */
export const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

/**
 * Runs `request(i)` for i = 0 … count − 1 with `concurrency` in flight, stopping early (no new
 * requests) once `maxMs` has passed. `request` returns true for success. Returns requests done,
 * failures, requests per second and p50/p99 latency in ms (as the client saw it).
 */
export async function runLoad({ count, concurrency, maxMs = 60_000, request }) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  let firstError = null;
  const started = performance.now();
  const stopAt = started + maxMs;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (next < count && performance.now() < stopAt) {
        const i = next++;
        const t0 = performance.now();
        try {
          if (!(await request(i))) failures++;
        } catch (error) {
          failures++;
          firstError ??= String(error);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { done: latencies.length, failures, firstError, seconds, rate: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), capped: latencies.length < count };
}
