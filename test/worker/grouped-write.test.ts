import { env } from "cloudflare:workers";
import { count, eq } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { openDb, runBatch } from "../../workers/core/db";
import { writeGrouped, type GroupedWrite } from "../../workers/core/work/grouped-write";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";

// writeGrouped against the real local D1: a scratch table whose CHECK constraint makes a chosen
// item's write fail, as a database error for one workspace would.

interface Item {
  key: string;
  /** Its plan throws (the ticket is gone, a rule refuses the change). */
  refused: boolean;
  /** Its write fails in the database. */
  poison: boolean;
}

beforeAll(async () => {
  await env.DB.prepare("create table grouped_write_rows (k text not null, v integer not null check (v >= 0))").run();
});

function how(db: ReturnType<typeof openDb>): GroupedWrite<Item, { before: ReturnType<typeof countOf> }, { statements: ReturnType<typeof insertOf>[] }, "grouped" | "alone"> {
  const plan = (item: Item) => {
    if (item.refused) throw new Error(`refused ${item.key}`);
    return { statements: [insertOf(db, item)] };
  };
  return {
    key: (item) => item.key,
    reads: (item) => ({ before: countOf(db, item.key) }),
    plan: (item) => plan(item),
    statements: (p) => p.statements,
    done: async () => "grouped",
    alone: async (item) => {
      await countOf(db, item.key);
      await runBatch(db, plan(item).statements);
      return "alone";
    },
  };
}

const rows = sqliteTable("grouped_write_rows", { k: text("k").notNull(), v: integer("v").notNull() });
const countOf = (db: ReturnType<typeof openDb>, key: string) => db.select({ n: count() }).from(rows).where(eq(rows.k, key));
const insertOf = (db: ReturnType<typeof openDb>, item: Item) => db.insert(rows).values({ k: item.key, v: item.poison ? -1 : 1 });

const items = fc.array(fc.record({ key: fc.constantFrom("a", "b", "c", "d", "e", "f"), refused: fc.constantFrom(false, false, true), poison: fc.constantFrom(false, false, false, true) }), { maxLength: 12 });

describe("writeGrouped", () => {
  it("every item's outcome, in order: an item fails alone (its plan or its write), and every other item is written exactly once", { timeout: 120_000 }, async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const db = openDb(env.DB);
    await fc.assert(
      fc.asyncProperty(items, fc.integer({ min: 1, max: 5 }), async (list, size) => {
        await env.DB.prepare("delete from grouped_write_rows").run();
        const outcomes = await writeGrouped(db, list, size, how(db));
        expect(outcomes).toHaveLength(list.length);
        list.forEach((item, i) => expect(outcomes[i]!.status, JSON.stringify({ item, outcome: outcomes[i] })).toBe(item.refused || item.poison ? "rejected" : "fulfilled"));
        const written = (await env.DB.prepare("select count(*) as n from grouped_write_rows").first<{ n: number }>())!.n;
        expect(written).toBe(outcomes.filter((o) => o.status === "fulfilled").length);
      }),
      { numRuns: 60 },
    );
    vi.restoreAllMocks();
  });

  it("a group costs two round trips however many items, and falls back to one at a time only when its batch fails", { timeout: 60_000 }, async () => {
    const measured = async (list: Item[]) => {
      const usage = newUsage();
      const db = openDb(recordingD1(env.DB, usage));
      const outcomes = await writeGrouped(db, list, 25, how(db));
      return { roundTrips: usage.roundTrips, outcomes: outcomes.map((o) => (o.status === "fulfilled" ? o.value : "failed")) };
    };
    const ok = (key: string): Item => ({ key, refused: false, poison: false });
    expect(await measured([ok("a")])).toEqual({ roundTrips: 2, outcomes: ["grouped"] });
    expect(await measured(["a", "b", "c", "d", "e", "f"].map(ok))).toEqual({ roundTrips: 2, outcomes: Array(6).fill("grouped") });
    // A refused plan fails alone without breaking the batch.
    expect(await measured([ok("a"), { key: "b", refused: true, poison: false }, ok("c")])).toEqual({ roundTrips: 2, outcomes: ["grouped", "failed", "grouped"] });
    // The same key twice: the second after the group, on its own.
    expect(await measured([ok("a"), ok("a")])).toEqual({ roundTrips: 4, outcomes: ["grouped", "alone"] });
    // A write that fails breaks the batch: each item again on its own (a read and a write each).
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await measured([ok("a"), { key: "b", refused: false, poison: true }, ok("c")])).toEqual({ roundTrips: 2 + 3 * 2, outcomes: ["alone", "failed", "alone"] });
    vi.restoreAllMocks();
  });

  it("reads what items share once per shared key, in the same batch, and gives each item's plan its key's read", { timeout: 60_000 }, async () => {
    await env.DB.prepare("delete from grouped_write_rows").run();
    await env.DB.prepare("insert into grouped_write_rows (k, v) values ('ws1', 1), ('ws1', 1), ('ws2', 1)").run();
    const usage = newUsage();
    const db = openDb(recordingD1(env.DB, usage));
    const seen: Record<string, number> = {};
    const list = ["a", "b", "c", "d"].map((key, i) => ({ key, workspace: i < 3 ? "ws1" : "ws2" }));
    await writeGrouped(db, list, 25, {
      key: (item) => item.key,
      reads: (item) => ({ before: countOf(db, item.key) }),
      shared: (item) => ({ key: item.workspace, reads: { shared: countOf(db, item.workspace) } }),
      plan: (item, read) => ((seen[item.key] = read.shared[0]!.n), { statements: [insertOf(db, { key: item.key, refused: false, poison: false })] }),
      statements: (p) => p.statements,
      done: async () => "grouped",
      alone: async () => "alone",
    });
    expect(seen).toEqual({ a: 2, b: 2, c: 2, d: 1 });
    expect(usage.roundTrips).toBe(2);
    // Four items' own reads and two shared ones, not four.
    expect(usage.sql.filter((s) => s.sql.includes("grouped_write_rows") && s.sql.startsWith("select")).length).toBe(6);
  });
});
