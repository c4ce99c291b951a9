/**
 * The few statistics reports use. Pure.
 *
 * Percentiles are **nearest-rank**: the p-th percentile of n values is the value at rank
 * ⌈p/100 · n⌉ (1-based) in ascending order: the smallest observed value that at least p % of the
 * values do not exceed. It is always a value that occurred (never an interpolation), and for an
 * even count the median is the lower of the two middle values: 10, 20, 30, 40 → median 20,
 * p90 40.
 */

/** The p-th percentile (0 < p ≤ 100) by nearest rank; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile lies in (0, 100], got ${p}`);
  if (sorted.length === 0) return null;
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export interface Summary {
  median: number | null;
  p90: number | null;
}

/** Median and 90th percentile, rounded to hundredths for display. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: round2(percentileOfSorted(sorted, 50)), p90: round2(percentileOfSorted(sorted, 90)) };
}

/**
 * A rate kept as its parts, so a screen can say "12 of 40" and totals can be added up;
 * `rate` is the fraction in 0..1 (four decimals), null when there is nothing to divide.
 */
export interface Fraction {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export function fraction(numerator: number, denominator: number): Fraction {
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
