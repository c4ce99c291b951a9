import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

// The workers files share one runtime (vitest.config.ts); test/setup/fresh-storage.ts empties the
// storage before each. This file writes nothing before it looks, so whatever it finds was left by
// the files that ran before it in the same runtime.
describe("each test file starts on fresh storage", () => {
  it("DB holds the migrated schema and not one row; MIGRATION_DB holds nothing; the bucket is empty", async () => {
    const all = await env.DB.prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name <> 'd1_migrations'").all<{ name: string; sql: string }>();
    // An FTS table's own rows are counted; its shadow tables (<name>_data, …) hold FTS bookkeeping even when empty.
    const fts = all.results.filter((t) => /^create virtual table/i.test(t.sql)).map((t) => t.name);
    const tables = all.results.filter((t) => !fts.some((v) => t.name.startsWith(`${v}_`)));
    expect(tables.length).toBeGreaterThan(20);
    const counts = await env.DB.batch<{ n: number }>(tables.map(({ name }) => env.DB.prepare(`select count(*) as n from "${name}"`)));
    const withRows = tables.filter((_, i) => counts[i]!.results[0]!.n > 0).map((t) => t.name);
    expect(withRows).toEqual([]);
    const applied = await env.DB.prepare("select name from d1_migrations order by id").all<{ name: string }>();
    expect(applied.results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    const other = await env.MIGRATION_DB.prepare("select name from sqlite_master where name not like 'sqlite_%' and name not like '_cf_%'").all();
    expect(other.results).toEqual([]);
    expect((await env.BLOBS.list()).objects).toEqual([]);
  });
});
