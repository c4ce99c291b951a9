import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

/** The shared email corpus (beside the repository), as raw bytes in base64: never decoded to text. */
function readEmailCorpus(dir = "../shared/corpus/email") {
  if (!existsSync(`${dir}/manifest.json`))
    throw new Error(`The email tests need the shared corpus at ${dir} (the project's shared/ folder beside this repository)`);
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8"));
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith(".eml")).map((f) => [f, readFileSync(`${dir}/${f}`).toString("base64")]));
  return { manifest, files };
}

// Three projects. "logic": pure functions (test/core — SLA math, threading rules, matching) run in
// Node, all files in one worker (`isolate: false`: a fresh one per file spent longer importing
// than testing); the functions keep no state between calls. "logic-web": test/core/*.web.test.ts,
// the web app's modules, which hold app state (signals, the locale, stubbed localStorage), so each
// file still gets fresh modules. "workers": everything that
// touches the runtime — routes, D1, R2, Durable Objects, the email() handler, the mail corpus —
// runs inside workerd against real local bindings. Its files share one runtime (`isolate: false`:
// a fresh one per file cost ~5 s to start and load the Worker), and test/setup/fresh-storage.ts
// gives each file empty storage with the migrations applied, as a fresh runtime did.
// No test may fail because the machine is slow (CI: 2 cores, other runs beside it). Every test
// gets a minute and every hook three; the suites that loop over the whole API or a corpus
// (fuzz-*, bad-input, tenant-isolation, xss-email, email-corpus) set their own, larger timeouts
// beside the test. A real hang still ends, with the test's name.
const timeouts = { testTimeout: 60_000, hookTimeout: 180_000, teardownTimeout: 60_000 };

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./schema/migrations");
  return {
    test: {
      ...timeouts,
      projects: [
        { test: { name: "logic", include: ["test/core/**/*.test.ts"], exclude: ["test/core/**/*.web.test.ts"], environment: "node", isolate: false, ...timeouts } },
        { test: { name: "logic-web", include: ["test/core/**/*.web.test.ts"], environment: "node", ...timeouts } },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  TEST_EMAIL_CORPUS: readEmailCorpus(),
                  JWT_SECRET: "test-secret-not-for-production-0123456789",
                  DEV_OUTBOX: "on",
                },
                // A database with no migrations applied, for the migration tests.
                d1Databases: ["MIGRATION_DB"],
              },
            }),
          ],
          test: { name: "workers", include: ["test/api/**/*.test.ts", "test/worker/**/*.test.ts"], setupFiles: ["./test/setup/fresh-storage.ts"], isolate: false, ...timeouts },
        },
      ],
    },
  };
});
