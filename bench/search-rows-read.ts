// Rows read (D1's `rows_read`) by the ticket searches of the API bench's data set, through the
// real list code (`listTickets`) on the local D1 that `node bench/run-api-bench.mjs --keep` left:
//
//   npx tsx bench/search-rows-read.ts <kept bench directory> [word …]
//
// The big workspace (100,000 tickets) is searched for each word (default: kettle and 退款, each in
// 1% of its tickets, "99999" in one ticket, a word in none, and "order", in every
// ticket), first page of 25 and the next; every statement the list sends is run again with its
// parameters to read its `rows_read` (drizzle reads through raw(), whose result has no meta).
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { openDb } from "../workers/core/db";
import { listTickets } from "../workers/core/tickets/ticket-store";

const [dir, ...asked] = process.argv.slice(2);
if (!dir) throw new Error("usage: npx tsx bench/search-rows-read.ts <kept bench directory> [word …]");
const words = asked.length ? asked : ["kettle", "退款", "99999", "zanzibar", "order"];
const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: join(dir, "wrangler.toml"), persist: { path: join(dir, "state", "v3") } });
try {
  const d1 = proxy.env.DB;
  const tenant = await d1.prepare("select tenant_id as id from tickets where id = 'tkt_bench00_000000'").first<{ id: string }>();
  if (!tenant) throw new Error(`no bench data in ${dir}`);
  const search = async (q: string, cursor?: string) => {
    const sent: { sql: string; params: unknown[] }[] = [];
    // The platform proxy's statements cannot be wrapped in place (test/helpers/d1-recorder.ts does): record at bind().
    const recording = new Proxy(d1, {
      get: (target, property) =>
        property === "prepare"
          ? (sql: string) => {
              const statement = target.prepare(sql);
              sent.push({ sql, params: [] });
              return new Proxy(statement, {
                get: (s, name) =>
                  name === "bind"
                    ? (...params: unknown[]) => {
                        sent[sent.length - 1]!.params = params;
                        return s.bind(...params);
                      }
                    : Reflect.get(s, name, s),
              });
            }
          : Reflect.get(target, property, target),
    });
    const started = performance.now();
    const page = await listTickets({ db: openDb(recording), tenantId: tenant.id }, { q, sort: "updated_at", order: "desc", limit: 25, cursor });
    const ms = performance.now() - started;
    if (process.env.SHOW_SQL) console.log(JSON.stringify(sent));
    let rows = 0;
    for (const { sql, params } of sent) rows += (await d1.prepare(sql).bind(...params).all()).meta.rows_read;
    return { page, rows, ms };
  };
  console.log("| word | matches on page 1 | rows read, page 1 | rows read, page 2 | ms, page 1 |");
  console.log("|---|---|---|---|---|");
  for (const word of words) {
    await search(word); // warm
    const first = await search(word);
    const second = first.page.nextCursor ? await search(word, first.page.nextCursor) : null;
    console.log(`| ${word} | ${first.page.items.length} | ${first.rows.toLocaleString("en-US")} | ${second ? second.rows.toLocaleString("en-US") : "–"} | ${first.ms.toFixed(1)} |`);
  }
} finally {
  await proxy.dispose();
}
