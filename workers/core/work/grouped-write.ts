import { inChunks, runBatch, type Db, type Read, type ReadResults, type Statement } from "../db";
import { readEach } from "./cron-step";
import { describeError } from "./failure-boundary";

/** Reads that check a plan against the database (the rows it refers to), and the check on what they found. */
export interface PlanCheck<C extends Record<string, Read> = Record<string, Read>> {
  reads: C;
  /** Throws when the plan cannot be written. */
  verify(read: ReadResults<C>): void;
}

/** How to write one kind of item together with others (see `writeGrouped`). */
export interface GroupedWrite<I, R extends Record<string, Read>, P, T, S extends Record<string, Read> = Record<never, Read>> {
  /** Items with the same key are never in one batch (a later one is done on its own, after it). */
  key(item: I): string;
  /** What the item's plan needs, read in one batch with every other item's. */
  reads(item: I): R;
  /**
   * What items share (a workspace's settings and rules), read in the same batch once per `key`
   * however many items of the group name it.
   */
  shared?(item: I): { key: string; reads: S };
  /** The item's plan, from its own reads and its shared ones (pure); if it throws, this item alone fails. */
  plan(item: I, read: ReadResults<R & S>): P;
  /** Reads that check the plan, if it needs any: every item's in one more batch. */
  check?(plan: P): PlanCheck | null;
  statements(plan: P): Statement[];
  /** After the batch: the item's result. */
  done(item: I, plan: P): Promise<T>;
  /** The item on its own, in its own round trips: what a failed batch falls back to. */
  alone(item: I): Promise<T>;
}

/**
 * Writes items a group at a time, each group in two round trips however many items (three when
 * a plan needs checking): one batch reads what every item needs, each item is planned from its
 * own reads, one batch writes every plan. The items may belong to different workspaces: each
 * brings its own. An item whose plan fails (it is gone, a rule refuses it) fails alone. A batch
 * fails as a whole (a database error, a ticket changed meanwhile): then every item of the group
 * is done again on its own, so the one that broke it fails alone and the others still happen.
 * Returns each item's outcome, in order; the caller puts each behind its failure boundary.
 */
export async function writeGrouped<I, R extends Record<string, Read>, P, T, S extends Record<string, Read> = Record<never, Read>>(
  db: Db,
  items: readonly I[],
  size: number,
  how: GroupedWrite<I, R, P, T, S>,
): Promise<PromiseSettledResult<T>[]> {
  const outcomes: PromiseSettledResult<T>[] = [];
  for (const group of inChunks(items, size)) {
    const seen = new Set<string>();
    const firsts: number[] = [];
    const repeats: number[] = [];
    group.forEach((item, i) => {
      const key = how.key(item);
      (seen.has(key) ? repeats : firsts).push(i);
      seen.add(key);
    });
    const byIndex: PromiseSettledResult<T>[] = new Array(group.length);
    const written = await writeGroup(db, firsts.map((i) => group[i]!), how);
    firsts.forEach((i, at) => (byIndex[i] = written[at]!));
    for (const i of repeats) byIndex[i] = await settle(() => how.alone(group[i]!));
    outcomes.push(...byIndex);
  }
  return outcomes;
}

async function writeGroup<I, R extends Record<string, Read>, P, T, S extends Record<string, Read>>(db: Db, group: readonly I[], how: GroupedWrite<I, R, P, T, S>): Promise<PromiseSettledResult<T>[]> {
  if (group.length === 0) return [];
  let planned: PromiseSettledResult<P>[];
  try {
    const shares = group.map((item) => how.shared?.(item) ?? null);
    const sharedKeys = [...new Map(shares.flatMap((s) => (s ? [[s.key, s.reads] as const] : []))).entries()];
    const read = await readEach<Record<string, Read>>(db, [...group.map((item) => how.reads(item)), ...sharedKeys.map(([, reads]) => reads)]);
    const sharedRead = new Map(sharedKeys.map(([key], i) => [key, read[group.length + i]!]));
    const readOf = (i: number) => ({ ...(shares[i] ? sharedRead.get(shares[i].key) : {}), ...read[i]! }) as ReadResults<R & S>;
    planned = group.map((item, i) => settleNow(() => how.plan(item, readOf(i))));
    const checks = planned.map((p) => (p.status === "fulfilled" ? (how.check?.(p.value) ?? null) : null));
    const checking = checks.filter((c): c is PlanCheck => c !== null);
    if (checking.length) {
      const checked = await readEach(db, checking.map((c) => c.reads));
      let at = 0;
      planned = planned.map((p, i) => {
        const check = checks[i];
        if (!check) return p;
        const read = checked[at++]!;
        return settleNow(() => (check.verify(read), (p as PromiseFulfilledResult<P>).value));
      });
    }
    await runBatch(db, planned.flatMap((p) => (p.status === "fulfilled" ? how.statements(p.value) : [])));
  } catch (error) {
    console.error(JSON.stringify({ event: "group_write_failed", items: group.length, error: describeError(error) }));
    const alone: PromiseSettledResult<T>[] = [];
    for (const item of group) alone.push(await settle(() => how.alone(item)));
    return alone;
  }
  const outcomes: PromiseSettledResult<T>[] = [];
  for (const [i, p] of planned.entries()) outcomes.push(p.status === "fulfilled" ? await settle(() => how.done(group[i]!, p.value)) : p);
  return outcomes;
}

function settleNow<P>(work: () => P): PromiseSettledResult<P> {
  try {
    return { status: "fulfilled", value: work() };
  } catch (reason) {
    return { status: "rejected", reason };
  }
}

async function settle<T>(work: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  try {
    return { status: "fulfilled", value: await work() };
  } catch (reason) {
    return { status: "rejected", reason };
  }
}
