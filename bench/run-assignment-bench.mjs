// npm run bench (last part): assignment fairness, pure (no Worker, no database) — issue 15's
// "20 available agents, 1,000 tickets arriving at random". Bundles the assignment core with the
// simulation the property tests use (bench/lib/assignment-simulation.ts), runs it for several
// seeds, and reports the round-robin spread (most minus fewest tickets received) and, for least
// open tickets, the most new and open tickets any agent held against the cap.
//
//   node bench/run-assignment-bench.mjs [--seeds 20] [--cap 5] [--json dist/bench-assignment.json]
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";

const { values: opts } = parseArgs({
  options: { seeds: { type: "string", default: "20" }, cap: { type: "string", default: "5" }, json: { type: "string", default: "dist/bench-assignment.json" } },
});
const AGENTS = 20;
const TICKETS = 1_000;
const SEEDS = Number(opts.seeds);
const CAP = Number(opts.cap);

const out = resolve("dist/bench-assignment/simulation.mjs");
await build({ entryPoints: ["bench/lib/assignment-simulation.ts"], bundle: true, format: "esm", platform: "neutral", outfile: out, logLevel: "warning" });
const { simulate, spread } = await import(pathToFileURL(out).href);

/** mulberry32: a small seeded generator, so a run can be repeated. */
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** 1,000 tickets at random moments (a tenth VIP, a tenth urgent), with as many solves by random agents interleaved. */
function events(rand) {
  const tickets = Array.from({ length: TICKETS }, (_, i) => ({
    id: `tkt_${String(i).padStart(4, "0")}`,
    vip: rand() < 0.1,
    priority: rand() < 0.1 ? "urgent" : "normal",
    createdAt: Math.floor(rand() * 86_400_000),
    tags: [],
    language: null,
  })).sort((a, b) => a.createdAt - b.createdAt);
  const list = [];
  let solves = TICKETS;
  for (const ticket of tickets) {
    list.push({ kind: "arrive", ticket });
    while (solves > 0 && rand() < 0.5) (list.push({ kind: "solve", agent: Math.floor(rand() * AGENTS) }), solves--);
  }
  return list;
}

const agents = Array.from({ length: AGENTS }, (_, i) => ({ userId: `usr_${String(i).padStart(2, "0")}`, available: true, openCount: 0, skillTags: [], skillLanguages: [] }));
const group = (method, cap) => ({ groupId: "grp_bench", method, cap, skills: "none", cursor: null, open: true });

const rows = [];
const started = performance.now();
for (let seed = 1; seed <= SEEDS; seed++) {
  const list = events(random(seed));
  const rr = simulate(group("round_robin", null), agents, list);
  const lo = simulate(group("least_open", CAP), agents, list);
  rows.push({ seed, roundRobinSpread: spread(rr.received), leastOpenMaxLoad: lo.maxOpen, leastOpenWaitingAtEnd: lo.waiting.length });
}
const ms = performance.now() - started;
const summary = {
  agents: AGENTS,
  tickets: TICKETS,
  seeds: SEEDS,
  cap: CAP,
  roundRobinMaxSpread: Math.max(...rows.map((r) => r.roundRobinSpread)),
  leastOpenMaxLoad: Math.max(...rows.map((r) => r.leastOpenMaxLoad)),
  msPerRun: Number((ms / (SEEDS * 2)).toFixed(2)),
};
console.log(`Assignment fairness: ${AGENTS} available agents, ${TICKETS} tickets arriving at random, ${SEEDS} seeds`);
console.log(`  round-robin: most minus fewest tickets received, worst seed = ${summary.roundRobinMaxSpread} (goal ≤ 1)`);
console.log(`  least open (cap ${CAP}): most new+open tickets any agent held, worst seed = ${summary.leastOpenMaxLoad} (goal ≤ ${CAP})`);
console.log(`  ${summary.msPerRun} ms per simulated run of ${TICKETS} tickets`);
mkdirSync(dirname(resolve(opts.json)), { recursive: true });
writeFileSync(opts.json, JSON.stringify({ summary, rows }, null, 2));
if (summary.roundRobinMaxSpread > 1 || summary.leastOpenMaxLoad > CAP) process.exitCode = 1;
