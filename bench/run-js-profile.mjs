// npm run bench (fourth part): where the Worker's own JavaScript spends its CPU, per request,
// without the database. Runs the real Worker (bundled once, bench/lib/bench-worker.mjs) in
// `wrangler dev` with the V8 inspector on, signs up one workspace, makes some tickets, and for each
// scenario takes a CPU profile (Chrome DevTools Protocol, Profiler domain) of the Worker's isolate
// over a number of sequential requests. Local D1 runs in another isolate (miniflare's D1 Durable
// Object), so the profile holds only Kefu's JavaScript and what it calls natively (crypto, text
// codecs, the garbage collector) — the "JS CPU per request without the database's own time" of
// issue 11. Reports ms per request (sampled time outside "(idle)"), and where it goes, by module of
// the bundle (esbuild marks each module's start with a `// path` comment).
//
// While the isolate awaits I/O (a D1 round trip, the next request) the sampler records nothing, and
// the whole wait lands in the time delta of the first sample after it; such a gap (a delta over
// GAP_US) counts as one typical sample interval, not as JavaScript. The floor Worker's
// `/read?trips=3` (three D1 reads one after another, next to no JavaScript) is profiled the same
// way in the same run: what the estimate reads for a Worker that only waits.
//
//   node bench/run-js-profile.mjs [--requests 100] [--warmup 10] [--only 'get ticket'] [--tickets 300] [--json dist/bench-js-profile.json] [--keep]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { mailOf } from "./lib/bench-mail.mjs";
import { analyse, moduleLines, profiler, SAMPLING_US } from "./lib/v8-profile.mjs";
import { benchConfig, bundleWorker } from "./lib/bench-worker.mjs";
import { freePort, ROOT, startDev, stopDev, wrangler } from "./lib/wrangler.mjs";
import { workerdCpuMs } from "./lib/workerd-cpu.mjs";

const { values: opts } = parseArgs({
  options: {
    requests: { type: "string", default: "100" },
    tickets: { type: "string", default: "300" },
    warmup: { type: "string", default: "10" },
    only: { type: "string" },
    json: { type: "string", default: "dist/bench-js-profile.json" },
    keep: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(opts.requests);
const TICKETS = Number(opts.tickets);
const WARMUP = Number(opts.warmup);
const JWT_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const PASSWORD = "bench password 123";
const STAMP = Date.now();
const T0 = performance.now();
const log = (line) => console.log(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// ---------------------------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), "kefu-js-profile-"));
const results = { startedAt: new Date().toISOString(), options: { requests: REQUESTS, tickets: TICKETS, samplingUs: SAMPLING_US }, rows: [] };
let kefu = null;
let floor = null;
try {
  results.commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const bundle = bundleWorker(work, log);
  results.bundled = bundle.bundled;
  const bundleText = readFileSync(join(work, "bundle", "main.js"), "utf8");
  const owner = moduleLines(bundleText);
  const config = benchConfig(work, bundle.source, JWT_SECRET);
  const state = join(work, "state");
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", config], "applying migrations");
  const port = await freePort();
  const inspectorPort = await freePort();
  kefu = await startDev({ name: "kefu", args: ["-c", config, "--persist-to", state, "--inspector-port", String(inspectorPort)], port });
  const base = `http://127.0.0.1:${port}`;
  const api = `${base}/api/v1`;

  const signup = await fetch(`${api}/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.1" },
    body: JSON.stringify({ tenantName: "Profile", slug: "profile-00", name: "Owner", email: "owner@bench00.example", password: PASSWORD }),
  });
  const workspace = await signup.json();
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(workspace)}`);
  const token = workspace.token;
  const auth = { authorization: `Bearer ${token}` };
  const json = { ...auth, "content-type": "application/json" };
  const ids = [];
  for (let i = 0; i < TICKETS; i++) {
    const res = await fetch(`${api}/tickets`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ subject: `Order question ${i}`, description: i % 10 === 7 ? "The kettle arrived with a crack in the lid." : i % 10 === 3 ? "我想申请退款，茶叶的包装破了。" : "When will it be delivered? Thanks.", requester: { email: `customer${i % 50}@bench00.example`, name: `Customer ${i % 50}` }, tags: i % 2 ? ["billing"] : [] }),
    });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(body)}`);
    ids.push(body.id ?? body.ticket?.id);
  }
  log(`signed up and created ${TICKETS} tickets`);

  const pick = () => ids[Math.floor(Math.random() * ids.length)];
  const expect = async (res, status, what) => {
    const text = await res.text();
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  };
  let mailNumber = 0;
  const mail = (kind) => async () =>
    expect(await fetch(`${base}/cdn-cgi/handler/email?from=customer%40bench00.example&to=${encodeURIComponent(workspace.workspace.supportAddress)}`, { method: "POST", headers: { "content-type": "message/rfc822" }, body: mailOf(kind, mailNumber++, workspace.workspace.supportAddress, STAMP) }), 200, kind);
  const scenarios = [
    { name: "get ticket", request: async () => expect(await fetch(`${api}/tickets/${pick()}`, { headers: auth }), 200, "get") },
    { name: "list open, page 1 (25)", request: async () => expect(await fetch(`${api}/tickets?status=new&limit=25`, { headers: auth }), 200, "list") },
    { name: "search 'kettle'", request: async () => expect(await fetch(`${api}/tickets?q=kettle&limit=25`, { headers: auth }), 200, "search") },
    { name: "search '退款'", request: async () => expect(await fetch(`${api}/tickets?q=${encodeURIComponent("退款")}&limit=25`, { headers: auth }), 200, "search") },
    {
      name: "create ticket",
      request: async (i) =>
        expect(await fetch(`${api}/tickets`, { method: "POST", headers: json, body: JSON.stringify({ subject: `Profiled ticket ${i}`, description: "The tea arrived but the box was open. Can you send a new one?", requester: { email: "customer1@bench00.example", name: "Customer 1" }, tags: ["bench"] }) }), 201, "create"),
    },
    { name: "PATCH priority", request: async (i) => expect(await fetch(`${api}/tickets/${pick()}`, { method: "PATCH", headers: json, body: JSON.stringify({ priority: i % 2 ? "high" : "normal" }) }), 200, "patch") },
    { name: "public reply", request: async () => expect(await fetch(`${api}/tickets/${pick()}/messages`, { method: "POST", headers: json, body: JSON.stringify({ kind: "reply", body: "Thanks for your patience, a new box is on its way." }) }), 201, "reply") },
    { name: "email 2 KB", request: mail("text-2KB") },
    { name: "email 100 KB", request: mail("pdf-100KB") },
  ];

  /** Profiles `scenario` in the isolate behind `cdp` (workerd under `pid`): one row of the report. */
  const profiled = async (cdp, pid, scenario, bundleOwner) => {
    for (let i = 0; i < WARMUP; i++) await scenario.request(i);
    const cpu0 = workerdCpuMs(pid);
    await cdp.start();
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) await scenario.request(WARMUP + i);
    const wallMs = performance.now() - t0;
    const profile = await cdp.stop();
    const workerdMs = workerdCpuMs(pid) - cpu0;
    const a = analyse(profile, bundleOwner, "main.js");
    if (opts.keep) writeFileSync(join(work, `${scenario.name.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`), JSON.stringify(profile));
    const row = {
      name: scenario.name,
      jsMsPerRequest: a.busyUs / 1000 / REQUESTS,
      gapMsPerRequest: a.gapUs / 1000 / REQUESTS,
      workerdCpuMsPerRequest: workerdMs / REQUESTS,
      wallMsPerRequest: wallMs / REQUESTS,
      groups: a.groups.map(([group, us]) => ({ group, msPerRequest: us / 1000 / REQUESTS })),
      functions: a.functions.map(([fn, us]) => ({ fn, msPerRequest: us / 1000 / REQUESTS })),
    };
    log(`${scenario.name}: JS ${row.jsMsPerRequest.toFixed(2)} ms/request, unsampled waits ${row.gapMsPerRequest.toFixed(2)} ms (workerd, all isolates, profiler on: ${row.workerdCpuMsPerRequest.toFixed(2)} ms)`);
    return row;
  };

  const cdp = await profiler(inspectorPort);
  for (const scenario of scenarios.filter((s) => !opts.only || s.name.includes(opts.only))) results.rows.push(await profiled(cdp, kefu.child.pid, scenario, owner));
  cdp.close();
  await stopDev(kefu);
  kefu = null;

  // The floor: a Worker that awaits three D1 reads one after another and does next to nothing else.
  const floorConfig = join(ROOT, "bench", "floor", "wrangler.toml");
  const floorState = join(work, "floor-state");
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", floorState, "-c", floorConfig], "applying the floor's migration");
  const floorPort = await freePort();
  const floorInspectorPort = await freePort();
  floor = await startDev({ name: "floor", args: ["-c", floorConfig, "--persist-to", floorState, "--inspector-port", String(floorInspectorPort)], port: floorPort });
  const floorCdp = await profiler(floorInspectorPort);
  const floorRead = { name: "floor: 3 D1 reads in sequence", request: async () => expect(await fetch(`http://127.0.0.1:${floorPort}/read?id=1&trips=3`), 200, "floor read") };
  results.floor = await profiled(floorCdp, floor.child.pid, floorRead, []);
  floorCdp.close();

  const f = (n) => n.toFixed(2);
  console.log(`\n## JS CPU per request without the database (commit ${results.commit}; bundled: ${results.bundled}; ${REQUESTS} requests per scenario, sampled every ${SAMPLING_US} µs)\n`);
  console.log("| scenario | JS ms/request | ≤ 10 ms? | unsampled waits, ms/request | where it goes (ms/request) |");
  console.log("|---|---|---|---|---|");
  for (const r of results.rows) console.log(`| ${r.name} | ${f(r.jsMsPerRequest)} | ${r.jsMsPerRequest <= 10 ? "yes" : "no"} | ${f(r.gapMsPerRequest)} | ${r.groups.slice(0, 6).map((g) => `${g.group} ${f(g.msPerRequest)}`).join(", ")} |`);
  console.log(`| ${results.floor.name} | ${f(results.floor.jsMsPerRequest)} | | ${f(results.floor.gapMsPerRequest)} | |`);
  console.log("\nHottest functions per scenario (self time, ms/request):");
  for (const r of results.rows) console.log(`- ${r.name}: ${r.functions.slice(0, 6).map((x) => `${x.fn} ${f(x.msPerRequest)}`).join("; ")}`);
  mkdirSync(dirname(resolve(opts.json)), { recursive: true });
  writeFileSync(resolve(opts.json), JSON.stringify(results, null, 1));
  console.log(`\nWrote ${resolve(opts.json)}`);
} finally {
  await stopDev(kefu);
  await stopDev(floor);
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
