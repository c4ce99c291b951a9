// npm run bench (second part): one cron tick over a large data set. Seeds a fresh local D1 through
// the bench Worker (bench/cron/worker.ts), then runs the REAL scheduled handler of workers/main.ts
// tick after tick, one simulated minute apart, and reports per tick: time, D1 statements, rows
// read and written (from D1's own metadata), workerd CPU, and what the tick did; plus
// EXPLAIN QUERY PLAN of every distinct statement of the first tick.
//
//   node bench/run-cron-bench.mjs [--tenants 1000] [--tickets 1000000] [--due-percent 1]
//                                 [--ticks 3] [--drain [--max-ticks 400]] [--no-tags] [--chunk 50] [--json out.json]
//                                 [--automations 20] [--profile]
//
// --automations N seeds N automations per tenant (issue 15's "1,000 workspaces × 20 automations";
// default 0) and prints the EXPLAIN QUERY PLAN of every statement of tick 1 that reads or writes
// automations or their firings, besides the tick's rows read.
//
// --profile takes a V8 CPU profile of the Worker's isolate during each tick (bench/lib/v8-profile.mjs)
// and prints, per tick, the JavaScript's sampled time and where it goes, by module and function: how
// much of the tick is our JavaScript, and how much the database's (local D1 runs in another isolate).
// The bench Worker's own counting of statements is in the profile (bench/cron/worker.ts), and in tick
// 1 so are its EXPLAINs of every distinct statement.
//
// --drain keeps ticking until the tick is caught up (no step fills its batch), to see how many
// ticks the initial backlog takes and what a steady-state tick costs. --no-tags seeds no ticket
// tags (by default tickets carry 1.03 tags on average).
//
// The Worker is bundled once at the start (wrangler deploy --dry-run) and the migrations are
// copied, so edits made to the working tree while the bench runs do not reload it midway.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, freePort, startDev as startWranglerDev, stopDev, wrangler } from "./lib/wrangler.mjs";
import { analyse, moduleLines, profiler } from "./lib/v8-profile.mjs";
import { workerdCpuMs } from "./lib/workerd-cpu.mjs";

const { values: opts } = parseArgs({
  options: {
    tenants: { type: "string", default: "1000" },
    tickets: { type: "string", default: "1000000" },
    "due-percent": { type: "string", default: "1" },
    ticks: { type: "string", default: "3" },
    drain: { type: "boolean", default: false },
    "max-ticks": { type: "string", default: "400" },
    chunk: { type: "string", default: "50" },
    json: { type: "string" },
    "no-tags": { type: "boolean", default: false },
    automations: { type: "string", default: "0" },
    profile: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const TENANTS = Number(opts.tenants);
const PER_TENANT = Math.max(1, Math.round(Number(opts.tickets) / TENANTS));
const DUE_PER_MILLE = Math.round(Number(opts["due-percent"]) * 10);
const TICKS = Number(opts.ticks);
const MAX_TICKS = Number(opts["max-ticks"]);
const CHUNK = Number(opts.chunk);
const BATCH = 100; // runSlaTick's batch per step and per run (sla-cron.ts)
const OUTBOX_BATCH = 50; // deliverDue's batch (outbox.ts)
// The simulated "now" of the first tick; every later tick is one minute later, as the cron runs.
const NOW = Date.parse("2026-11-22T12:00:00Z");


function startDev(config, state, port, inspectorPort) {
  const inspector = inspectorPort ? ["--inspector-port", String(inspectorPort)] : [];
  return startWranglerDev({ args: ["-c", config, "--persist-to", state, ...inspector], port, readyBelow: 300 });
}

async function call(base, method, path) {
  const res = await fetch(`${base}${path}`, { method });
  const body = await res.json();
  if (!res.ok || body.error) throw new Error(`${method} ${path}: ${res.status} ${body.error ?? JSON.stringify(body).slice(0, 500)}`);
  return body;
}

const fmt = (n) => (typeof n === "number" ? n.toLocaleString("en-US", { maximumFractionDigits: 1 }) : String(n ?? ""));

/** Splits `text` at `sep` where it is outside parentheses. */
function splitTop(text, sep) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  return [...parts, text.slice(start)];
}

/** A select's column list folded to "…", keeping computed columns (subqueries). */
function foldColumns(sql) {
  const m = /^select (distinct )?/.exec(sql);
  if (!m) return sql;
  const [columns, ...rest] = splitTop(sql.slice(m[0].length), " from ");
  if (!rest.length || columns.length < 80) return sql;
  const kept = splitTop(columns, ", ").filter((c) => c.includes("("));
  return `${m[0]}${["…", ...kept].join(", ")} from ${rest.join(" from ")}`;
}

/** Drizzle's SQL with long column lists folded, for tables. */
function shortSql(sql) {
  return foldColumns(sql)
    .replace(/^insert into ("\w+") \(.*?\) values .*?(( on conflict.*?)?( returning.*)?)$/, (_, t, tail) => `insert into ${t} (…) values (…)${tail.replace(/ returning .*/, " returning …")}`)
    .replace(/^update ("\w+") set (.{60,}?) where /, (_, t) => `update ${t} set … where `)
    .replace(/ returning .*$/, " returning …")
    .replaceAll('"', "");
}

/** Statements not keyed by a tenant or a row id: the tick's scans across tenants. */
const crossTenant = (sql) => /^(select|update|delete)/.test(sql) && !/"tenant_id" = \?|"id" = \?/.test(sql);

function printStatements(title, tick, top, withPlans) {
  console.log(`\n${title}\n`);
  console.log("| statement | calls | rows read | rows written |");
  console.log("|---|---|---|---|");
  for (const s of tick.statements.slice(0, top)) console.log(`| \`${shortSql(s.sql).slice(0, 240)}\` | ${fmt(s.calls)} | ${fmt(s.rowsRead)} | ${fmt(s.rowsWritten)} |`);
  if (!withPlans) return;
  console.log("\nEXPLAIN QUERY PLAN of the statements that look across tenants (no tenant/id key):\n");
  for (const s of tick.statements.filter((s) => crossTenant(s.sql))) {
    console.log(`${shortSql(s.sql)}\n  -- ${fmt(s.calls)} call(s), ${fmt(s.rowsRead)} rows read`);
    for (const line of s.plan ?? []) console.log(`  ${line}`);
    console.log("");
  }
  const isScan = (line) => /^\s*SCAN (?!\d+-ROW VALUES)(?!\(subquery)/.test(line);
  const scans = tick.statements.filter((s) => (s.plan ?? []).some(isScan));
  console.log(`Statements whose plan SCANs a whole table or index (all statements of the tick): ${scans.length ? "" : "none"}`);
  for (const s of scans)
    console.log(`  - ${shortSql(s.sql).slice(0, 160)}\n      [${(s.plan ?? []).filter(isScan).map((l) => l.trim()).join("; ")}] ${fmt(s.calls)} call(s), ${fmt(s.rowsRead)} rows read`);
}

const work = mkdtempSync(join(tmpdir(), "kefu-cron-bench-"));
let dev = null;
const results = { startedAt: new Date().toISOString(), tenants: TENANTS, ticketsPerTenant: PER_TENANT, duePerMille: DUE_PER_MILLE, tags: !opts["no-tags"], now: new Date(NOW).toISOString(), ticks: [] };
try {
  // A snapshot of the Worker and the migrations as they are now.
  results.commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  results.dirty = spawnSync("git", ["status", "--porcelain", "--", "workers", "schema"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
  cpSync(join(ROOT, "schema", "migrations"), join(work, "migrations"), { recursive: true });
  wrangler(["deploy", "--dry-run", "--outdir", join(work, "bundle"), "-c", join(ROOT, "bench", "cron", "wrangler.toml")], "bundling the bench Worker");
  const toml = readFileSync(join(ROOT, "bench", "cron", "wrangler.toml"), "utf8")
    .replace(/^main = .*$/m, 'main = "bundle/worker.js"\nno_bundle = true')
    .replace(/^migrations_dir = .*$/m, 'migrations_dir = "migrations"');
  const config = join(work, "wrangler.toml");
  writeFileSync(config, toml);
  const state = join(work, "state");
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", config], "applying migrations");

  const port = await freePort();
  const inspectorPort = opts.profile ? await freePort() : undefined;
  dev = await startDev(config, state, port, inspectorPort);
  const base = `http://127.0.0.1:${port}`;

  console.log(`Seeding ${fmt(TENANTS)} tenants × ${fmt(PER_TENANT)} tickets (${DUE_PER_MILLE / 10}% with a breach due) in chunks of ${CHUNK} tenants…`);
  const seedStarted = performance.now();
  const seedSteps = {};
  for (let from = 0; from < TENANTS; from += CHUNK) {
    const to = Math.min(TENANTS, from + CHUNK);
    const t0 = performance.now();
    const chunk = await call(base, "POST", `/seed?from=${from}&to=${to}&perTenant=${PER_TENANT}&now=${NOW}&duePerMille=${DUE_PER_MILLE}${opts["no-tags"] ? "&tags=0" : ""}&automations=${Number(opts.automations)}`);
    for (const step of chunk.steps) seedSteps[step.name] = (seedSteps[step.name] ?? 0) + step.ms;
    process.stdout.write(`  tenants ${from}–${to - 1}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  results.seedSeconds = (performance.now() - seedStarted) / 1000;
  results.seedStepSeconds = Object.fromEntries(Object.entries(seedSteps).map(([k, v]) => [k, v / 1000]));
  results.mix = mixOf(DUE_PER_MILLE);
  const statsStarted = performance.now();
  results.dataset = await call(base, "GET", `/stats?now=${NOW}`);
  console.log(`Seeded in ${results.seedSeconds.toFixed(1)} s (counting took ${((performance.now() - statsStarted) / 1000).toFixed(1)} s)`);
  console.log(JSON.stringify(results.dataset));

  const limit = opts.drain ? MAX_TICKS : TICKS;
  const cdp = inspectorPort ? await profiler(inspectorPort) : undefined;
  const owner = cdp ? moduleLines(readFileSync(join(work, "bundle", "worker.js"), "utf8")) : [];
  for (let i = 0; i < limit; i++) {
    const at = NOW + i * 60_000;
    const cpu0 = workerdCpuMs(dev.child.pid);
    await cdp?.start();
    const t0 = performance.now();
    const tick = await call(base, "POST", `/tick?at=${at}&explain=${i === 0 ? 1 : 0}`);
    tick.clientMs = performance.now() - t0;
    if (cdp) tick.profile = profileOf(analyse(await cdp.stop(), owner, "worker.js"));
    tick.cpuMs = workerdCpuMs(dev.child.pid) - cpu0;
    tick.n = i + 1;
    if (tick.error) throw new Error(`tick ${i + 1} failed: ${tick.error}`);
    // Statements are kept for the first and the last tick; the others keep their top 3.
    const previous = results.ticks.at(-1);
    if (previous && previous.n > 1) previous.statements = previous.statements.slice(0, 3);
    results.ticks.push(tick);
    const s = tick.summary ?? {};
    console.log(
      `tick ${i + 1}: ${tick.clientMs.toFixed(0)} ms, CPU ${tick.cpuMs} ms, ${fmt(tick.queries)} statements, ${fmt(tick.rowsRead)} rows read, ${fmt(tick.rowsWritten)} written; ` +
        `breaches ${s.breaches}, warnings ${s.warnings}, escalations ${s.escalations}, auto-closed ${s.autoClosed}, outbound ${s.outboundAttempted}`,
    );
    const saturated = ["breaches", "warnings", "autoClosed", "recomputed"].some((k) => (s[k] ?? 0) >= BATCH) || (s.outboundAttempted ?? 0) >= OUTBOX_BATCH;
    if (opts.drain && i > 0 && !saturated) {
      results.caughtUpAfter = i + 1;
      break;
    }
  }
  if (opts.drain && !results.caughtUpAfter) results.caughtUpAfter = null;
  cdp?.close();
  results.stateBytes = (await call(base, "GET", `/stats?now=${NOW + results.ticks.length * 60_000}`)).databaseBytes;

  // The report.
  const d = results.dataset.rows;
  console.log(`\n## Cron tick over ${fmt(d.tenants)} tenants and ${fmt(d.tickets)} tickets (commit ${results.commit}${results.dirty.length ? ", uncommitted changes in workers/ or schema/" : ""})\n`);
  console.log("| table | rows |\n|---|---|");
  for (const [table, n] of Object.entries(d)) console.log(`| ${table} | ${fmt(n)} |`);
  console.log(`\nDatabase ${(results.dataset.databaseBytes / 2 ** 20).toFixed(0)} MiB; running clocks ${fmt(results.dataset.running.running)}, of which past due ${fmt(results.dataset.running.due)} and in their warning window ${fmt(results.dataset.running.warn)}. Seeding took ${results.seedSeconds.toFixed(1)} s.`);
  console.log("\n| tick | wall ms | in-Worker ms | workerd CPU ms | statements | round trips | rows read | rows written | breaches | warnings | escalations | auto-closed | outbound sent | other work |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  const shown = results.ticks.filter((t, i, all) => i < 5 || i === all.length - 1 || t.n % 10 === 0);
  for (const t of shown) {
    const s = t.summary ?? {};
    console.log(
      `| ${t.n} | ${fmt(t.clientMs)} | ${fmt(t.ms)} | ${fmt(t.cpuMs)} | ${fmt(t.queries)} | ${fmt(t.roundTrips)} | ${fmt(t.rowsRead)} | ${fmt(t.rowsWritten)} | ${fmt(s.breaches)} | ${fmt(s.warnings)} | ${fmt(s.escalations)} | ${fmt(s.autoClosed)} | ${fmt(s.outboundAttempted)} | ${otherWork(s)} |`,
    );
  }
  if (opts.drain)
    console.log(
      results.caughtUpAfter
        ? `\nCaught up after ${results.caughtUpAfter} ticks (the first tick in which no step filled its batch of ${BATCH}).`
        : `\nNot caught up after ${MAX_TICKS} ticks.`,
    );
  if (cdp) printProfiles(results.ticks);
  const first = results.ticks[0];
  printStatements("Statements of tick 1, by rows read (top 15):", first, 15, true);
  if (Number(opts.automations) > 0) printAutomationPlans(first);
  const last = results.ticks.at(-1);
  if (last !== first && last.statements) printStatements(`Statements of tick ${last.n} (the last), by rows read (top 8):`, last, 8, false);
  if (opts.json) writeFileSync(resolve(opts.json), JSON.stringify(results, null, 1));
} finally {
  await stopDev(dev);
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

/** Every statement of the tick about automations (their scan, the candidate scans, the claims and counts), with its plan. */
function printAutomationPlans(tick) {
  console.log("\nEXPLAIN QUERY PLAN of every statement of tick 1 that touches automations:\n");
  for (const s of tick.statements.filter((s) => /automation/.test(s.sql))) {
    console.log(`${shortSql(s.sql).slice(0, 400)}\n  -- ${fmt(s.calls)} call(s), ${fmt(s.rowsRead)} rows read, ${fmt(s.rowsWritten)} written`);
    for (const line of s.plan ?? []) console.log(`  ${line}`);
    console.log("");
  }
}

/** A profile's reading in ms: the JavaScript's sampled time, and where it went. */
function profileOf({ busyUs, gapUs, groups, functions }) {
  const ms = (list) => list.map(([name, us]) => ({ name, ms: us / 1000 }));
  return { jsMs: busyUs / 1000, gapMs: gapUs / 1000, groups: ms(groups), functions: ms(functions) };
}

function printProfiles(ticks) {
  console.log("\n| tick | in-Worker ms | JS ms (sampled) | unsampled waits ms | where the JS goes (ms) |\n|---|---|---|---|---|");
  const f = (n) => n.toFixed(0);
  for (const t of ticks.filter((t) => t.profile))
    console.log(`| ${t.n} | ${fmt(t.ms)} | ${f(t.profile.jsMs)} | ${f(t.profile.gapMs)} | ${t.profile.groups.slice(0, 8).map((g) => `${g.name} ${f(g.ms)}`).join(", ")} |`);
  console.log("\nHottest functions per tick (self time, ms):");
  for (const t of ticks.filter((t) => t.profile)) console.log(`- tick ${t.n}: ${t.profile.functions.slice(0, 10).map((x) => `${x.name} ${f(x.ms)}`).join("; ")}`);
}

/** What else the tick reported (steps added after this bench was written), non-zero only. */
function otherWork(summary) {
  const known = new Set(["event", "cron", "breaches", "warnings", "escalations", "autoClosed", "outboundAttempted"]);
  const flat = Object.entries(summary).flatMap(([k, v]) => (v && typeof v === "object" ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2]) : [[k, v]]));
  return flat
    .filter(([k, v]) => !known.has(k) && typeof v === "number" && v !== 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function mixOf(duePerMille) {
  const half = duePerMille > 0 ? Math.max(1, Math.round(duePerMille / 2)) : 0;
  return { due: duePerMille, warn: half, autoclose: half, running: 50, pending: 20, solved: 30, closed: 1000 - duePerMille - 2 * half - 100 };
}
