// Running wrangler from the benchmarks: one-shot commands, free ports, and `wrangler dev` instances
// that are ready to serve. Shared by the benchmarks in bench/.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = process.cwd();
export const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
export const benchEnv = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

/** Runs `wrangler …args` to completion; throws with its output when it fails. Returns stdout + stderr. */
export function wrangler(args, what, env = benchEnv) {
  const run = spawnSync(process.execPath, [WRANGLER, ...args], { env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status})\n${run.stdout}\n${run.stderr}`);
  return `${run.stdout}\n${run.stderr}`;
}

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts `wrangler dev …args` on 127.0.0.1:`port` and waits until `readyPath` answers (any status
 * below `readyBelow`). Returns the child process and the tail of its log.
 */
export async function startDev({ name = "wrangler dev", args = [], port, env = benchEnv, readyPath = "/", readyBelow = 600, timeoutMs = 120_000 }) {
  const child = spawn(process.execPath, [WRANGLER, "dev", "--port", String(port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false", ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (d) => (log = (log + d).slice(-20_000)); // the send_email simulation logs every mail
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name}: wrangler dev exited\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}${readyPath}`)).status < readyBelow) return { child, port, log: () => log };
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`${name}: not ready\n${log}`);
}

/** Stops wrangler dev instances started by startDev (SIGTERM, then SIGKILL after 1.5 s). */
export async function stopDev(...devs) {
  const children = devs.filter(Boolean).map((d) => d.child ?? d);
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1500));
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}
