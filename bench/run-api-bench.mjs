// npm run bench (third part): the API under load. Runs the REAL Worker (workers/main.ts, bundled
// once) in `wrangler dev` on a fresh local D1 holding one workspace of 100,000 tickets and nine
// more of 10,000 each, and a floor Worker (bench/floor/: one D1 read, one D1 write, one R2 put per
// mail) beside it, and drives both over loopback with a bounded load generator (a fixed number of
// requests per concurrency level and a time cap per level; it stops by itself). Reports per
// scenario and level: requests per second, p50/p99 latency, workerd CPU per request (from /proc)
// and its ratio to the floor's in the same run — and, for writes and mail, to a floor doing the
// same I/O with no logic (the same round trips, statements, mail and R2 puts); the bundle size (raw and gzip, from
// `wrangler deploy --dry-run`) and startup CPU (`wrangler check startup`, and the workerd CPU of a
// cold start). Prints a table and the targets of issue 6; writes everything as JSON.
//
//   node bench/run-api-bench.mjs [--tickets 100000] [--tenants 10] [--other-tickets 10000]
//                                [--levels 1,4,16] [--reads 200] [--writes 100] [--emails 40]
//                                [--merges 30] [--max-seconds 30] [--json dist/bench-api.json] [--keep]
//
// Seeding is plain SQL through the local D1 (`wrangler d1 execute --local --file`), while the
// Worker is stopped: INSERT … SELECT over recursive CTEs, chunk by chunk, after the workspaces were
// signed up through the API. Inserting the history events fires the search-index trigger, so
// ticket_search is filled the way the application fills it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { mailOf } from "./lib/bench-mail.mjs";
import { bulkComparison, bulkReport, bulkScenarios } from "./lib/bulk-scenarios.mjs";
import { benchConfig, bundleWorker } from "./lib/bench-worker.mjs";
import { runLoad } from "./lib/load.mjs";
import { ROOT, freePort, startDev, stopDev, wrangler } from "./lib/wrangler.mjs";
import { workerdCpuMs } from "./lib/workerd-cpu.mjs";

const { values: opts } = parseArgs({
  options: {
    tickets: { type: "string", default: "100000" },
    tenants: { type: "string", default: "10" },
    "other-tickets": { type: "string" },
    levels: { type: "string", default: "1,4,16" },
    reads: { type: "string", default: "200" },
    writes: { type: "string", default: "100" },
    emails: { type: "string", default: "40" },
    merges: { type: "string", default: "30" },
    "max-seconds": { type: "string", default: "30" },
    chunk: { type: "string", default: "10000" },
    json: { type: "string", default: "dist/bench-api.json" },
    keep: { type: "boolean", default: false },
  },
});
const BIG = Number(opts.tickets);
const TENANTS = Number(opts.tenants);
const OTHER = Number(opts["other-tickets"] ?? Math.round(BIG / 10));
const LEVELS = opts.levels.split(",").map(Number);
const READS = Number(opts.reads);
const WRITES = Number(opts.writes);
const EMAILS = Number(opts.emails);
/** Merges measured per level; each takes a fresh pair of tickets with MERGE_MESSAGES messages each. */
const MERGES = Number(opts.merges);
const MERGE_MESSAGES = 50;
const MERGE_TICKETS = 2 * (MERGES * LEVELS.length + 5); // the 5: the warm-up
const MAX_MS = Number(opts["max-seconds"]) * 1000;
const CHUNK = Number(opts.chunk);
const NOW = Date.now();
const MINUTE = 60_000;
const JWT_SECRET = "bench-only-secret-0123456789abcdef0123456789";
const PASSWORD = "bench password 123";

const fmt = (n, digits = 1) => (typeof n === "number" && Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–");
const log = (line) => console.log(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const T0 = performance.now();

// ---------------------------------------------------------------------------------------------
// The data set
//
// Workspace i (0 = the big one) has tickets k = 0 … n − 1 with id tkt_bench<ii>_<kkkkkk>, one
// customer per ten tickets (with one address), and per ticket: the customer's message, and unless
// the ticket is new an agent's public reply; its history (ticket_created with the subject, status
// set, customer_message, then public_reply and the status change); tags `billing` on every 2nd
// and `vip` on every 5th. Status by k mod 10: 0 new, 1–2 open, 3 pending, 4–6 solved, 7–9
// closed. Search words: "kettle" in the customer's message of 1% of the tickets (k mod 100 = 7),
// "退款" (refund) in another 1% (k mod 100 = 13). Tickets were created 5 minutes apart, the
// newest just before the run.
// ---------------------------------------------------------------------------------------------

const pad = (i) => String(i).padStart(2, "0");
const ticketId = (ti, k) => `tkt_bench${pad(ti)}_${String(k).padStart(6, "0")}`;
const customerId = (ti, c) => `cus_bench${pad(ti)}_${String(c).padStart(6, "0")}`;

function seedSql({ ti, tenantId, ownerId, n, base, from, to }) {
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  const T = q(tenantId);
  const seq = `WITH RECURSIVE s(k) AS (SELECT ${from} UNION ALL SELECT k + 1 FROM s WHERE k + 1 < ${to}),
    t AS (SELECT k, 'tkt_bench${pad(ti)}_' || printf('%06d', k) AS id, 'cus_bench${pad(ti)}_' || printf('%06d', k / 10) AS cus,
      ${NOW} - (${n} - k) * ${5 * MINUTE} AS c,
      CASE WHEN k % 10 = 0 THEN 'new' WHEN k % 10 IN (1, 2) THEN 'open' WHEN k % 10 = 3 THEN 'pending' WHEN k % 10 IN (4, 5, 6) THEN 'solved' ELSE 'closed' END AS status
      FROM s)`;
  const cFrom = Math.floor(from / 10);
  const cTo = Math.ceil(to / 10);
  return [
    `INSERT INTO customers (id, tenant_id, name, tier, notes, created_at, updated_at)
     WITH RECURSIVE s(c) AS (SELECT ${cFrom} UNION ALL SELECT c + 1 FROM s WHERE c + 1 < ${cTo})
     SELECT 'cus_bench${pad(ti)}_' || printf('%06d', c), ${T}, 'Customer ' || c, CASE WHEN c % 50 = 0 THEN 'vip' ELSE 'standard' END, '', ${NOW - 400 * 86_400_000}, ${NOW - 400 * 86_400_000} FROM s;`,
    `INSERT INTO customer_emails (tenant_id, email, customer_id, is_primary, created_at)
     SELECT tenant_id, 'customer' || substr(id, -6) || '@bench${pad(ti)}.example', id, 1, created_at FROM customers
     WHERE tenant_id = ${T} AND id >= ${q(customerId(ti, cFrom))} AND id < ${q(customerId(ti, cTo))};`,
    `INSERT INTO tickets (id, tenant_id, number, subject, status, priority, type, channel, requester_id, assignee_id, created_at, updated_at, first_response_at, solved_at, closed_at, survey_for_solve)
     ${seq} SELECT id, ${T}, ${base} + k + 1, 'Order question ' || k, status, CASE WHEN k % 7 = 0 THEN 'high' ELSE 'normal' END, 'question', 'email', cus,
       CASE WHEN k % 2 = 0 THEN ${q(ownerId)} END, c,
       c + CASE WHEN status = 'new' THEN 0 ELSE ${30 * MINUTE} END,
       CASE WHEN status <> 'new' THEN c + ${30 * MINUTE} END,
       CASE WHEN status IN ('solved', 'closed') THEN c + ${30 * MINUTE} END,
       CASE WHEN status = 'closed' THEN c + ${30 * MINUTE} END,
       CASE WHEN status = 'closed' THEN c + ${30 * MINUTE} END FROM t;`,
    `INSERT INTO messages (id, tenant_id, ticket_id, kind, author_customer_id, author_user_id, body_text, from_address, created_at)
     ${seq} SELECT 'msg_bench${pad(ti)}_' || printf('%06d', k), ${T}, id, 'customer', cus, NULL,
       'Hello, I have a question about my order ' || k || '. ' ||
       CASE WHEN k % 100 = 7 THEN 'The kettle arrived with a crack in the lid.' WHEN k % 100 = 13 THEN '我想申请退款，茶叶的包装破了。' ELSE 'When will it be delivered? Thanks.' END,
       'customer' || printf('%06d', k / 10) || '@bench${pad(ti)}.example', c FROM t;`,
    `INSERT INTO messages (id, tenant_id, ticket_id, kind, author_customer_id, author_user_id, body_text, created_at)
     ${seq} SELECT 'msr_bench${pad(ti)}_' || printf('%06d', k), ${T}, id, 'reply', NULL, ${q(ownerId)}, 'Thank you for writing, we are looking into order ' || k || '.', c + ${30 * MINUTE} FROM t WHERE status <> 'new';`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${seq} SELECT ${T}, id, 'ticket_created', 'customer', cus, 'subject', NULL, 'Order question ' || k, NULL, c FROM t;`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${seq} SELECT ${T}, id, 'field_change', 'customer', cus, 'status', NULL, 'new', NULL, c FROM t;`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${seq} SELECT ${T}, id, 'customer_message', 'customer', cus, NULL, NULL, NULL, 'msg_bench${pad(ti)}_' || printf('%06d', k), c FROM t;`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${seq} SELECT ${T}, id, 'public_reply', 'agent', ${q(ownerId)}, NULL, NULL, NULL, 'msr_bench${pad(ti)}_' || printf('%06d', k), c + ${30 * MINUTE} FROM t WHERE status <> 'new';`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${seq} SELECT ${T}, id, 'field_change', 'agent', ${q(ownerId)}, 'status', 'new', status, NULL, c + ${30 * MINUTE} FROM t WHERE status <> 'new';`,
    `INSERT INTO ticket_tags (tenant_id, ticket_id, tag)
     ${seq}, tag(name, every) AS (VALUES ('billing', 2), ('vip', 5)) SELECT ${T}, id, name FROM t, tag WHERE k % every = 0;`,
  ];
}

/**
 * The merge scenario's tickets in the big workspace: open tickets tkt_benchmg_<jjjjjj> (numbers
 * after the others), each with MERGE_MESSAGES messages alternating customer message and public
 * reply (each emailed: a Message-ID) and their history; ticket 2p + 1 is merged into 2p.
 */
function mergeTicketsSql({ tenantId, ownerId, base, customers }) {
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  const T = q(tenantId);
  const tickets = `WITH RECURSIVE s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j + 1 < ${MERGE_TICKETS}),
    t AS (SELECT j, 'tkt_benchmg_' || printf('%06d', j) AS id, 'cus_bench00_' || printf('%06d', j % ${customers}) AS cus, ${NOW} - ${MERGE_MESSAGES + 10} * ${MINUTE} AS c FROM s)`;
  const withMessages = `${tickets}, r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < ${MERGE_MESSAGES}),
    m AS (SELECT t.*, i, 'msg_benchmg_' || printf('%06d_%02d', j, i) AS mid, i % 2 = 0 AS fromCustomer, c + i * ${MINUTE} AS at FROM t, r)`;
  return [
    `INSERT INTO tickets (id, tenant_id, number, subject, status, priority, type, channel, requester_id, created_at, updated_at, first_response_at)
     ${tickets} SELECT id, ${T}, ${base} + j + 1, 'Merge me ' || j, 'open', 'normal', 'question', 'email', cus, c, c + ${MERGE_MESSAGES} * ${MINUTE}, c + ${MINUTE} FROM t;`,
    `INSERT INTO messages (id, tenant_id, ticket_id, kind, author_customer_id, author_user_id, body_text, email_message_id, created_at)
     ${withMessages} SELECT mid, ${T}, id, CASE WHEN fromCustomer THEN 'customer' ELSE 'reply' END, CASE WHEN fromCustomer THEN cus END, CASE WHEN fromCustomer THEN NULL ELSE ${q(ownerId)} END,
       'Message ' || i || ' about the order in ticket ' || j || '.', 'mg' || j || '.' || i || '@bench.example', at FROM m;`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${tickets} SELECT ${T}, id, 'ticket_created', 'customer', cus, 'subject', NULL, 'Merge me ' || j, NULL, c FROM t;`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${tickets} SELECT ${T}, id, 'field_change', 'agent', ${q(ownerId)}, 'status', 'new', 'open', NULL, c + ${MINUTE} FROM t;`,
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${withMessages} SELECT ${T}, id, CASE WHEN fromCustomer THEN 'customer_message' ELSE 'public_reply' END, CASE WHEN fromCustomer THEN 'customer' ELSE 'agent' END,
       CASE WHEN fromCustomer THEN cus ELSE ${q(ownerId)} END, NULL, NULL, NULL, mid, at FROM m;`,
  ];
}
const mergeTicketId = (j) => `tkt_benchmg_${String(j).padStart(6, "0")}`;

// ---------------------------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), "kefu-api-bench-"));
const results = { startedAt: new Date().toISOString(), machine: "2 cores shared with other agents' test runs", options: { tickets: BIG, tenants: TENANTS, otherTickets: OTHER, levels: LEVELS, reads: READS, writes: WRITES, emails: EMAILS, maxSeconds: MAX_MS / 1000 }, rows: [] };
let kefu = null;
let floor = null;
try {
  results.commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  results.dirty = spawnSync("git", ["status", "--porcelain", "--", "workers", "schema"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);

  // 1. The bundle: the real Worker as `wrangler deploy --dry-run` builds it, and its size.
  //    If the working tree does not build (someone is mid-edit), the last commit is bundled instead:
  //    `git archive HEAD` into the work directory, with this checkout's node_modules.
  const bundle = bundleWorker(work, log);
  const bundleOut = bundle.out;
  results.bundled = bundle.bundled;
  const size = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(bundleOut);
  results.bundle = size ? { rawKiB: Number(size[1]), gzipKiB: Number(size[2]) } : { error: bundleOut.slice(-2000) };
  log(`bundle: ${size ? `${size[1]} KiB raw, ${size[2]} KiB gzip` : "size not found in wrangler's output"}`);

  // 2. A config that runs that bundle (edits to the tree during the run do not reload it), the
  //    migrations as they are now, and a fresh state.
  const config = benchConfig(work, bundle.source, JWT_SECRET);
  // Startup CPU as wrangler profiles it (`wrangler check startup` on the bundle through that config).
  // Three runs (it is noisy on a shared machine); the median of "Active" is reported.
  const profiles = [];
  for (let i = 0; i < 3; i++) {
    try {
      const out = wrangler(["check", "startup", "-c", config, "--outfile", join(work, `startup-${i}.cpuprofile`)], "wrangler check startup");
      const active = /Active:\s*([\d.]+)\s*ms/.exec(out);
      const sampled = /Sampled time:\s*([\d.]+)\s*ms/.exec(out);
      if (active) profiles.push({ activeMs: Number(active[1]), sampledMs: sampled ? Number(sampled[1]) : null });
    } catch (error) {
      results.startupProfileError = String(error).slice(0, 1000);
    }
  }
  const sortedActive = profiles.map((p) => p.activeMs).sort((x, y) => x - y);
  results.startupProfile = { runs: profiles, activeMs: sortedActive[Math.floor(sortedActive.length / 2)] ?? null, sampledMs: profiles.map((p) => p.sampledMs).sort((x, y) => x - y)[Math.floor(profiles.length / 2)] ?? null };
  log(`startup profile: ${JSON.stringify(results.startupProfile)}`);

  const state = join(work, "state");
  const floorState = join(work, "floor-state");
  const floorConfig = join(ROOT, "bench", "floor", "wrangler.toml");
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", config], "applying migrations");
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", floorState, "-c", floorConfig], "applying the floor's migration");
  const kefuArgs = ["-c", config, "--persist-to", state];
  const port = await freePort();
  const api = `http://127.0.0.1:${port}/api/v1`;

  // 4. The workspaces, signed up through the API.
  kefu = await startDev({ name: "kefu", args: kefuArgs, port });
  const workspaces = [];
  for (let ti = 0; ti < TENANTS; ti++) {
    const res = await fetch(`${api}/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": `192.0.2.${ti + 1}` },
      body: JSON.stringify({ tenantName: `Bench ${ti}`, slug: `bench-${pad(ti)}`, name: "Owner", email: `owner@bench${pad(ti)}.example`, password: PASSWORD }),
    });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`signup ${ti}: ${res.status} ${JSON.stringify(body)}`);
    workspaces.push({ ti, tenantId: body.workspace.id, ownerId: body.user.id, slug: body.workspace.slug, supportAddress: body.workspace.supportAddress, n: ti === 0 ? BIG : OTHER });
  }
  await stopDev(kefu);
  kefu = null;
  log(`signed up ${TENANTS} workspaces`);

  // 5. Seeding, chunk by chunk, with the Worker stopped.
  const d1Query = (sql, what) => {
    const out = wrangler(["d1", "execute", "DB", "--local", "--persist-to", state, "-c", config, "--json", "--command", sql], what);
    return JSON.parse(out.slice(out.indexOf("["), out.lastIndexOf("]") + 1))[0].results;
  };
  const numbers = d1Query("SELECT id, last_ticket_number AS n FROM tenants", "reading ticket numbers");
  const seedStarted = performance.now();
  for (const w of workspaces) {
    const base = numbers.find((r) => r.id === w.tenantId)?.n ?? 0;
    const t0 = performance.now();
    const statements = [];
    for (let from = 0; from < w.n; from += CHUNK) statements.push(...seedSql({ ...w, base, from, to: Math.min(w.n, from + CHUNK) }));
    const merging = w.ti === 0 ? MERGE_TICKETS : 0;
    if (merging) statements.push(...mergeTicketsSql({ ...w, base: base + w.n, customers: Math.max(1, Math.ceil(w.n / 10)) }));
    statements.push(`UPDATE tenants SET last_ticket_number = ${base + w.n + merging} WHERE id = '${w.tenantId}';`);
    const file = join(work, `seed-${w.ti}.sql`);
    writeFileSync(file, statements.join("\n"));
    wrangler(["d1", "execute", "DB", "--local", "--persist-to", state, "-c", config, "--yes", "--file", file], `seeding workspace ${w.ti}`);
    log(`  workspace ${w.ti}: ${w.n.toLocaleString("en-US")} tickets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  results.seedSeconds = (performance.now() - seedStarted) / 1000;
  const countSql = ["tenants", "customers", "tickets", "messages", "ticket_events", "ticket_tags", "ticket_search"].map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(", ");
  results.dataset = d1Query(`SELECT ${countSql}`, "counting")[0];
  results.databaseMiB = Number((spawnSync("du", ["-sm", state], { encoding: "utf8" }).stdout.split("\t")[0] || 0));
  log(`seeded in ${results.seedSeconds.toFixed(1)} s: ${JSON.stringify(results.dataset)}, state ${results.databaseMiB} MiB`);

  // 6. Cold start: both Workers, and the workerd CPU until they answered, then the first API request.
  const floorPort = await freePort();
  floor = await startDev({ name: "floor", args: ["-c", floorConfig, "--persist-to", floorState], port: floorPort });
  const floorReadyCpu = workerdCpuMs(floor.child.pid);
  kefu = await startDev({ name: "kefu", args: kefuArgs, port });
  const kefuReadyCpu = workerdCpuMs(kefu.child.pid);
  const big = workspaces[0];
  let token = await login(api, big.slug, big.ti);
  const auth = () => ({ authorization: `Bearer ${token}` });
  const firstCpu0 = workerdCpuMs(kefu.child.pid);
  const firstRes = await fetch(`${api}/tickets/${ticketId(0, 1)}`, { headers: auth() });
  await firstRes.text();
  const firstCpu = workerdCpuMs(kefu.child.pid) - firstCpu0;
  results.coldStart = { kefuWorkerdCpuAtReadyMs: kefuReadyCpu, floorWorkerdCpuAtReadyMs: floorReadyCpu, firstTicketGetCpuMs: firstCpu, note: "workerd CPU from process start until `/` answered (wrangler dev, includes workerd's own start); the login before the first ticket read is not included" };
  log(`cold start: workerd CPU at ready kefu ${kefuReadyCpu} ms, floor ${floorReadyCpu} ms; first ticket read after login ${firstCpu} ms`);

  // 7. The scenarios.
  const floorBase = `http://127.0.0.1:${floorPort}`;
  const rand = (n) => Math.floor(Math.random() * n);
  const openish = () => {
    for (;;) {
      const k = rand(BIG);
      if ([1, 2, 3].includes(k % 10)) return k;
    }
  };
  const ok = async (res, want = 200) => {
    await res.arrayBuffer();
    return res.status === want;
  };
  const firstPage = await (await fetch(`${api}/tickets?status=open&limit=25`, { headers: auth() })).json();
  const cursor = firstPage.nextCursor;
  if (!cursor) throw new Error(`no nextCursor in the first page: ${JSON.stringify(firstPage).slice(0, 300)}`);
  const floorRead = { name: "floor: one D1 read", count: READS, request: async () => ok(await fetch(`${floorBase}/read?id=${1 + rand(1000)}`)) };
  const floorWrite = { name: "floor: one D1 write", count: WRITES, request: async () => ok(await fetch(`${floorBase}/write`, { method: "POST", body: "a reply of about this length" }), 201) };
  // The same-I/O floor of a write: its round trips and statements as the D1 recorder counts them in
  // steady state in a workspace without an SLA policy, as the bench's (2026-12-06), and the mail it
  // sends, with no logic (bench/floor).
  const floorIo = (count, { trips, statements, mails = 0 }) => ({
    name: `floor: the same I/O (${trips} round trips, ${statements} statements${mails ? `, ${mails} mail` : ""})`,
    count,
    request: async () => ok(await fetch(`${floorBase}/io?trips=${trips}&statements=${statements}&mails=${mails}`, { method: "POST" }), 201),
  });
  const emailTo = big.supportAddress;
  const mails = {};
  /** `io`: for the floor, the I/O of Kefu's handling of this mail (floorIo), sent as the floor's X-Floor-Io header. */
  const mailScenario = (kind, target, address, count, io) => {
    mails[kind] ??= Array.from({ length: count * (LEVELS.length + 1) + 10 }, (_, n) => mailOf(kind, n, emailTo, NOW));
    let used = 0;
    const floorMail = io ? `X-Floor-Io: trips=${io.trips};statements=${io.statements};mails=${io.mails};puts=${io.puts}\r\n${mails[kind][0]}` : mails[kind][0];
    return {
      count,
      ...(io ? { name: `floor: the same I/O (R2 ${io.puts} put${io.puts > 1 ? "s" : ""}, ${io.trips} round trips, ${io.statements} statements, ${io.mails} mail)` } : {}),
      bytes: Buffer.byteLength(mails[kind][0]),
      request: async () => {
        const body = target === "floor" ? floorMail : mails[kind][used++];
        return ok(await fetch(`${address}/cdn-cgi/handler/email?from=customer%40bench00.example&to=${encodeURIComponent(target === "floor" ? "floor@bench.example" : emailTo)}`, { method: "POST", headers: { "content-type": "message/rfc822" }, body }));
      },
    };
  };
  const kefuBase = `http://127.0.0.1:${port}`;
  const scenarios = [
    { name: "get ticket", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets/${ticketId(0, rand(BIG))}`, { headers: auth() })) } },
    { name: "list open, page 1 (25)", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets?status=open&limit=25`, { headers: auth() })) } },
    { name: "list open, page 2 (cursor)", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets?status=open&limit=25&cursor=${encodeURIComponent(cursor)}`, { headers: auth() })) } },
    { name: "search 'kettle' (1%)", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets?q=kettle&limit=25`, { headers: auth() })) } },
    { name: "search '退款' (1%)", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets?q=${encodeURIComponent("退款")}&limit=25`, { headers: auth() })) } },
    // The one search box over requester fields: a customer's address (their ~10 tickets) and a ticket number.
    { name: "search a requester's email", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets?q=${encodeURIComponent(`customer${String(rand(Math.ceil(BIG / 10))).padStart(6, "0")}@bench00.example`)}&limit=25`, { headers: auth() })) } },
    { name: "search '#number'", floor: floorRead, kefu: { count: READS, request: async () => ok(await fetch(`${api}/tickets?q=${encodeURIComponent(`#${1 + rand(BIG)}`)}&limit=25`, { headers: auth() })) } },
    {
      name: "create ticket",
      floor: floorWrite,
      io: floorIo(WRITES, { trips: 2, statements: 7 }),
      kefu: {
        count: WRITES,
        request: async (i) =>
          ok(
            await fetch(`${api}/tickets`, {
              method: "POST",
              headers: { ...auth(), "content-type": "application/json" },
              body: JSON.stringify({ subject: `Bench ticket ${i}`, description: "The tea arrived but the box was open. Can you send a new one?", requester: { id: customerId(0, rand(Math.ceil(BIG / 10))) }, tags: ["bench"] }),
            }),
            201,
          ),
      },
    },
    {
      name: "public reply",
      floor: floorWrite,
      io: floorIo(WRITES, { trips: 3, statements: 15, mails: 1 }),
      kefu: {
        count: WRITES,
        request: async () =>
          ok(await fetch(`${api}/tickets/${ticketId(0, openish())}/messages`, { method: "POST", headers: { ...auth(), "content-type": "application/json" }, body: JSON.stringify({ kind: "reply", body: "Thanks for your patience, a new box is on its way." }) }), 201),
      },
    },
    {
      name: `merge 2 tickets × ${MERGE_MESSAGES} messages`,
      floor: floorWrite,
      io: floorIo(MERGES, { trips: 2, statements: 16 }),
      kefu: {
        count: MERGES,
        request: (() => {
          let pair = 0;
          return async () => {
            const p = pair++;
            const body = JSON.stringify({ sourceIds: [mergeTicketId(2 * p + 1)] });
            return ok(await fetch(`${api}/tickets/${mergeTicketId(2 * p)}/merge`, { method: "POST", headers: { ...auth(), "content-type": "application/json" }, body }));
          };
        })(),
      },
    },
    ...bulkScenarios({ api, auth, ok, openish, ticketAt: (k) => ticketId(0, k), floorWrite, patchIo: floorIo(WRITES, { trips: 2, statements: 5 }), writes: WRITES }),
    {
      name: "email 2 KB",
      floor: mailScenario("text-2KB", "floor", floorBase, EMAILS),
      io: mailScenario("text-2KB", "floor", floorBase, EMAILS, { puts: 1, trips: 5, statements: 17, mails: 1 }),
      kefu: mailScenario("text-2KB", "kefu", kefuBase, EMAILS),
    },
    {
      name: "email 100 KB",
      floor: mailScenario("pdf-100KB", "floor", floorBase, Math.ceil(EMAILS / 2)),
      io: mailScenario("pdf-100KB", "floor", floorBase, Math.ceil(EMAILS / 2), { puts: 2, trips: 5, statements: 18, mails: 1 }),
      kefu: mailScenario("pdf-100KB", "kefu", kefuBase, Math.ceil(EMAILS / 2)),
    },
  ];

  for (const scenario of scenarios) {
    token = await refresh(api, token);
    for (const [worker, dev] of [["floor", floor], ["io", floor], ["kefu", kefu]]) {
      const s = scenario[worker];
      if (!s) continue;
      await runLoad({ count: 5, concurrency: 1, maxMs: MAX_MS, request: s.request }); // warm-up, not measured
      for (const concurrency of LEVELS) {
        const cpu0 = workerdCpuMs(dev.child.pid);
        const r = await runLoad({ count: s.count, concurrency, maxMs: MAX_MS, request: s.request });
        const cpu = (workerdCpuMs(dev.child.pid) - cpu0) / r.done;
        const row = { scenario: scenario.name, worker, floorName: worker === "kefu" ? null : (s.name ?? "floor: R2 put of the raw mail"), concurrency, ...r, cpuMsPerRequest: cpu, bytes: s.bytes ?? null };
        if (worker !== "floor") {
          const f = results.rows.find((x) => x.scenario === scenario.name && x.worker === "floor" && x.concurrency === concurrency);
          row.floorRatio = f ? cpu / f.cpuMsPerRequest : null;
        }
        if (worker === "kefu") {
          const same = results.rows.find((x) => x.scenario === scenario.name && x.worker === "io" && x.concurrency === concurrency);
          row.ioRatio = same ? cpu / same.cpuMsPerRequest : null;
        }
        results.rows.push(row);
        log(`${scenario.name.padEnd(28)} ${worker.padEnd(5)} c=${String(concurrency).padEnd(2)} ${r.done} req, ${fmt(r.rate)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, CPU ${fmt(cpu, 2)} ms/req${row.floorRatio ? ` (${fmt(row.floorRatio, 2)}× floor${row.ioRatio ? `, ${fmt(row.ioRatio, 2)}× the same I/O` : ""})` : ""}${r.failures ? `, ${r.failures} FAILED (${r.firstError ?? "status"})` : ""}${r.capped ? " (time cap)" : ""}`);
      }
    }
  }

  // The local price of one D1 round trip, to read the ratios by: the floor reading 1, 2 and 4 rows
  // one after another (each a round trip to local D1, whose work is in workerd's CPU too).
  results.roundTrips = [];
  for (const trips of [1, 2, 4]) {
    const request = async () => ok(await fetch(`${floorBase}/read?id=${1 + rand(900)}&trips=${trips}`));
    await runLoad({ count: 5, concurrency: 1, maxMs: MAX_MS, request });
    const cpu0 = workerdCpuMs(floor.child.pid);
    const r = await runLoad({ count: READS, concurrency: 1, maxMs: MAX_MS, request });
    results.roundTrips.push({ trips, cpuMsPerRequest: (workerdCpuMs(floor.child.pid) - cpu0) / r.done });
  }
  log(`floor, sequential D1 reads per request: ${results.roundTrips.map((x) => `${x.trips} → ${fmt(x.cpuMsPerRequest, 2)} ms`).join(", ")}`);

  results.bulk = bulkComparison(results.rows);
  report(results);
  mkdirSync(dirname(resolve(opts.json)), { recursive: true });
  writeFileSync(resolve(opts.json), JSON.stringify(results, null, 1));
  console.log(`\nWrote ${resolve(opts.json)}`);
} finally {
  await stopDev(kefu, floor);
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

async function login(api, slug, ti) {
  const res = await fetch(`${api}/auth/login`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.200" }, body: JSON.stringify({ workspace: slug, email: `owner@bench${pad(ti)}.example`, password: PASSWORD }) });
  const body = await res.json();
  if (!res.ok) throw new Error(`login: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

async function refresh(api, token) {
  const res = await fetch(`${api}/auth/refresh`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  if (!res.ok) throw new Error(`refresh: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

function report(r) {
  const d = r.dataset;
  console.log(`\n## API under load (commit ${r.commit}; bundled: ${r.bundled}${r.dirty.length && r.bundled === "working tree" ? ", with uncommitted changes in workers/ or schema/" : ""}; ${r.machine})\n`);
  console.log(`Data set: ${fmt(d.tenants, 0)} workspaces, ${fmt(d.tickets, 0)} tickets (${fmt(r.options.tickets, 0)} in the measured one), ${fmt(d.customers, 0)} customers, ${fmt(d.messages, 0)} messages, ${fmt(d.ticket_events, 0)} events, ${fmt(d.ticket_tags, 0)} tags, ${fmt(d.ticket_search, 0)} search rows; state ${r.databaseMiB} MiB; seeded in ${fmt(r.seedSeconds)} s.`);
  console.log(`Bundle: ${fmt(r.bundle.rawKiB, 2)} KiB raw, ${fmt(r.bundle.gzipKiB, 2)} KiB gzip. Startup (wrangler check startup, median of ${r.startupProfile.runs.length}): ${fmt(r.startupProfile.activeMs)} ms active CPU (runs: ${r.startupProfile.runs.map((p) => p.activeMs).join(", ")} ms). Cold start: workerd CPU at ready ${r.coldStart.kefuWorkerdCpuAtReadyMs} ms (floor ${r.coldStart.floorWorkerdCpuAtReadyMs} ms); first ticket read ${r.coldStart.firstTicketGetCpuMs} ms CPU.\n`);
  console.log("| scenario | conc. | worker | requests | req/s | p50 ms | p99 ms | workerd CPU ms/req | CPU vs floor | CPU vs the same I/O | failures |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const x of r.rows)
    console.log(
      `| ${x.scenario}${x.bytes ? ` (${fmt(x.bytes / 1024)} KB)` : ""} | ${x.concurrency} | ${x.worker === "kefu" ? "kefu" : x.floorName} | ${x.done}${x.capped ? " (time cap)" : ""} | ${fmt(x.rate)} | ${fmt(x.p50)} | ${fmt(x.p99)} | ${fmt(x.cpuMsPerRequest, 2)} | ${x.worker === "floor" ? "1.00×" : `${fmt(x.floorRatio, 2)}×`} | ${x.worker === "io" ? "1.00×" : x.ioRatio ? `${fmt(x.ioRatio, 2)}×` : "–"} | ${x.failures} |`,
    );
  // The targets of issue 6, estimated (not asserted).
  const kefuRows = r.rows.filter((x) => x.worker === "kefu");
  const byScenario = [...new Set(kefuRows.map((x) => x.scenario))];
  console.log("\nTargets (estimates; workerd CPU includes local SQLite and wrangler's proxy, see docs/benchmarks.md):\n");
  console.log("| scenario | CPU ms/req at c=1 | max over levels | minus floor (c=1) | × floor (c=1) | × the same I/O (c=1) | ≤ 10 ms? | read p99 ms (c=1 / max) | < 50 ms? |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const name of byScenario) {
    const rows = kefuRows.filter((x) => x.scenario === name);
    const one = rows.find((x) => x.concurrency === Math.min(...LEVELS)) ?? rows[0];
    const f = r.rows.find((x) => x.scenario === name && x.worker === "floor" && x.concurrency === one.concurrency);
    const maxCpu = Math.max(...rows.map((x) => x.cpuMsPerRequest));
    const read = /^(get|list|search)/.test(name);
    const maxP99 = Math.max(...rows.map((x) => x.p99));
    console.log(
      `| ${name} | ${fmt(one.cpuMsPerRequest, 2)} | ${fmt(maxCpu, 2)} | ${fmt(one.cpuMsPerRequest - (f?.cpuMsPerRequest ?? 0), 2)} | ${fmt(one.floorRatio, 2)}× | ${one.ioRatio ? `${fmt(one.ioRatio, 2)}×` : "–"} | ${one.cpuMsPerRequest <= 10 ? "yes" : "no"} | ${read ? `${fmt(one.p99)} / ${fmt(maxP99)}` : "–"} | ${read ? (one.p99 < 50 ? (maxP99 < 50 ? "yes" : "at c=1 only") : "no") : "–"} |`,
    );
  }
  for (const line of bulkReport(r.bulk ?? [], fmt)) console.log(line);
  const [one, , four] = r.roundTrips;
  console.log(`\nThe local price of a D1 round trip (the floor reading 1, 2, 4 rows one after another at c=1: ${r.roundTrips.map((x) => `${fmt(x.cpuMsPerRequest, 2)}`).join(" / ")} ms): ${fmt((four.cpuMsPerRequest - one.cpuMsPerRequest) / 3, 2)} ms of workerd CPU per extra round trip.`);
  console.log(`\nGzip bundle ${fmt(r.bundle.gzipKiB, 2)} KiB < 500 KiB: ${r.bundle.gzipKiB < 500 ? "yes" : "no"}.`);
}
