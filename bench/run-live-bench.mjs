// npm run bench (fourth part): the live workspace. Runs the REAL Worker (bundled once, as the API
// bench does) in `wrangler dev` on a fresh local D1, signs up one workspace with 50 agents, opens
// one WebSocket per agent to GET /api/v1/live (Node's own WebSocket, bearer tokens), and measures:
//   - latency: a burst of ticket changes (PATCH, a few in flight) through the API; for every change
//     and every connected agent, the time from the change to that agent receiving the event, p50/p95/
//     max over all deliveries: from the write's own timestamp (the event's `at`, taken by the Worker
//     before its batch commits: an upper bound of commit → receipt, same machine's clock), from the
//     API's response (negative when the event arrives first), and from the request's start;
//   - CPU per event: workerd CPU (from /proc) over the burst with the 50 sockets open, minus the same
//     burst with none open, divided by the events: what the fan-out costs (the Durable Object's
//     share), besides the total per change;
//   - hibernation: workerd CPU over an idle period with the 50 sockets open, against the same period
//     with none open (no traffic, no pings).
// Prints a table; writes everything as JSON.
//
//   node bench/run-live-bench.mjs [--agents 50] [--changes 100] [--in-flight 4] [--idle-seconds 60]
//                                 [--json dist/bench-live.json] [--keep]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchConfig, bundleWorker } from "./lib/bench-worker.mjs";
import { freePort, startDev, stopDev, wrangler } from "./lib/wrangler.mjs";
import { cpuSince, workerdCpuByPid } from "./lib/workerd-cpu.mjs";

const { values: opts } = parseArgs({
  options: {
    agents: { type: "string", default: "50" },
    changes: { type: "string", default: "100" },
    "in-flight": { type: "string", default: "4" },
    "idle-seconds": { type: "string", default: "60" },
    json: { type: "string", default: "dist/bench-live.json" },
    keep: { type: "boolean", default: false },
  },
});
const AGENTS = Number(opts.agents);
const CHANGES = Number(opts.changes);
const IN_FLIGHT = Number(opts["in-flight"]);
const IDLE_MS = Number(opts["idle-seconds"]) * 1000;
const JWT_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const PASSWORD = "bench password 123";
const T0 = performance.now();
const log = (line) => console.log(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const fmt = (n, digits = 1) => (typeof n === "number" && Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uptime = () => spawnSync("uptime", { encoding: "utf8" }).stdout.trim() || `load average: ${loadavg().map((l) => l.toFixed(2)).join(", ")}`;

function quantile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? null };
};

const work = mkdtempSync(join(tmpdir(), "kefu-live-bench-"));
const results = { startedAt: new Date().toISOString(), options: { agents: AGENTS, changes: CHANGES, inFlight: IN_FLIGHT, idleSeconds: IDLE_MS / 1000 }, loadBefore: uptime() };
let kefu = null;
const sockets = [];
try {
  results.commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const bundle = bundleWorker(work, log);
  results.bundled = bundle.bundled;
  const config = benchConfig(work, bundle.source, JWT_SECRET);
  const state = join(work, "state");
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", config], "applying migrations");
  const port = await freePort();
  const api = `http://127.0.0.1:${port}/api/v1`;
  kefu = await startDev({ name: "kefu", args: ["-c", config, "--persist-to", state], port, readyPath: "/api/v1/openapi.json" });
  const sample = () => workerdCpuByPid(kefu.child.pid);
  const cpuSinceSample = (before) => cpuSince(kefu.child.pid, before);

  const request = async (method, path, token, body, ip) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}), "cf-connecting-ip": ip ?? "192.0.2.1" },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : null;
  };

  // 1. One workspace, its agents, and tickets to change (two per change: one for each burst).
  const owner = await request("POST", "/signup", undefined, { tenantName: "Live Bench", slug: "live-bench", name: "Owner", email: "owner@live-bench.example", password: PASSWORD });
  const agents = [];
  for (let i = 0; i < AGENTS; i++) {
    const invite = await request("POST", "/invitations", owner.token, { email: `agent${i}@live-bench.example`, role: "agent" });
    const accepted = await request("POST", "/auth/accept-invitation", undefined, { token: new URL(invite.acceptUrl).searchParams.get("token"), name: `Agent ${i}`, password: PASSWORD }, `198.51.100.${(i % 250) + 1}`);
    agents.push({ id: accepted.user.id, token: accepted.token });
  }
  const tickets = [];
  for (let i = 0; i < 2 * CHANGES; i++) tickets.push((await request("POST", "/tickets", owner.token, { subject: `Live bench ${i}`, description: "Hello", requester: { email: `c${i % 20}@live-bench.example` } })).id);
  log(`workspace with ${AGENTS} agents and ${tickets.length} tickets`);

  /** PATCHes each ticket once (priority high), IN_FLIGHT at a time; returns per ticket when it was sent and answered. */
  async function burst(ids) {
    const timings = new Map();
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const sent = performance.now();
        await request("PATCH", `/tickets/${id}`, owner.token, { priority: "high" });
        timings.set(id, { sent, answered: performance.now() });
      }
    };
    const cpuBefore = sample();
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return { timings, wallMs: performance.now() - started, cpuBefore };
  }

  // 2. The burst with nobody connected: the changes' own cost.
  const quiet = await burst(tickets.slice(CHANGES));
  await sleep(2000);
  const quietCpu = cpuSinceSample(quiet.cpuBefore);
  log(`burst of ${CHANGES} changes, no sockets: ${fmt(quiet.wallMs, 0)} ms, workerd CPU ${quietCpu} ms`);

  // 3. Idle with no sockets: the floor of workerd's own idle CPU.
  let idleCpu = sample();
  await sleep(IDLE_MS);
  const idleNone = cpuSinceSample(idleCpu);
  log(`idle ${IDLE_MS / 1000} s, no sockets: workerd CPU ${idleNone} ms`);

  // 4. The agents connect; every event each one receives is timed.
  const received = new Map(); // ticketId -> [{ at: performance.now(), wall: Date.now() - event.at } per agent]
  await Promise.all(
    agents.map(
      (agent, i) =>
        new Promise((ok, fail) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, { headers: { authorization: `Bearer ${agent.token}` } });
          ws.onopen = () => ok();
          ws.onerror = (e) => fail(new Error(`socket ${i}: ${e.message ?? "error"}`));
          ws.onmessage = (event) => {
            const at = performance.now();
            const wall = Date.now();
            const message = JSON.parse(event.data);
            if (message.type !== "events") return;
            for (const e of message.events) if (e.type === "ticket.updated") (received.get(e.ticketId) ?? received.set(e.ticketId, []).get(e.ticketId)).push({ at, sinceWrite: wall - e.at });
          };
          sockets.push(ws);
        }),
    ),
  );
  await sleep(2000);
  log(`${sockets.length} sockets open`);

  // 5. The burst with everyone connected.
  const live = await burst(tickets.slice(0, CHANGES));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && [...live.timings.keys()].some((id) => (received.get(id)?.length ?? 0) < AGENTS)) await sleep(100);
  const liveCpu = cpuSinceSample(live.cpuBefore);
  const fromResponse = [];
  const fromRequest = [];
  const fromWrite = [];
  let missing = 0;
  for (const [id, { sent, answered }] of live.timings) {
    const times = received.get(id) ?? [];
    missing += AGENTS - times.length;
    for (const { at, sinceWrite } of times) {
      fromResponse.push(at - answered);
      fromRequest.push(at - sent);
      fromWrite.push(sinceWrite);
    }
  }
  results.latency = { fromWriteMs: summary(fromWrite), fromResponseMs: summary(fromResponse), fromRequestMs: summary(fromRequest), deliveries: fromResponse.length, expected: CHANGES * AGENTS, missing };
  results.burst = { changes: CHANGES, inFlight: IN_FLIGHT, wallMsQuiet: quiet.wallMs, wallMsLive: live.wallMs, workerdCpuMsQuiet: quietCpu, workerdCpuMsLive: liveCpu };
  results.cpuPerEvent = { totalMsPerChange: liveCpu / CHANGES, fanOutMsPerEvent: (liveCpu - quietCpu) / CHANGES, fanOutMsPerDelivery: (liveCpu - quietCpu) / (CHANGES * AGENTS) };
  log(`burst with ${AGENTS} sockets: ${fmt(live.wallMs, 0)} ms, workerd CPU ${liveCpu} ms; ${fromResponse.length} of ${CHANGES * AGENTS} deliveries`);

  // 6. Idle with the sockets open: hibernated, they should cost what no sockets cost.
  await sleep(12_000); // past the runtime's hibernation delay
  idleCpu = sample();
  await sleep(IDLE_MS);
  const idleOpen = cpuSinceSample(idleCpu);
  const stillOpen = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  results.idle = { seconds: IDLE_MS / 1000, workerdCpuMsNoSockets: idleNone, workerdCpuMsWithSockets: idleOpen, socketsStillOpen: stillOpen };
  log(`idle ${IDLE_MS / 1000} s with ${stillOpen} sockets open: workerd CPU ${idleOpen} ms`);
  results.loadAfter = uptime();

  const l = results.latency;
  console.log(`
Live workspace: ${AGENTS} agents connected, ${CHANGES} changes (PATCH, ${IN_FLIGHT} in flight), commit ${results.commit} (${results.bundled})
| measure | value |
|---|---|
| deliveries (changes × agents) | ${l.deliveries} of ${l.expected}${l.missing ? ` (${l.missing} missing)` : ""} |
| the write's timestamp (before its commit) → agent receives, p50 / p95 / max | ${fmt(l.fromWriteMs.p50)} / ${fmt(l.fromWriteMs.p95)} / ${fmt(l.fromWriteMs.max)} ms |
| API response → agent receives (negative: the event came first), p50 / p95 / max | ${fmt(l.fromResponseMs.p50)} / ${fmt(l.fromResponseMs.p95)} / ${fmt(l.fromResponseMs.max)} ms |
| request start → agent receives, p50 / p95 / max | ${fmt(l.fromRequestMs.p50)} / ${fmt(l.fromRequestMs.p95)} / ${fmt(l.fromRequestMs.max)} ms |
| workerd CPU per change, ${AGENTS} sockets open | ${fmt(results.cpuPerEvent.totalMsPerChange, 2)} ms |
| workerd CPU per change, no sockets | ${fmt(quietCpu / CHANGES, 2)} ms |
| fan-out (the Durable Object's share) per event / per delivery | ${fmt(results.cpuPerEvent.fanOutMsPerEvent, 2)} / ${fmt(results.cpuPerEvent.fanOutMsPerDelivery, 3)} ms |
| workerd CPU over ${IDLE_MS / 1000} s idle: no sockets / ${stillOpen} hibernated sockets | ${idleNone} / ${idleOpen} ms |
load before: ${results.loadBefore}
load after:  ${results.loadAfter}
goal (issue 12): p95 ≤ 500 ms from commit to every client (bounded above by the write's timestamp, taken before the commit) — ${l.fromWriteMs.p95 !== null && l.fromWriteMs.p95 <= 500 && !l.missing ? "met" : "NOT met"}`);
  const out = resolve(opts.json);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2));
  log(`results in ${out}`);
  if (l.missing) process.exitCode = 1;
} catch (error) {
  console.error(error?.stack ?? error);
  if (kefu) console.error(kefu.log().slice(-3000));
  process.exitCode = 1;
} finally {
  for (const ws of sockets) ws.close();
  await stopDev(kefu);
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
}
