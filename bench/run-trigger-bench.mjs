// npm run bench (part): trigger evaluation CPU per ticket event (issue 15 "Measured"), pure (no
// Worker, no database). Bundles the rules engine with a realistic workspace of triggers
// (bench/lib/trigger-scenario.ts) and times `runTriggers` for one `ticket_created` event with 0, 10
// and 100 active triggers. The ratio the issue asks for (100 triggers next to none, goal ≤ 1.2×)
// is the engine's time added to a ticket create's own JavaScript CPU (`--base-ms`, from the JS
// profile bench: run-js-profile.mjs's "create ticket", 19.12 ms on a quiet machine, docs/benchmarks.md), since with no triggers the engine does
// nothing at all (the write skips it).
//
//   node bench/run-trigger-bench.mjs [--events 2000] [--base-ms 19.1] [--json dist/bench-triggers.json]
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

const { values: opts } = parseArgs({ options: { events: { type: "string", default: "2000" }, "base-ms": { type: "string", default: "19.1" }, json: { type: "string", default: "dist/bench-triggers.json" } } });
const EVENTS = Number(opts.events);
const BASE_MS = Number(opts["base-ms"]);

const out = resolve("dist/bench-triggers/scenario.mjs");
await build({ entryPoints: ["bench/lib/trigger-scenario.ts"], bundle: true, format: "esm", platform: "neutral", outfile: out, logLevel: "warning" });
const { triggersOf, runEvent } = await import(pathToFileURL(out).href);

// A Monday 20:00 in Shanghai: outside business hours, so the calendar conditions are evaluated for real.
const start = Date.parse("2026-12-07T12:00:00Z");
function measure(count) {
  const triggers = triggersOf(count);
  for (let i = 0; i < 200; i++) runEvent(triggers, new Date(start + i * 1000)); // warm-up (JIT)
  let fired = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) fired += runEvent(triggers, new Date(start + i * 1000));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { triggers: count, events: EVENTS, cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / EVENTS, wallMsPerEvent: wall / EVENTS, firedPerEvent: fired / EVENTS };
}

const rows = [0, 10, 100].map(measure);
for (const r of rows) console.log(`${String(r.triggers).padStart(3)} triggers: ${(r.cpuMsPerEvent * 1000).toFixed(1).padStart(7)} µs CPU per event (${(r.wallMsPerEvent * 1000).toFixed(1)} µs wall), ${r.firedPerEvent.toFixed(1)} fired`);
const added = rows[2].cpuMsPerEvent - rows[0].cpuMsPerEvent;
const ratio = (BASE_MS + added) / BASE_MS;
console.log(`100 triggers add ${(added * 1000).toFixed(0)} µs to a ticket create's ${BASE_MS} ms of JavaScript: ${ratio.toFixed(3)}× (goal ≤ 1.2×)`);
mkdirSync(dirname(resolve(opts.json)), { recursive: true });
writeFileSync(resolve(opts.json), JSON.stringify({ rows, baseMs: BASE_MS, addedMs: added, ratio }, null, 2));
