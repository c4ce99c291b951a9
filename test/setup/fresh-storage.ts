import { applyD1Migrations } from "cloudflare:test";
import * as internal from "cloudflare:test-internal";
import { env } from "cloudflare:workers";
import { afterAll, vi } from "vitest";

// Runs before every test file of the "workers" project. The files share one workerd runtime
// (vitest `isolate: false`: starting a fresh runtime and loading the Worker's modules cost about
// 5 s a file), so this gives each file what a fresh runtime gave it: empty storage with the
// migrations applied, and no spy left behind by the file before.
//
// The file before may have left work running past its responses (ctx.waitUntil: live updates,
// mail sent after a response). It is awaited when that file ends (the afterAll below), so it can
// neither write into the next file's database nor fail there. A rejection is logged, not thrown,
// as before, when the runtime was discarded with the file.
const { waitForGlobalWaitUntil } = internal as { waitForGlobalWaitUntil?: () => Promise<void> };
if (typeof waitForGlobalWaitUntil !== "function")
  throw new Error("@cloudflare/vitest-plugin no longer exports waitForGlobalWaitUntil from cloudflare:test-internal: test/setup/fresh-storage.ts needs another way to await the previous file's waitUntil work");

/** Every schema object of a D1 database, D1's own (_cf_*) and SQLite's excepted. */
const objects = (db: D1Database) =>
  db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' and name not like '_cf_%' and type in ('table', 'view', 'trigger')").all<{ type: string; name: string; sql: string | null }>();

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Drops everything in a database: triggers and views, then the FTS tables (their shadow tables go
 * with them), then the tables, every table before the tables it references (D1 always enforces
 * foreign keys, and dropping a table whose parent is gone fails).
 */
async function empty(db: D1Database) {
  const first = (await objects(db)).results.filter((o) => o.type !== "table" || /^create virtual table/i.test(o.sql ?? ""));
  if (first.length) await db.batch(first.map((o) => db.prepare(`drop ${o.type} if exists ${quote(o.name)}`)));
  const names = (await objects(db)).results.map((o) => o.name);
  if (names.length) {
    const links = await db.batch<{ parent: string }>(names.map((name) => db.prepare("select distinct \"table\" as parent from pragma_foreign_key_list(?)").bind(name)));
    const parents = new Map(names.map((name, i) => [name, new Set(links[i]!.results.map((r) => r.parent).filter((p) => p !== name))]));
    const order: string[] = [];
    while (parents.size) {
      const referenced = new Set([...parents.values()].flatMap((ps) => [...ps]));
      const leaves = [...parents.keys()].filter((name) => !referenced.has(name));
      if (!leaves.length) throw new Error(`test/setup/fresh-storage.ts: foreign keys in a cycle among ${[...parents.keys()].join(", ")}`);
      for (const name of leaves) parents.delete(name), order.push(name);
    }
    await db.batch(order.map((name) => db.prepare(`drop table if exists ${quote(name)}`)));
  }
  const left = (await objects(db)).results;
  if (left.length) throw new Error(`test/setup/fresh-storage.ts could not empty a database: ${left.map((o) => o.name).join(", ")} left`);
}

async function emptyBucket(bucket: R2Bucket) {
  for (let listed = await bucket.list(); listed.objects.length; listed = await bucket.list()) await bucket.delete(listed.objects.map((o) => o.key));
}

vi.restoreAllMocks();
// Not cloudflare:test's reset(): here it sometimes left part of the old schema in D1 (96 of 238
// objects after test/api/auth.test.ts), so the databases and the bucket are emptied directly. The Durable Objects (live workspaces) stay:
// each is named after a workspace id, and every file makes its own workspaces.
await Promise.all([empty(env.DB), empty(env.MIGRATION_DB), emptyBucket(env.BLOBS)]);
// The same SQL files `wrangler d1 migrations apply` runs in production.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

afterAll(async () => {
  await waitForGlobalWaitUntil().catch((error: unknown) => console.warn("background work (waitUntil) of this file failed:", error));
}, 120_000);
