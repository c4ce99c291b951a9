import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Tests run inside workerd against a real local D1 and R2; storage is isolated per test file.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./schema/migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, JWT_SECRET: "test-secret-not-for-production-0123456789", DEV_OUTBOX: "on" },
          // A database with no migrations applied, for the migration tests.
          d1Databases: ["MIGRATION_DB"],
        },
      }),
    ],
    test: {
      setupFiles: ["./test/setup/apply-migrations.ts"],
      include: ["test/**/*.test.ts"],
    },
  };
});
