import { readAll, type Db, type Read, type ReadResults, type Statement } from "../db";
import { describeError } from "./failure-boundary";

/**
 * One step of the cron tick: the statements that find its due items (its scans, by name), and
 * the work on what they found. Scans are reads (or a prune's bounded delete) with no effect on
 * one another, so every step's scans can go to the database together, in one round trip.
 *
 * A scan that joins tables must not select two columns of the same name (`id`, `tenant_id`):
 * D1 returns batched rows keyed by column name and drizzle maps them back by position, so a
 * repeated name silently shifts every later field.
 */
export interface CronStep<R extends object = object> {
  readonly name: string;
  readonly scans: Readonly<Record<string, Statement>>;
  /** Works through what the scans found (by the scans' names); each item behind its own failure boundary. */
  readonly work: (found: Record<string, unknown>) => Promise<R>;
}

/** A step whose work sees each scan's own result type. */
export function cronStep<const S extends Record<string, Statement>, R extends object>(
  name: string,
  scans: S,
  work: (found: { [K in keyof S]: Awaited<S[K]> }) => Promise<R>,
): CronStep<R> {
  return { name, scans, work: work as (found: Record<string, unknown>) => Promise<R> };
}

/** Several sets of named reads as one, for one `readAll`: each read named `set/name`, in the sets' order. */
export function flattenSets<T>(sets: readonly Readonly<Record<string, T>>[]): Record<string, T> {
  return Object.fromEntries(sets.flatMap((set, i) => Object.entries(set).map(([name, read]) => [`${i}/${name}`, read])));
}

/** What the one set found (`flattenSets`), given back to each set by name. */
export function regroupSets<R>(sets: readonly Readonly<Record<string, unknown>>[], found: Readonly<Record<string, R>>): Record<string, R>[] {
  return sets.map((set, i) => Object.fromEntries(Object.keys(set).map((name) => [name, found[`${i}/${name}`]!])));
}

/** Several sets of named reads in one round trip: each set's results come back by name. */
export async function readEach<T extends Record<string, Read>>(db: Db, reads: readonly T[]): Promise<ReadResults<T>[]> {
  return regroupSets(reads, await readAll(db, flattenSets(reads))) as ReadResults<T>[];
}

export interface CronRun<R extends object> {
  /** Every step's result, merged (a failed step contributes nothing). */
  result: Partial<R>;
  failedSteps: string[];
}

/**
 * Runs the steps of a tick: every step's scans in ONE batch (one round trip when nothing is due),
 * then each step's work, in order. A step that fails — its work, or its own scans — is logged
 * and the next step still runs. A batch fails as a whole, so if it does, the steps' scans are
 * sent again one step at a time: only the step whose scan is broken is lost for this tick.
 */
export async function runCronSteps<R extends object>(db: Db, steps: readonly CronStep<R>[]): Promise<CronRun<R>> {
  const failedSteps: string[] = [];
  const failed = (step: CronStep<R>, phase: "scan" | "work", error: unknown) => {
    failedSteps.push(step.name);
    console.error(JSON.stringify({ event: "cron_step_failed", step: step.name, phase, error: describeError(error) }));
  };
  let found: (Record<string, unknown> | undefined)[];
  try {
    found = await readEach(db, steps.map((s) => s.scans));
  } catch (error) {
    console.error(JSON.stringify({ event: "cron_scan_batch_failed", error: describeError(error) }));
    found = [];
    for (const step of steps) {
      try {
        found.push((await readEach(db, [step.scans]))[0]);
      } catch (stepError) {
        failed(step, "scan", stepError);
        found.push(undefined);
      }
    }
  }
  const result: Partial<R> = {};
  for (const [i, step] of steps.entries()) {
    const items = found[i];
    if (!items) continue;
    try {
      Object.assign(result, await step.work(items));
    } catch (error) {
      failed(step, "work", error);
    }
  }
  return { result, failedSteps };
}
