// npm run bench: email ingestion through wrangler dev's local email endpoint, for Kefu and for a
// floor Worker that only stores the raw bytes, in the same run. Reports messages per second,
// latency, and CPU per message of the workerd process (from /proc). Bounded: a fixed number of
// messages per kind, then it stops. Then the parse + sanitise step alone, before and after the
// HTML parser change, next to its floor (lib/mail-parse-bench.mjs). `--parse-only` runs just that.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./lib/load.mjs";
import { runMailParseBench } from "./lib/mail-parse-bench.mjs";
import { benchEnv, startDev, stopDev, wrangler } from "./lib/wrangler.mjs";
import { workerdCpuMs } from "./lib/workerd-cpu.mjs";

const PER_KIND = Number(process.env.BENCH_MESSAGES ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const env = { ...benchEnv, JWT_SECRET: "bench-secret-0123456789abcdef0123456789" };

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

async function start(name, args, port) {
  return (await startDev({ name, args, port, env })).child;
}

async function drive(port, to, kind) {
  const bodies = Array.from({ length: PER_KIND }, (_, n) => messageOf(kind, n, to));
  const url = `http://127.0.0.1:${port}/cdn-cgi/handler/email?from=bench%40example.com&to=${encodeURIComponent(to)}`;
  const result = await runLoad({
    count: PER_KIND,
    concurrency: CONCURRENCY,
    maxMs: 600_000,
    request: async (i) => {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "message/rfc822" }, body: bodies[i] });
      await res.text();
      return res.status === 200;
    },
  });
  return { rate: result.rate, p50: result.p50, p99: result.p99, failures: result.failures, bytes: Buffer.byteLength(bodies[0]) };
}

if (!process.argv.includes("--parse-only")) await benchIngestion();
await runMailParseBench();

async function benchIngestion() {
  const stateKefu = mkdtempSync(join(tmpdir(), "kefu-bench-"));
  const stateFloor = mkdtempSync(join(tmpdir(), "kefu-bench-floor-"));
  const children = [];
  try {
    wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateKefu], "applying migrations", env);
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
    await stopDev(...children);
    rmSync(stateKefu, { recursive: true, force: true });
    rmSync(stateFloor, { recursive: true, force: true });
  }
}
