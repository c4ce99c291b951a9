// npm run bench: email ingestion through wrangler dev's local email endpoint, for Kefu and for a
// floor Worker that only stores the raw bytes, in the same run. Reports messages per second,
// latency, and CPU per message of the workerd process (from /proc). Bounded: a fixed number of
// messages per kind, then it stops.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PER_KIND = Number(process.env.BENCH_MESSAGES ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const WRANGLER = join(process.cwd(), "node_modules", "wrangler", "bin", "wrangler.js");
const TICK_MS = 10; // /proc times are in clock ticks of 1/100 s on Linux
const env = { ...process.env, JWT_SECRET: "bench-secret-0123456789abcdef0123456789", CI: "true", WRANGLER_SEND_METRICS: "false" };

function messageOf(kind, n, to) {
  const head = [`From: Bench Customer <bench${n % 7}@example.com>`, `To: ${to}`, `Subject: Bench ${kind} ${n}`, `Message-ID: <bench-${kind}-${n}-${Date.now()}@example.com>`, "MIME-Version: 1.0"];
  if (kind === "text") return [...head, "Content-Type: text/plain; charset=utf-8", "", "Hello, my order has not arrived yet. ".repeat(25), ""].join("\r\n");
  if (kind === "html") {
    const html = `<html><body><div style="font-family:Arial">${"<p>Hello <b>team</b>, the <a href='https://shop.example/o/1'>order</a> arrived damaged.</p>".repeat(150)}<img src="https://tracker.example/p.gif"></div></body></html>`;
    return [...head, 'Content-Type: multipart/alternative; boundary="alt"', "", "--alt", "Content-Type: text/plain", "", "Hello team, the order arrived damaged.", "--alt", "Content-Type: text/html; charset=utf-8", "", html, "--alt--", ""].join("\r\n");
  }
  const file = Buffer.alloc(200 * 1024, n % 251).toString("base64").replace(/.{76}/g, "$&\r\n");
  return [...head, 'Content-Type: multipart/mixed; boundary="mix"', "", "--mix", "Content-Type: text/plain", "", "Invoice attached.", "--mix", "Content-Type: application/pdf", 'Content-Disposition: attachment; filename="invoice.pdf"', "Content-Transfer-Encoding: base64", "", file, "--mix--", ""].join("\r\n");
}

function descendants(pid) {
  const children = spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

function workerdCpuMs(rootPid) {
  let ticks = 0;
  for (const pid of descendants(rootPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("workerd")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // process gone
    }
  }
  return ticks * TICK_MS;
}

async function start(name, args, port) {
  const child = spawn(process.execPath, [WRANGLER, "dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name}: wrangler dev exited\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).status < 600) return child;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`${name}: not ready\n${log}`);
}

async function drive(port, to, kind) {
  const bodies = Array.from({ length: PER_KIND }, (_, n) => messageOf(kind, n, to));
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/cdn-cgi/handler/email?from=bench%40example.com&to=${encodeURIComponent(to)}`, { method: "POST", headers: { "content-type": "message/rfc822" }, body });
        await res.text();
        if (res.status !== 200) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rate: PER_KIND / seconds, p50: pick(0.5), p99: pick(0.99), failures, bytes: Buffer.byteLength(bodies[0]) };
}

const stateKefu = mkdtempSync(join(tmpdir(), "kefu-bench-"));
const stateFloor = mkdtempSync(join(tmpdir(), "kefu-bench-floor-"));
const children = [];
try {
  spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", stateKefu], { env, encoding: "utf8" });
  const kefu = await start("kefu", ["--persist-to", stateKefu], 8811);
  children.push(kefu);
  const floor = await start("floor", ["-c", "bench/floor/wrangler.toml", "--persist-to", stateFloor], 8812);
  children.push(floor);
  const signup = await (await fetch("http://127.0.0.1:8811/api/v1/signup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenantName: "Bench", slug: "bench", name: "B", email: "b@bench.example", password: "bench password 123" }) })).json();
  const to = signup.workspace.supportAddress;

  const rows = [];
  for (const kind of ["text", "html", "attachment-200KB"]) {
    const base = kind.startsWith("attachment") ? "attachment" : kind;
    for (const [name, child, port, address] of [["floor", floor, 8812, "floor@bench.example"], ["kefu", kefu, 8811, to]]) {
      await drive(port, address, base); // warm-up round, not measured
      const cpu0 = workerdCpuMs(child.pid);
      const result = await drive(port, address, base);
      const cpu = (workerdCpuMs(child.pid) - cpu0) / PER_KIND;
      rows.push({ kind, worker: name, ...result, cpu });
    }
  }
  console.log(`\nEmail ingestion, ${PER_KIND} messages per kind and worker, concurrency ${CONCURRENCY} (after a warm-up round)\n`);
  console.log("| message | size | worker | msg/s | p50 ms | p99 ms | workerd CPU ms/msg | CPU vs floor | failures |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const floorRow = rows.find((r) => r.kind === row.kind && r.worker === "floor");
    console.log(
      `| ${row.kind} | ${(row.bytes / 1024).toFixed(1)} KB | ${row.worker} | ${row.rate.toFixed(1)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.cpu.toFixed(2)} | ${(row.cpu / floorRow.cpu).toFixed(2)}× | ${row.failures} |`,
    );
  }
} finally {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1500));
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(stateKefu, { recursive: true, force: true });
  rmSync(stateFloor, { recursive: true, force: true });
}
