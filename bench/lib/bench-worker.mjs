// The real Worker as the benchmarks run it: bundled once by `wrangler deploy --dry-run` (so edits
// to the tree during a run do not reload it) and a wrangler config that runs that bundle with the
// migrations as they are now. Shared by bench/run-api-bench.mjs and bench/run-js-profile.mjs.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, wrangler } from "./wrangler.mjs";

/**
 * Bundles the working tree into `work`/bundle; if it does not build (someone is mid-edit), the last
 * commit instead (`git archive HEAD` into `work`/head, with this checkout's node_modules).
 * Returns wrangler's output, what was bundled, and the source directory of that bundle.
 */
export function bundleWorker(work, log) {
  try {
    const out = wrangler(["deploy", "--dry-run", "--outdir", join(work, "bundle")], "bundling the Worker");
    return { out, bundled: "working tree", source: ROOT };
  } catch (error) {
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
    log(`the working tree does not build; bundling commit ${commit} instead\n${String(error).slice(0, 600)}`);
    const head = join(work, "head");
    mkdirSync(head);
    const archive = spawnSync("sh", ["-c", `git archive HEAD | tar -x -C '${head}'`], { encoding: "utf8" });
    if (archive.status !== 0) throw new Error(`git archive: ${archive.stderr}`);
    symlinkSync(join(ROOT, "node_modules"), join(head, "node_modules"));
    mkdirSync(join(head, "dist", "web"), { recursive: true }); // the config names the app's assets; the API needs none
    const out = wrangler(["deploy", "--dry-run", "--outdir", join(work, "bundle"), "-c", join(head, "wrangler.toml")], "bundling the last commit");
    return { out, bundled: `commit ${commit} (the working tree did not build)`, source: head };
  }
}

/** Writes `work`/wrangler.toml (the bundle, no cron triggers) and `work`/.dev.vars; returns the config's path. */
export function benchConfig(work, source, jwtSecret) {
  cpSync(join(source, "schema", "migrations"), join(work, "migrations"), { recursive: true });
  const assets = join(ROOT, "dist", "web");
  if (!existsSync(assets)) mkdirSync(join(work, "assets"), { recursive: true });
  const toml = readFileSync(join(source, "wrangler.toml"), "utf8")
    .replace(/^main = .*$/m, 'main = "bundle/main.js"\nno_bundle = true')
    .replace(/^migrations_dir = .*$/m, 'migrations_dir = "migrations"')
    .replace(/^directory = "dist\/web"$/m, `directory = ${JSON.stringify(existsSync(assets) ? assets : join(work, "assets"))}`)
    .replace(/^\[triggers\][\s\S]*?(?=^\[)/m, "");
  const config = join(work, "wrangler.toml");
  writeFileSync(config, toml);
  writeFileSync(join(work, ".dev.vars"), `JWT_SECRET=${jwtSecret}\n`);
  return config;
}
